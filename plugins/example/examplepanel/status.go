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

// Status reads the server's file. A server the panel does not have is
// StateMissing, which is how Hostbase notices one deleted by hand.
func (p *Provisioner) Status(_ context.Context, r sdk.ServiceRequest) (st sdk.Status, err error) {
	defer p.trace(hclog.Debug, "status", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	pn, err := open(r.Server)
	if err != nil {
		return sdk.Status{}, err
	}
	id, ok := serviceID(r.Service)
	if !ok {
		return sdk.Status{State: sdk.StateMissing, Detail: "the panel has no such server"}, nil
	}
	srv, err := pn.store.read(id)
	if errors.Is(err, fs.ErrNotExist) {
		return sdk.Status{State: sdk.StateMissing, Detail: "the panel has no such server"}, nil
	}
	if err != nil {
		return sdk.Status{}, storeError(id, err)
	}
	srv.settle(time.Now())
	return sdk.Status{State: srv.state(), Detail: srv.detail(), Hostname: srv.Hostname, IP: srv.IP}, nil
}

// state is the server's state as Hostbase names it.
func (s *server) state() sdk.State {
	switch {
	case s.State == stateBuilding:
		return sdk.StatePending
	case s.State == stateSuspended:
		return sdk.StateSuspended
	case s.Power == powerOff:
		return sdk.StateStopped
	default:
		return sdk.StateRunning
	}
}

func (s *server) detail() string {
	switch s.state() {
	case sdk.StatePending:
		return fmt.Sprintf("building %s, ready at %s", s.OS, s.ReadyAt.Format(time.RFC3339))
	case sdk.StateStopped:
		return fmt.Sprintf("powered off; plan %s, %s", s.Plan, s.OS)
	default:
		return fmt.Sprintf("plan %s (%d vCPU, %d MB), %s", s.Plan, plans[s.Plan].vcpus, s.MemoryMB, s.OS)
	}
}

// Usage reports disk and bandwidth from the plan and memory from the
// product config, as fixed fractions picked by the server's id so that
// they are the same on every call. It does not simulate memory in use or
// CPU, and says so with sdk.Unreported.
func (p *Provisioner) Usage(_ context.Context, r sdk.ServiceRequest) (u sdk.Usage, err error) {
	defer p.trace(hclog.Debug, "usage", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	_, srv, err := readServer(r)
	if err != nil {
		return sdk.Usage{}, err
	}
	pl := plans[srv.Plan]
	disk, bandwidth := usedFractions(srv.RemoteID)
	u = sdk.NoUsage()
	u.DiskLimitBytes = pl.diskGiB << 30
	u.DiskUsedBytes = u.DiskLimitBytes / 100 * disk
	u.MemoryLimitBytes = srv.MemoryMB << 20
	u.BandwidthLimitBytes = pl.bandwidthGiB << 30
	u.BandwidthUsedBytes = u.BandwidthLimitBytes / 100 * bandwidth
	return u, nil
}
