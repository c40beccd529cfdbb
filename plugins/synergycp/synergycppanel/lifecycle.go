package synergycppanel

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Suspend switches off the customer's primary access to the server
// (SynergyCP then disables the client's panel, IPMI and switch port
// access), marked automatic with Hostbase's reason. A suspended server
// stays so.
func (p *Provisioner) Suspend(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "suspend", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service), "reason", r.Reason)
	reason := r.Reason
	if reason == "" {
		reason = "Suspended by billing"
	}
	return p.setAccess(ctx, r, false, map[string]any{"is_active": false, "auto": true, "suspension_reason": reason})
}

// Unsuspend switches the primary access back on; an active one stays so.
func (p *Provisioner) Unsuspend(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "unsuspend", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	return p.setAccess(ctx, r, true, map[string]any{"is_active": true})
}

func (p *Provisioner) setAccess(ctx context.Context, r sdk.ServiceRequest, active bool, body map[string]any) (sdk.ActionResult, error) {
	c, srv, err := p.locate(ctx, r)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	id := string(srv.ID)
	a, err := c.primaryAccess(ctx, id)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	if a == nil {
		return sdk.ActionResult{}, sdk.Permanent(fmt.Errorf("SynergyCP server %s has no primary (client) access to switch", srv.label()))
	}
	what := map[bool]string{true: "active", false: "suspended"}[active]
	if bool(a.IsActive) == active {
		return sdk.ActionResult{Message: fmt.Sprintf("Server %s is already %s", srv.label(), what)}, nil
	}
	err = c.patch(ctx, "server/"+id+"/access/"+string(a.ID), body, nil)
	if ignored(err) {
		return sdk.ActionResult{}, sdk.Permanent(fmt.Errorf("SynergyCP ignored the automatic suspension of server %s "+
			"(the client is marked VIP there): suspend it by hand if it should be", srv.label()))
	}
	if err != nil {
		return sdk.ActionResult{}, err
	}
	return sdk.ActionResult{Message: fmt.Sprintf("Server %s is %s", srv.label(), what)}, nil
}

// Terminate wipes the server, which SynergyCP then returns to the
// inventory, marked automatic as the WHMCS module does. A server already
// released (or never allocated) needs nothing.
func (p *Provisioner) Terminate(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "terminate", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	c, srv, err := p.locate(ctx, r)
	if sdk.IsNotFound(err) {
		return sdk.ActionResult{Message: "SynergyCP holds no server for this service: nothing to release"}, nil
	}
	if err != nil {
		return sdk.ActionResult{}, err
	}
	err = c.patch(ctx, "server/"+string(srv.ID), map[string]any{"wiped": 1, "auto": true}, nil)
	switch {
	case sdk.IsNotFound(err):
		return sdk.ActionResult{Message: "SynergyCP no longer has the server: nothing to release"}, nil
	case ignored(err):
		return sdk.ActionResult{}, sdk.Permanent(fmt.Errorf("SynergyCP ignored the automatic wipe of server %s "+
			"(the client is marked VIP there): release it by hand", srv.label()))
	case err != nil:
		return sdk.ActionResult{}, err
	}
	return sdk.ActionResult{Message: fmt.Sprintf("Server %s is being wiped and returned to the inventory", srv.label())}, nil
}

// ignored reports whether the panel declined an automatic action, which
// it does for VIP clients with data.ignored.
func ignored(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Ignored
}
