package synergycppanel

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// The shapes below are what the vendor's own clients (synergycp/scp-php-api
// and synergycp/scp-whmcs-integration) read from the API; SynergyCP
// publishes no schema, so every field is read leniently (ids and flags as
// numbers or strings) and unknown fields are ignored.

// flexString is a JSON string or number, kept as text (SynergyCP ids are
// numbers, billing ids strings, and either may come as the other).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*f = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("want a string or a number, got %s", b)
	}
	*f = flexString(n.String())
	return nil
}

// flexBool is a JSON bool, 0/1 or "0"/"1".
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	switch s {
	case "true", "1":
		*f = true
	case "false", "0", "", "null":
		*f = false
	default:
		return fmt.Errorf("want a boolean, got %s", b)
	}
	return nil
}

// flexInt is a JSON number or numeric string; null is 0.
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("want a number, got %s", b)
	}
	*f = flexInt(n)
	return nil
}

// scpServer is a server of the inventory.
type scpServer struct {
	ID       flexString `json:"id"`
	SrvID    flexString `json:"srv_id"`
	Name     string     `json:"name"`
	Nickname string     `json:"nickname"`
	Billing  *struct {
		ID flexString `json:"id"`
	} `json:"billing"`
	// Usage is the bandwidth this billing period, in bits.
	Usage *struct {
		Used flexInt `json:"used"`
		Max  flexInt `json:"max"`
	} `json:"usage"`
}

func (s *scpServer) billingID() string {
	if s == nil || s.Billing == nil {
		return ""
	}
	return string(s.Billing.ID)
}

// label is how staff know the server: its nickname, else its name, else
// its srv_id.
func (s *scpServer) label() string {
	for _, v := range []string{s.Nickname, s.Name, string(s.SrvID)} {
		if v != "" {
			return v
		}
	}
	return "server " + string(s.ID)
}

// access is a client's access to a server; the primary one is the
// customer's, and suspending is switching it off.
type access struct {
	ID       flexString `json:"id"`
	IsActive flexBool   `json:"is_active"`
	Client   *struct {
		ID flexString `json:"id"`
	} `json:"client"`
}

type scpClient struct {
	ID    flexString `json:"id"`
	Email string     `json:"email"`
}

type entity struct {
	ID      flexString `json:"id"`
	Address string     `json:"address"`
}

// page is one page of a list: {data: […], current_page, last_page, total}.
type page[T any] struct {
	Data        []T     `json:"data"`
	CurrentPage flexInt `json:"current_page"`
	LastPage    flexInt `json:"last_page"`
	Total       flexInt `json:"total"`
}

// first returns the first item of a list query and the list's total.
func first[T any](ctx context.Context, c *client, path string, q url.Values) (*T, int64, error) {
	if q == nil {
		q = url.Values{}
	}
	q.Set("page", "1")
	q.Set("per_page", "1")
	var pg page[T]
	if err := c.get(ctx, path, q, &pg); err != nil {
		return nil, 0, err
	}
	if len(pg.Data) == 0 {
		return nil, int64(pg.Total), nil
	}
	return &pg.Data[0], max(int64(pg.Total), int64(len(pg.Data))), nil
}

// all reads every page of a list query, 100 items at a time.
func all[T any](ctx context.Context, c *client, path string, q url.Values) ([]T, error) {
	var out []T
	for n := int64(1); ; n++ {
		pq := url.Values{}
		for k, v := range q {
			pq[k] = v
		}
		pq.Set("page", strconv.FormatInt(n, 10))
		pq.Set("per_page", "100")
		var pg page[T]
		if err := c.get(ctx, path, pq, &pg); err != nil {
			return nil, err
		}
		out = append(out, pg.Data...)
		if len(pg.Data) == 0 || n >= int64(pg.LastPage) || n >= 10000 {
			return out, nil
		}
	}
}

// serverByBilling finds the server SynergyCP holds under a billing id,
// the tag Create gives a server (our idempotency key); nil if none.
func (c *client) serverByBilling(ctx context.Context, billingID string) (*scpServer, error) {
	srv, _, err := first[scpServer](ctx, c, "server", url.Values{"billing_id": {billingID}})
	if err != nil || srv == nil {
		return nil, err
	}
	if srv.billingID() != billingID {
		// A panel that ignored the filter must not hand us another's server.
		return nil, nil
	}
	return srv, nil
}

// serverByID reads one server; nil if the panel has none with that id.
func (c *client) serverByID(ctx context.Context, id string) (*scpServer, error) {
	var srv scpServer
	err := c.get(ctx, "server/"+id, nil, &srv)
	if sdk.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &srv, nil
}

// inventoryQuery is the vendor's filter for a free server matching the
// product exactly: available, parts[exact], and each part's billing id.
func inventoryQuery(pr product) url.Values {
	q := url.Values{"available": {"1"}, "parts[exact]": {"1"}, "cpu_billing": {pr.cpu},
		"ip_group_billing[]": {pr.location}}
	if pr.memory != "" {
		q.Set("mem_billing", pr.memory)
	}
	for _, d := range pr.disks {
		q.Add("disks_billing[]", d)
	}
	for _, a := range pr.addons {
		q.Add("addons_billing[]", a)
	}
	return q
}

// freeServer returns the first free server matching the product and how
// many match.
func (c *client) freeServer(ctx context.Context, pr product) (*scpServer, int64, error) {
	return first[scpServer](ctx, c, "server", inventoryQuery(pr))
}

// freeIPs counts the unassigned IP allocations of the product's billing id
// in its location, as the WHMCS module checks before provisioning.
func (c *client) freeIPs(ctx context.Context, pr product) (int64, error) {
	_, total, err := first[entity](ctx, c, "entity", url.Values{"group[billing][]": {pr.location},
		"billing_id": {pr.ips}, "server": {"none"}})
	return total, err
}

// primaryAccess is the server's primary access (the customer's); nil if
// it has none.
func (c *client) primaryAccess(ctx context.Context, serverID string) (*access, error) {
	a, _, err := first[access](ctx, c, "server/"+serverID+"/access", url.Values{"is_primary": {"1"}})
	return a, err
}

// firstAddress is the server's first IP address, "" if none.
func (c *client) firstAddress(ctx context.Context, serverID string) (string, error) {
	e, _, err := first[entity](ctx, c, "entity", url.Values{"server_id": {serverID}})
	if err != nil || e == nil {
		return "", err
	}
	return e.Address, nil
}

// clientFor finds the customer's SynergyCP client by billing id, then by
// email, and creates it when neither is there.
func (c *client) clientFor(ctx context.Context, cu sdk.Customer) (*scpClient, error) {
	if cu.ID != "" {
		found, _, err := first[scpClient](ctx, c, "client", url.Values{"billing_id": {cu.ID}})
		if err != nil || found != nil {
			return found, err
		}
	}
	if cu.Email != "" {
		found, _, err := first[scpClient](ctx, c, "client", url.Values{"email": {cu.Email}})
		if err != nil || found != nil {
			return found, err
		}
	}
	var made scpClient
	err := c.post(ctx, "client", map[string]any{"email": cu.Email, "first": cu.FirstName, "last": cu.LastName,
		"billing_id": cu.ID}, &made)
	if err != nil {
		return nil, err
	}
	if made.ID == "" {
		return nil, sdk.Retryable(fmt.Errorf("SynergyCP POST client: the answer has no client id"))
	}
	return &made, nil
}

// validID reports whether s can be a SynergyCP id: digits only, so that a
// RemoteID never puts anything else in a path.
func validID(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
