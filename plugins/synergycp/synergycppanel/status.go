package synergycppanel

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Status reads the server and its primary access: switched off is
// suspended, on is running. A server the panel no longer holds for the
// service (wiped, deleted, never allocated) is missing.
func (p *Provisioner) Status(ctx context.Context, r sdk.ServiceRequest) (st sdk.Status, err error) {
	defer p.trace(hclog.Debug, "status", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	c, srv, err := p.locate(ctx, r)
	if sdk.IsNotFound(err) {
		return sdk.Status{State: sdk.StateMissing, Detail: "SynergyCP holds no server for this service"}, nil
	}
	if err != nil {
		return sdk.Status{}, err
	}
	id := string(srv.ID)
	a, err := c.primaryAccess(ctx, id)
	if err != nil {
		return sdk.Status{}, err
	}
	st = sdk.Status{Hostname: srv.Nickname}
	switch {
	case a == nil:
		st.State, st.Detail = sdk.StateUnknown, fmt.Sprintf("server %s has no client access", srv.label())
	case !bool(a.IsActive):
		st.State, st.Detail = sdk.StateSuspended, fmt.Sprintf("server %s: client access suspended", srv.label())
	default:
		st.State, st.Detail = sdk.StateRunning, fmt.Sprintf("server %s: client access active", srv.label())
	}
	if st.IP, err = c.firstAddress(ctx, id); err != nil {
		return sdk.Status{}, err
	}
	return st, nil
}

// Usage is the bandwidth SynergyCP reports for the server (usage.used and
// usage.max, in bits); it reports nothing else.
func (p *Provisioner) Usage(ctx context.Context, r sdk.ServiceRequest) (u sdk.Usage, err error) {
	defer p.trace(hclog.Debug, "usage", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	_, srv, err := p.locate(ctx, r)
	if err != nil {
		return sdk.Usage{}, err
	}
	u = sdk.NoUsage()
	if srv.Usage != nil {
		u.BandwidthUsedBytes = max(int64(srv.Usage.Used), 0) / 8
		if srv.Usage.Max > 0 {
			u.BandwidthLimitBytes = int64(srv.Usage.Max) / 8
		}
	}
	return u, nil
}
