// Package synergycppanel is the SynergyCP provisioner: dedicated servers
// allocated from a SynergyCP inventory. Create picks a free server whose
// parts match the product, assigns it to the customer's SynergyCP client
// (made on first use) and tags it with the service's idempotency key as its
// billing id; Terminate wipes it back into stock.
//
//	sdk.Serve(synergycppanel.New(nil))
//
// SynergyCP publishes no API schema: the endpoints and shapes are those the
// vendor's own PHP client and WHMCS module use (see ../README.md).
package synergycppanel

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Provisioner implements sdk.Provisioner against a SynergyCP API. It
// embeds sdk.Unsupported for ChangePackage and ChangePassword, which
// SynergyCP cannot do.
type Provisioner struct {
	sdk.Unsupported
	log      hclog.Logger
	locks    sdk.KeyLocks
	limiters limiters
	retry    Retry
}

var _ sdk.Provisioner = (*Provisioner)(nil)

// New returns the provisioner, logging to log, or to sdk.Logger() (the
// plugin's stderr, which Hostbase reads) when log is nil.
func New(log hclog.Logger) *Provisioner {
	if log == nil {
		log = sdk.Logger()
	}
	return &Provisioner{log: log, retry: DefaultRetry}
}

// WithRetry sets how calls to the panel are retried, for tests that would
// rather not wait out real backoffs. It returns p.
func (p *Provisioner) WithRetry(r Retry) *Provisioner {
	p.retry = r
	return p
}

// trace logs one line per call as it ends. Changes log at Info, reads at
// Debug. Secrets (the API key, passwords) are never among the values, and
// the client's errors never carry the URL, which holds the key.
func (p *Provisioner) trace(level hclog.Level, method string, start time.Time, err *error, kv ...any) {
	sdk.LogCall(p.log, level, method, start, *err, kv...)
}

// TestConnection checks the URL and the API key by asking how many servers
// are free.
func (p *Provisioner) TestConnection(ctx context.Context, r sdk.ServerRequest) (msg string, err error) {
	defer p.trace(hclog.Info, "test connection", time.Now(), &err, "server", r.Server.ID)
	c, err := p.open(r.Server)
	if err != nil {
		return "", err
	}
	_, free, err := first[scpServer](ctx, c, "server", url.Values{"available": {"1"}})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Connected to SynergyCP at %s: %d servers free in the inventory", c.base, free), nil
}

// find returns the service's server on the panel, or nil when the panel
// holds none for it: never allocated, wiped back into stock (its billing
// id no longer ours), or deleted. A RemoteID SynergyCP could not have given
// (not a number) names nothing; without a RemoteID the idempotency key is
// looked up.
func (c *client) find(ctx context.Context, svc sdk.Service) (*scpServer, error) {
	switch {
	case validID(svc.RemoteID):
		srv, err := c.serverByID(ctx, svc.RemoteID)
		if err != nil || srv == nil {
			return nil, err
		}
		if svc.IdempotencyKey != "" && srv.billingID() != svc.IdempotencyKey {
			return nil, nil
		}
		return srv, nil
	case svc.RemoteID != "":
		return nil, nil
	case svc.IdempotencyKey != "":
		return c.serverByBilling(ctx, svc.IdempotencyKey)
	}
	return nil, nil
}

// locate opens the panel and finds the service's server, failing NotFound
// when there is none.
func (p *Provisioner) locate(ctx context.Context, r sdk.ServiceRequest) (*client, *scpServer, error) {
	c, err := p.open(r.Server)
	if err != nil {
		return nil, nil, err
	}
	srv, err := c.find(ctx, r.Service)
	if err != nil {
		return nil, nil, err
	}
	if srv == nil {
		return nil, nil, sdk.NotFound("SynergyCP holds no server for service %s (remote id %q)", r.Service.ID, r.Service.RemoteID)
	}
	return c, srv, nil
}

// logID is what the log names a service's server by.
func logID(s sdk.Service) string {
	if s.RemoteID != "" {
		return s.RemoteID
	}
	return "key:" + s.IdempotencyKey
}
