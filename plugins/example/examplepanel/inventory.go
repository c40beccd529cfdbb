package examplepanel

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// ListRemote lists every server in the directory with the idempotency key
// it was made for, so that Hostbase can match them to its services.
func (p *Provisioner) ListRemote(_ context.Context, r sdk.ServerRequest) (list []sdk.RemoteResource, err error) {
	defer p.trace(hclog.Debug, "list remote", time.Now(), &err, "server", r.Server.ID)
	pn, err := open(r.Server)
	if err != nil {
		return nil, err
	}
	ids, err := pn.store.ids()
	if err != nil {
		return nil, sdk.Retryable(fmt.Errorf("list %s: %w", pn.store.dir, err))
	}
	now := time.Now()
	for _, id := range ids {
		srv, err := pn.store.read(id)
		if errors.Is(err, fs.ErrNotExist) {
			continue // terminated while we listed
		}
		if err != nil {
			p.log.Warn("list remote: skipping an unreadable server file", "remote_id", id, "error", err.Error())
			continue
		}
		srv.settle(now)
		list = append(list, sdk.RemoteResource{RemoteID: srv.RemoteID, Name: srv.Hostname, IdempotencyKey: srv.IdempotencyKey,
			State: srv.state(), Hostname: srv.Hostname, IP: srv.IP})
	}
	return list, nil
}

// CheckAvailability counts the servers against max_servers. The reason
// it gives when full is shown to the buyer, so it names the panel as
// staff named the server, not the directory.
func (p *Provisioner) CheckAvailability(_ context.Context, r sdk.AvailabilityRequest) (a sdk.Availability, err error) {
	defer p.trace(hclog.Debug, "check availability", time.Now(), &err, "server", r.Server.ID)
	pn, err := open(r.Server)
	if err != nil {
		return sdk.Availability{}, err
	}
	if _, err := parseProduct(r.ProductConfig); err != nil {
		return sdk.Availability{}, err
	}
	if pn.maxServers == 0 {
		return sdk.Availability{Available: true, Remaining: -1}, nil
	}
	ids, err := pn.store.ids()
	if err != nil {
		return sdk.Availability{}, sdk.Retryable(fmt.Errorf("list %s: %w", pn.store.dir, err))
	}
	remaining := pn.maxServers - int64(len(ids))
	if remaining <= 0 {
		return sdk.Availability{Available: false, Remaining: 0,
			Reason: fmt.Sprintf("%s is full: all %d server slots are taken", pn.name, pn.maxServers)}, nil
	}
	return sdk.Availability{Available: true, Remaining: remaining}, nil
}
