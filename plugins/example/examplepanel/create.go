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

// Create makes the server for the service's idempotency key, or returns
// the one an earlier Create made for it: after a retry, a crash of
// Hostbase or of this plugin mid-build, or alongside a concurrent Create
// in this process or another. When the server config sets a build time,
// Create writes the server as "building", waits that long (giving up if
// ctx ends, the server staying "building" for the next Create to finish)
// and then records it running.
func (p *Provisioner) Create(ctx context.Context, r sdk.ServiceRequest) (res sdk.CreateResult, err error) {
	key := r.Service.IdempotencyKey
	id := remoteID(key)
	defer p.trace(hclog.Info, "create", time.Now(), &err, "service", r.Service.ID, "key", key, "remote_id", id)
	pn, err := open(r.Server)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	prod, err := parseProduct(r.Service.ProductConfig)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	if key == "" {
		return sdk.CreateResult{}, sdk.Permanent(errors.New("the service has no idempotency key"))
	}

	unlock, err := p.locks.Lock(ctx, id)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	defer unlock()
	srv, err := pn.store.read(id)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if srv, err = pn.claim(r.Service, prod, id); err != nil {
			return sdk.CreateResult{}, err
		}
	case err != nil:
		return sdk.CreateResult{}, storeError(id, err)
	case srv.IdempotencyKey != key:
		// Two keys whose hashes share 64 bits: never in practice, but a
		// mix-up must not hand one customer another's server.
		return sdk.CreateResult{}, sdk.Permanent(fmt.Errorf("server %s belongs to another idempotency key", id))
	}
	if err := pn.finishBuild(ctx, srv); err != nil {
		return sdk.CreateResult{}, err
	}
	return sdk.CreateResult{
		RemoteID: srv.RemoteID, Hostname: srv.Hostname, IP: srv.IP, Username: "root",
		Credentials: map[string]string{"root_password": srv.RootPassword},
		Message:     fmt.Sprintf("Server %s is %s", srv.Hostname, srv.State),
	}, nil
}

// claim makes the server file for a key that has none, unless another
// process got there first, in which case it returns that process's server.
func (pn *panel) claim(svc sdk.Service, prod product, id string) (*server, error) {
	if pn.maxServers > 0 {
		// Counting needs the directory, so only a limited panel pays for
		// it, and only for a new server. Two Creates at once may both see
		// the last free slot, as on most panels.
		ids, err := pn.store.ids()
		if err != nil {
			return nil, sdk.Retryable(err)
		}
		if int64(len(ids)) >= pn.maxServers {
			return nil, sdk.OutOfCapacity("%s is full: all %d server slots are taken", pn.name, pn.maxServers)
		}
	}
	now := time.Now().UTC()
	srv := &server{
		RemoteID: id, IdempotencyKey: svc.IdempotencyKey, ServiceID: svc.ID,
		State: stateBuilding, Power: powerOn, Plan: prod.plan, MemoryMB: prod.memoryMB, OS: prod.os,
		Hostname: hostname(prod.plan, id), IP: ipFor(id), RootPassword: newPassword(),
		CreatedAt: now, ReadyAt: now.Add(pn.build),
	}
	if pn.build == 0 {
		srv.State = stateRunning
	}
	created, err := pn.store.create(srv)
	if err != nil {
		return nil, sdk.Retryable(fmt.Errorf("write server %s: %w", id, err))
	}
	if created {
		return srv, nil
	}
	theirs, err := pn.store.read(id)
	if err != nil {
		return nil, storeError(id, err)
	}
	return theirs, nil
}

// finishBuild waits out a building server's build time and records it
// running. A server already built needs nothing.
func (pn *panel) finishBuild(ctx context.Context, srv *server) error {
	if srv.State != stateBuilding {
		return nil
	}
	if wait := time.Until(srv.ReadyAt); wait > 0 {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		select {
		case <-ctx.Done():
			return fmt.Errorf("server %s is still being built: %w", srv.RemoteID, ctx.Err())
		case <-timer.C:
		}
	}
	srv.State = stateRunning
	if err := pn.store.write(srv); err != nil {
		return sdk.Retryable(fmt.Errorf("write server %s: %w", srv.RemoteID, err))
	}
	return nil
}
