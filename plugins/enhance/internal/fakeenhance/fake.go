// Package fakeenhance is an Enhance orchd API in memory, for the plugin's
// tests: the endpoints the plugin uses, under /api, with Bearer tokens,
// camelCase JSON, {"items": …, "total": n} listings and orchd's error body
// {"code": …, "detail": …}, after https://apidocs.enhance.com and the
// generated client upmind/enhance-sdk-php.
package fakeenhance

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fixed ids of the fake's world.
const (
	MasterOrg   = "00000000-0000-4000-8000-000000000001"
	ServerGroup = "00000000-0000-4000-8000-0000000000aa"
	PlanBasic   = 1
	PlanPro     = 2
	Token       = "enhance-test-token"
)

type org struct {
	ID          string `json:"id"`
	ParentID    string `json:"parentId,omitempty"`
	Name        string `json:"name"`
	Status      string `json:"status"`
	SuspendedBy string `json:"suspendedBy,omitempty"`
	CreatedAt   string `json:"createdAt"`
	Websites    int    `json:"websitesCount"`
	Subs        int    `json:"subscriptionsCount"`
}

type login struct {
	ID       string `json:"id"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	password string
}

type member struct {
	ID      string   `json:"id"`
	LoginID string   `json:"loginId"`
	Email   string   `json:"email"`
	Name    string   `json:"name"`
	Roles   []string `json:"roles"`
	orgID   string
}

type resource struct {
	Name  string `json:"name"`
	Usage int64  `json:"usage"`
	Total *int64 `json:"total,omitempty"`
}

type subscription struct {
	ID           int64      `json:"id"`
	PlanID       int64      `json:"planId"`
	PlanName     string     `json:"planName"`
	SubscriberID string     `json:"subscriberId"`
	VendorID     string     `json:"vendorId"`
	Status       string     `json:"status"`
	SuspendedBy  string     `json:"suspendedBy,omitempty"`
	Resources    []resource `json:"resources"`
	Allowances   []any      `json:"allowances"`
	Selections   []any      `json:"selections"`
	CreatedAt    string     `json:"createdAt"`
	PlanType     string     `json:"planType"`
}

type website struct {
	ID     string `json:"id"`
	Domain struct {
		ID     string `json:"id"`
		Domain string `json:"domain"`
	} `json:"domain"`
	SubscriptionID int64  `json:"subscriptionId"`
	Status         string `json:"status"`
	OrgID          string `json:"orgId"`
	ServerGroupID  string `json:"-"`
	CreatedAt      string `json:"createdAt"`
}

type plan struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	PlanType string `json:"planType"`
}

// Fault is a canned answer the fake gives instead of the real one.
type Fault struct {
	Status int
	Header map[string]string
	Body   string
}

// Panel is the fake panel.
type Panel struct {
	*httptest.Server

	mu       sync.Mutex
	orgs     map[string]*org
	logins   map[string]*login
	members  map[string]*member
	subs     map[int64]*subscription
	sites    map[string]*website
	plans    map[int64]plan
	nextSub  int64
	tick     int64
	faults   []Fault
	requests []string
}

// New starts a fake panel on a loopback port, closed when the test ends.
func New(t interface{ Cleanup(func()) }) *Panel {
	p := &Panel{orgs: map[string]*org{}, logins: map[string]*login{}, members: map[string]*member{},
		subs: map[int64]*subscription{}, sites: map[string]*website{},
		plans: map[int64]plan{PlanBasic: {PlanBasic, "Basic", "hosting"}, PlanPro: {PlanPro, "Pro", "hosting"}}}
	p.orgs[MasterOrg] = &org{ID: MasterOrg, Name: "Test Hosting MO", Status: "active", CreatedAt: p.now()}
	p.Server = httptest.NewServer(p.routes())
	t.Cleanup(p.Close)
	return p
}

// FailNext makes the next len(faults) requests get these answers.
func (p *Panel) FailNext(faults ...Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = append(p.faults, faults...)
}

// Requests returns "METHOD /path" of every request so far.
func (p *Panel) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// State is what the panel holds for a plugin RemoteID ("<org>:<sub>"):
// "running", "suspended" or "missing".
func (p *Panel) State(remoteID string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.subFor(remoteID)
	switch {
	case s == nil || s.Status == "deleted":
		return "missing"
	case s.SuspendedBy != "":
		return "suspended"
	default:
		return "running"
	}
}

// DeleteBehindBack deletes a RemoteID's customer organisation, with its
// subscriptions and websites, as staff might in the panel's UI.
func (p *Panel) DeleteBehindBack(remoteID string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	orgID, _, _ := strings.Cut(remoteID, ":")
	if p.orgs[orgID] == nil {
		return fmt.Errorf("no organisation %s", orgID)
	}
	p.deleteOrg(orgID)
	return nil
}

// Customers returns the names of the customer organisations not deleted.
func (p *Panel) Customers() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, o := range p.orgs {
		if o.ParentID != "" {
			out = append(out, o.Name)
		}
	}
	sort.Strings(out)
	return out
}

// Websites returns the domains of the websites, sorted.
func (p *Panel) Websites() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, w := range p.sites {
		out = append(out, w.Domain.Domain)
	}
	sort.Strings(out)
	return out
}

// Password returns the password of the login with email, "" if none.
func (p *Panel) Password(email string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range p.logins {
		if strings.EqualFold(l.Email, email) {
			return l.password
		}
	}
	return ""
}

// SetUsage sets a subscription's disk and transfer usage in bytes.
func (p *Panel) SetUsage(remoteID string, disk, transfer int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s := p.subFor(remoteID); s != nil {
		s.Resources[0].Usage, s.Resources[1].Usage = disk, transfer
	}
}

// PlanOf returns the plan id of a RemoteID's subscription, 0 if none.
func (p *Panel) PlanOf(remoteID string) int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s := p.subFor(remoteID); s != nil {
		return s.PlanID
	}
	return 0
}

func (p *Panel) subFor(remoteID string) *subscription {
	orgID, id, _ := strings.Cut(remoteID, ":")
	n, _ := strconv.ParseInt(id, 10, 64)
	s := p.subs[n]
	if s == nil || s.SubscriberID != orgID {
		return nil
	}
	return s
}

// now is a strictly increasing timestamp, so that creation order is
// visible in createdAt even within one clock tick.
func (p *Panel) now() string {
	p.tick++
	return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(p.tick) * time.Millisecond).Format(time.RFC3339Nano)
}

func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// deleteOrg removes an organisation and everything in it.
func (p *Panel) deleteOrg(id string) {
	delete(p.orgs, id)
	for k, m := range p.members {
		if m.orgID == id {
			delete(p.members, k)
		}
	}
	for _, s := range p.subs {
		if s.SubscriberID == id {
			s.Status = "deleted"
		}
	}
	for k, w := range p.sites {
		if w.OrgID == id {
			delete(p.sites, k)
		}
	}
}

// writeJSON and fail answer a request.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, code, detail string) {
	writeJSON(w, status, map[string]string{"code": code, "detail": detail})
}

func page[T any](r *http.Request, items []T) map[string]any {
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit <= 0 {
		limit = 10 // orchd's default page is small: a client must page
	}
	total := len(items)
	offset = min(max(offset, 0), total)
	end := min(offset+limit, total)
	out := items[offset:end]
	if out == nil {
		out = []T{}
	}
	return map[string]any{"items": out, "total": total}
}
