package pteropanel

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Suspend suspends the server (POST /servers/{id}/suspend). The panel
// does nothing to a suspended server and answers 409 while the server is
// being transferred between nodes, which is retried.
func (p *Provisioner) Suspend(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "suspend", time.Now(), &err, "key", r.Service.IdempotencyKey, "remote", r.Service.RemoteID)
	return p.post(ctx, r, "suspend", "suspended")
}

// Unsuspend lifts a suspension (POST /servers/{id}/unsuspend), a no-op on
// an active server.
func (p *Provisioner) Unsuspend(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "unsuspend", time.Now(), &err, "key", r.Service.IdempotencyKey, "remote", r.Service.RemoteID)
	return p.post(ctx, r, "unsuspend", "unsuspended")
}

// post sends one of the application API's server actions.
func (p *Provisioner) post(ctx context.Context, r sdk.ServiceRequest, action, done string) (sdk.ActionResult, error) {
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	s, err := p.find(ctx, pn, r.Service)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	if err := pn.app.do(ctx, http.MethodPost, fmt.Sprintf("/servers/%d/%s", s.ID, action), nil, nil, nil); err != nil {
		return sdk.ActionResult{}, err
	}
	return sdk.ActionResult{Message: fmt.Sprintf("server %s %s", s.Identifier, done)}, nil
}

// Terminate deletes the server (DELETE /servers/{id}). A server the panel
// does not have is already gone: success. The user account stays, since
// the customer may have other servers.
func (p *Provisioner) Terminate(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "terminate", time.Now(), &err, "key", r.Service.IdempotencyKey, "remote", r.Service.RemoteID)
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	s, err := p.find(ctx, pn, r.Service)
	if sdk.IsNotFound(err) {
		return sdk.ActionResult{Message: "the panel has no such server: nothing to delete"}, nil
	}
	if err != nil {
		return sdk.ActionResult{}, err
	}
	err = pn.app.do(ctx, http.MethodDelete, fmt.Sprintf("/servers/%d", s.ID), nil, nil, nil)
	if sdk.IsNotFound(err) {
		return sdk.ActionResult{Message: "the server was already deleted"}, nil
	}
	if err != nil {
		return sdk.ActionResult{}, err
	}
	return sdk.ActionResult{Message: fmt.Sprintf("server %s deleted", s.Identifier)}, nil
}

// ChangePackage sets the product's limits and feature limits on the
// server (PATCH /servers/{id}/build), keeping its allocation. The egg is
// not changed: that is a reinstall, not a resize.
func (p *Provisioner) ChangePackage(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "change package", time.Now(), &err, "key", r.Service.IdempotencyKey, "remote", r.Service.RemoteID)
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	pl, err := parsePlan(r.Service.ProductConfig)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	s, err := p.find(ctx, pn, r.Service)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	body := map[string]any{
		"allocation": s.Allocation,
		"limits": map[string]int64{"memory": pl.limits.Memory, "swap": pl.limits.Swap, "disk": pl.limits.Disk,
			"io": pl.limits.IO, "cpu": pl.limits.CPU},
		"feature_limits": pl.features,
	}
	if s.Limits.OOMDisabled != nil {
		body["oom_disabled"] = *s.Limits.OOMDisabled
	}
	if err := pn.app.do(ctx, http.MethodPatch, fmt.Sprintf("/servers/%d/build", s.ID), nil, body, nil); err != nil {
		return sdk.ActionResult{}, err
	}
	return sdk.ActionResult{Message: fmt.Sprintf("server %s now has %d MB memory, %d MB disk, %d%% CPU",
		s.Identifier, pl.limits.Memory, pl.limits.Disk, pl.limits.CPU)}, nil
}
