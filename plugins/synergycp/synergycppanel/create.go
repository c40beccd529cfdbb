package synergycppanel

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Create allocates a free server matching the product to the customer, or
// returns the one an earlier Create allocated for the service's
// idempotency key (SynergyCP keeps it as the server's billing id). When no
// free server (or, if the product asks for one, no free IP allocation)
// matches, it fails sdk.OutOfCapacity: the order goes to staff's manual
// queue, as the WHMCS module opens a ticket.
func (p *Provisioner) Create(ctx context.Context, r sdk.ServiceRequest) (res sdk.CreateResult, err error) {
	key := r.Service.IdempotencyKey
	defer p.trace(hclog.Info, "create", time.Now(), &err, "service", r.Service.ID, "key", key)
	c, err := p.open(r.Server)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	pr, err := parseProduct(r.Service.ProductConfig)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	if key == "" {
		return sdk.CreateResult{}, sdk.Permanent(errors.New("the service has no idempotency key"))
	}
	unlock, err := p.locks.Lock(ctx, c.base+"\x00"+key)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	defer unlock()

	if srv, err := c.serverByBilling(ctx, key); err != nil {
		return sdk.CreateResult{}, err
	} else if srv != nil {
		res := p.result(ctx, c, srv, pr, "")
		res.Message = fmt.Sprintf("Server %s was already allocated to this service", srv.label())
		return res, nil
	}

	if pr.ips != "" {
		free, err := c.freeIPs(ctx, pr)
		if err != nil {
			return sdk.CreateResult{}, err
		}
		if free == 0 {
			return sdk.CreateResult{}, sdk.OutOfCapacity("Out of stock: no free %s IP allocation in %s on SynergyCP", pr.ips, pr.location)
		}
	}
	free, _, err := c.freeServer(ctx, pr)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	if free == nil {
		return sdk.CreateResult{}, sdk.OutOfCapacity("Out of stock: no free server in the SynergyCP inventory matches %s", pr.describe())
	}
	owner, err := c.clientFor(ctx, r.Service.Customer)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	password, err := newPassword()
	if err != nil {
		return sdk.CreateResult{}, sdk.Retryable(err)
	}
	var out struct {
		Server scpServer `json:"server"`
	}
	err = c.post(ctx, "server/provision", provisionBody(r.Service, pr, string(owner.ID), string(free.ID), password), &out)
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusConflict {
		// Taken by another process between the query and now: the next
		// attempt looks again, for this key first.
		return sdk.CreateResult{}, sdk.Retryable(err)
	}
	if err != nil {
		return sdk.CreateResult{}, err
	}
	if out.Server.ID == "" {
		return sdk.CreateResult{}, sdk.Retryable(errors.New("SynergyCP POST server/provision: the answer names no server"))
	}
	if winner, err := c.settleRace(ctx, key, &out.Server); err != nil {
		return sdk.CreateResult{}, err
	} else if winner != nil {
		res = p.result(ctx, c, winner, pr, "")
		res.Message = fmt.Sprintf("Server %s was allocated to this service by a concurrent Create", winner.label())
		return res, nil
	}
	res = p.result(ctx, c, &out.Server, pr, password)
	res.Message = fmt.Sprintf("Allocated server %s from the SynergyCP inventory", out.Server.label())
	return res, nil
}

// settleRace looks, after an allocation, for other servers tagged with the
// same key: another plugin process may have run the same Create at the
// same time (the per-key lock is per process, and SynergyCP enforces no
// unique billing id). The server with the lowest id wins, which every
// racer computes alike; a loser wipes its own allocation back into stock
// and returns the winner. It returns nil when ours is the only one or the
// winner.
func (c *client) settleRace(ctx context.Context, key string, ours *scpServer) (*scpServer, error) {
	tagged, err := all[scpServer](ctx, c, "server", url.Values{"billing_id": {key}})
	if err != nil {
		return nil, err
	}
	var winner *scpServer
	for i := range tagged {
		s := &tagged[i]
		if s.billingID() != key || !validID(string(s.ID)) {
			continue
		}
		if winner == nil || lessID(string(s.ID), string(winner.ID)) {
			winner = s
		}
	}
	if winner == nil || winner.ID == ours.ID || !lessID(string(winner.ID), string(ours.ID)) {
		return nil, nil
	}
	if err := c.patch(ctx, "server/"+string(ours.ID), map[string]any{"wiped": 1, "auto": true}, nil); err != nil {
		return nil, fmt.Errorf("release server %s, allocated twice for one service: %w", ours.label(), err)
	}
	return winner, nil
}

// lessID orders numeric ids.
func lessID(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// provisionBody is what server/provision takes, as the WHMCS module sends
// it: the client and server, the billing ids of the options, and the
// service's idempotency key as billing.id.
func provisionBody(svc sdk.Service, pr product, clientID, serverID, password string) map[string]any {
	nickname := svc.Hostname
	if nickname == "" {
		nickname = svc.IdempotencyKey
	}
	billing := map[string]any{"id": svc.IdempotencyKey}
	if pr.bandwidth != "" {
		billing["max_bandwidth"] = pr.bandwidth
	}
	body := map[string]any{
		"client_id": clientID,
		"server_id": serverID,
		"nickname":  nickname,
		"password":  password,
		"billing":   billing,
		"access":    map[string]bool{"pxe": pr.pxe, "ipmi": pr.ipmi, "switch": pr.sw},
	}
	for k, v := range map[string]string{"ips_billing": pr.ips, "pxe_profile_billing": pr.os, "port_speed_billing": pr.portSpeed} {
		if v != "" {
			body[k] = v
		}
	}
	return body
}

// result reports a server. Its address is looked up but not required: the
// server is the customer's either way, and failing here would lose the
// password of a fresh allocation.
func (p *Provisioner) result(ctx context.Context, c *client, srv *scpServer, pr product, password string) sdk.CreateResult {
	res := sdk.CreateResult{RemoteID: string(srv.ID), Hostname: srv.Nickname}
	ip, err := c.firstAddress(ctx, string(srv.ID))
	if err != nil {
		p.log.Warn("create: could not read the server's address", "remote_id", srv.ID, "error", err.Error())
	}
	res.IP = ip
	if pr.os != "" {
		res.Username = "root"
	}
	if password != "" {
		res.Credentials = map[string]string{"root_password": password}
	}
	return res
}

// newPassword is a root password of 20 letters and digits.
func newPassword() (string, error) {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			return "", err
		}
		b[i] = alphabet[n.Int64()]
	}
	return string(b), nil
}
