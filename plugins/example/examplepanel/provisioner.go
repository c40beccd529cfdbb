// Package examplepanel is the example provisioner: its "panel" is a
// directory of JSON files, one per server, so it runs anywhere with no
// outside service. It is what a plugin author copies, and what Hostbase's
// own tests provision on, in process or as the hostbase-provisioner-example
// binary:
//
//	sdk.Serve(examplepanel.New(nil))
//
// Each call opens the directory named in the server's settings, checks the
// token, and touches only the one file it is about (Create and Status
// read one file and write at most one), so the plugin is as fast as the
// disk. See ../README.md for the walk-through.
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

// Provisioner implements sdk.Provisioner on a directory of server files.
// It implements every method, so it does not embed sdk.Unsupported; a
// plugin whose panel cannot, say, suspend embeds it and leaves Suspend and
// Unsuspend out.
type Provisioner struct {
	log   hclog.Logger
	locks sdk.KeyLocks
}

var _ sdk.Provisioner = (*Provisioner)(nil)

// New returns the provisioner, logging to log, or to sdk.Logger() (the
// plugin's stderr, which Hostbase reads) when log is nil.
func New(log hclog.Logger) *Provisioner {
	if log == nil {
		log = sdk.Logger()
	}
	return &Provisioner{log: log}
}

// trace logs one line per call as it ends: what was asked, how long it
// took and how it failed. Changes log at Info, reads at Debug. Secrets
// (the token, passwords) are never among the values.
func (p *Provisioner) trace(level hclog.Level, method string, start time.Time, err *error, kv ...any) {
	sdk.LogCall(p.log, level, method, start, *err, kv...)
}

// TestConnection checks the directory and the token.
func (p *Provisioner) TestConnection(_ context.Context, r sdk.ServerRequest) (msg string, err error) {
	defer p.trace(hclog.Info, "test connection", time.Now(), &err, "server", r.Server.ID)
	pn, err := open(r.Server)
	if err != nil {
		return "", err
	}
	ids, err := pn.store.ids()
	if err != nil {
		return "", sdk.Retryable(fmt.Errorf("list %s: %w", pn.store.dir, err))
	}
	limit := "no limit"
	if pn.maxServers > 0 {
		limit = fmt.Sprintf("at most %d", pn.maxServers)
	}
	return fmt.Sprintf("Connected to the example panel in %s: %d servers (%s)", pn.store.dir, len(ids), limit), nil
}

// target opens the panel and names the server a call is about. A
// RemoteID this panel never gives names no server: NotFound.
func target(r sdk.ServiceRequest) (*panel, string, error) {
	pn, err := open(r.Server)
	if err != nil {
		return nil, "", err
	}
	id, ok := serviceID(r.Service)
	if !ok {
		return nil, "", sdk.NotFound("the panel has no server %q", r.Service.RemoteID)
	}
	return pn, id, nil
}

// readServer reads the server a call is about, for a call that changes
// nothing. A server that does not exist is a NotFound failure.
func readServer(r sdk.ServiceRequest) (*panel, *server, error) {
	pn, id, err := target(r)
	if err != nil {
		return nil, nil, err
	}
	srv, err := pn.store.read(id)
	if err != nil {
		return nil, nil, storeError(id, err)
	}
	srv.settle(time.Now())
	return pn, srv, nil
}

// lockServer reads the server a call is about, locked against other calls
// about it in this process until the returned function is called. A
// server that does not exist is a NotFound failure.
func (p *Provisioner) lockServer(ctx context.Context, r sdk.ServiceRequest) (*panel, *server, func(), error) {
	pn, id, err := target(r)
	if err != nil {
		return nil, nil, nil, err
	}
	unlock, err := p.locks.Lock(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	srv, err := pn.store.read(id)
	if err != nil {
		unlock()
		return nil, nil, nil, storeError(id, err)
	}
	srv.settle(time.Now())
	return pn, srv, unlock, nil
}

// settle marks a server whose build time has passed as running: the
// panel builds on its own, whether or not a Create is still waiting.
func (s *server) settle(now time.Time) {
	if s.State == stateBuilding && !now.Before(s.ReadyAt) {
		s.State = stateRunning
	}
}

// errStillBuilding answers an action on a server not yet built, asking
// Hostbase to try again once it is.
func errStillBuilding(s *server) error {
	return sdk.RetryableAfter(fmt.Errorf("server %s is still being built", s.RemoteID), time.Until(s.ReadyAt))
}

// storeError types a failure to read a server file: missing is NotFound,
// a corrupt file will not mend by trying again, anything else might.
func storeError(id string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return sdk.NotFound("the panel has no server %s", id)
	case errors.Is(err, errCorrupt):
		return sdk.Permanent(err)
	default:
		return sdk.Retryable(err)
	}
}
