package virtfusionpanel

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Suspend suspends the server (POST /servers/{id}/suspend); a suspended
// one stays so.
func (p *Provisioner) Suspend(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "suspend", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service), "reason", r.Reason)
	return p.setSuspended(ctx, r, true)
}

// Unsuspend lifts the suspension (POST /servers/{id}/unsuspend); a server
// not suspended stays so.
func (p *Provisioner) Unsuspend(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "unsuspend", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	return p.setSuspended(ctx, r, false)
}

func (p *Provisioner) setSuspended(ctx context.Context, r sdk.ServiceRequest, want bool) (sdk.ActionResult, error) {
	c, _, err := p.open(r.Server)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	s, err := mustFind(ctx, c, r.Service)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	word, action := "suspended", "suspend"
	if !want {
		word, action = "active", "unsuspend"
	}
	if s.Suspended == want {
		return sdk.ActionResult{Message: fmt.Sprintf("Server %d was already %s", s.ID, word)}, nil
	}
	if err := c.serverAction(ctx, s.ID, action); err != nil {
		return sdk.ActionResult{}, err
	}
	return sdk.ActionResult{Message: fmt.Sprintf("Server %d is %s", s.ID, word)}, nil
}

// Terminate deletes the server at once (DELETE /servers/{id}?delay=0). A
// server already gone, or never made, is terminated. While staff have
// "Do Not Disturb" on for it, VirtFusion answers 423, which is retried
// later.
func (p *Provisioner) Terminate(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "terminate", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service), "reason", r.Reason)
	c, _, err := p.open(r.Server)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	s, ok, err := find(ctx, c, r.Service)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	if !ok {
		return sdk.ActionResult{Message: "VirtFusion has no such server: nothing to terminate"}, nil
	}
	if err := c.deleteServer(ctx, s.ID); err != nil && !sdk.IsNotFound(err) {
		return sdk.ActionResult{}, err
	}
	return sdk.ActionResult{Message: fmt.Sprintf("Server %d is deleted", s.ID)}, nil
}

// ChangePackage moves the server to the product's package (PUT
// /servers/{id}/package/{packageId}), which sets its resources; the
// product's overrides apply to new servers only.
func (p *Provisioner) ChangePackage(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "change package", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	prod, err := parseProduct(r.Service.ProductConfig)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	c, _, err := p.open(r.Server)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	s, err := mustFind(ctx, c, r.Service)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	if err := c.changePackage(ctx, s.ID, prod.packageID); err != nil {
		if sdk.IsNotFound(err) {
			return sdk.ActionResult{}, sdk.InvalidConfig(keyPackageID, "VirtFusion has no package %d", prod.packageID)
		}
		return sdk.ActionResult{}, err
	}
	return sdk.ActionResult{Message: fmt.Sprintf("Server %d is on package %d", s.ID, prod.packageID)}, nil
}
