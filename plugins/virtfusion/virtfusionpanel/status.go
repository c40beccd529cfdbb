package virtfusionpanel

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Status reads the server with the hypervisor's view of it (GET
// /servers/{id}?remoteState=true). A server VirtFusion does not have is
// StateMissing, which is how Hostbase notices one deleted by hand.
func (p *Provisioner) Status(ctx context.Context, r sdk.ServiceRequest) (st sdk.Status, err error) {
	defer p.trace(hclog.Debug, "status", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	c, _, err := p.open(r.Server)
	if err != nil {
		return sdk.Status{}, err
	}
	s, ok, err := find(ctx, c, r.Service)
	if err != nil {
		return sdk.Status{}, err
	}
	if !ok {
		return sdk.Status{State: sdk.StateMissing, Detail: "VirtFusion has no such server"}, nil
	}
	st = sdk.Status{State: stateOf(s), Hostname: s.Hostname, Detail: fmt.Sprintf("server %d: %s", s.ID, s.State)}
	if ips := s.ips(); len(ips) > 0 {
		st.IP = ips[0]
	}
	return st, nil
}

// stateOf is the server's state as Hostbase names it.
func stateOf(s vfServer) sdk.State {
	switch {
	case s.Suspended:
		return sdk.StateSuspended
	case s.State != stateComplete:
		return sdk.StatePending
	case s.RemoteState != nil && isOff(s.RemoteState.State):
		return sdk.StateStopped
	}
	return sdk.StateRunning
}

// isOff reads libvirt's domain state as VirtFusion passes it on.
func isOff(state string) bool {
	switch strings.ToLower(strings.ReplaceAll(state, " ", "")) {
	case "shutoff", "shutdown", "stopped", "crashed":
		return true
	}
	return false
}

// Usage reports the package's limits, the month's traffic and, when the
// hypervisor says, memory in use. VirtFusion's API reports no disk in use
// nor CPU load in a form worth passing on.
func (p *Provisioner) Usage(ctx context.Context, r sdk.ServiceRequest) (u sdk.Usage, err error) {
	defer p.trace(hclog.Debug, "usage", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	c, _, err := p.open(r.Server)
	if err != nil {
		return sdk.Usage{}, err
	}
	s, err := mustFind(ctx, c, r.Service)
	if err != nil {
		return sdk.Usage{}, err
	}
	res := s.Settings.Resources
	u = sdk.NoUsage()
	if res.Storage > 0 {
		u.DiskLimitBytes = res.Storage << 30
	}
	if res.Memory > 0 {
		u.MemoryLimitBytes = res.Memory << 20
	}
	if res.Traffic > 0 { // 0 is unlimited
		u.BandwidthLimitBytes = res.Traffic << 30
	}
	if s.State == stateComplete {
		u.BandwidthUsedBytes = max(s.Usage.Traffic.Used, 0)
	}
	if rs := s.RemoteState; rs != nil && rs.Memory.Actual > 0 && rs.Memory.Unused >= 0 && rs.Memory.Unused <= rs.Memory.Actual {
		u.MemoryUsedBytes = (rs.Memory.Actual - rs.Memory.Unused) << 10
	}
	return u, nil
}
