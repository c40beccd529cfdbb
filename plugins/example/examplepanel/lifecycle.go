package examplepanel

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Suspend stops the customer using the server; a suspended one stays so.
func (p *Provisioner) Suspend(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "suspend", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service), "reason", r.Reason)
	return p.setState(ctx, r, stateSuspended)
}

// Unsuspend gives the server back; a running one stays so.
func (p *Provisioner) Unsuspend(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "unsuspend", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	return p.setState(ctx, r, stateRunning)
}

func (p *Provisioner) setState(ctx context.Context, r sdk.ServiceRequest, want string) (sdk.ActionResult, error) {
	pn, srv, unlock, err := p.lockServer(ctx, r)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	defer unlock()
	switch srv.State {
	case want:
		return sdk.ActionResult{Message: fmt.Sprintf("Server %s was already %s", srv.Hostname, want)}, nil
	case stateBuilding:
		return sdk.ActionResult{}, errStillBuilding(srv)
	}
	srv.State = want
	if err := pn.store.write(srv); err != nil {
		return sdk.ActionResult{}, sdk.Retryable(err)
	}
	return sdk.ActionResult{Message: fmt.Sprintf("Server %s is %s", srv.Hostname, want)}, nil
}

// Terminate removes the server. One that does not exist (terminated
// before, deleted by hand, never made) is already terminated.
func (p *Provisioner) Terminate(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "terminate", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service), "reason", r.Reason)
	pn, err := open(r.Server)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	id, ok := serviceID(r.Service)
	if !ok {
		return sdk.ActionResult{Message: "No such server: nothing to terminate"}, nil
	}
	unlock, err := p.locks.Lock(ctx, id)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	defer unlock()
	if err := pn.store.remove(id); err != nil {
		return sdk.ActionResult{}, sdk.Retryable(fmt.Errorf("remove server %s: %w", id, err))
	}
	return sdk.ActionResult{Message: fmt.Sprintf("Server %s is terminated", id)}, nil
}

// ChangePackage moves the server to the plan and memory of the product
// config in the request. The OS stays: changing it is a reinstall, which
// the customer asks for.
func (p *Provisioner) ChangePackage(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "change package", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	prod, err := parseProduct(r.Service.ProductConfig)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	pn, srv, unlock, err := p.lockServer(ctx, r)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	defer unlock()
	if srv.State == stateBuilding {
		return sdk.ActionResult{}, errStillBuilding(srv)
	}
	if srv.Plan == prod.plan && srv.MemoryMB == prod.memoryMB {
		return sdk.ActionResult{Message: fmt.Sprintf("Server %s already has plan %s with %d MB", srv.Hostname, prod.plan, prod.memoryMB)}, nil
	}
	srv.Plan, srv.MemoryMB = prod.plan, prod.memoryMB
	if err := pn.store.write(srv); err != nil {
		return sdk.ActionResult{}, sdk.Retryable(err)
	}
	return sdk.ActionResult{Message: fmt.Sprintf("Server %s now has plan %s with %d MB", srv.Hostname, prod.plan, prod.memoryMB)}, nil
}

// ChangePassword sets the server's root password.
func (p *Provisioner) ChangePassword(ctx context.Context, r sdk.ChangePasswordRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "change password", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	if r.Password == "" {
		return sdk.ActionResult{}, sdk.Permanent(errors.New("the new password is empty"))
	}
	pn, srv, unlock, err := p.lockServer(ctx, r.ServiceRequest)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	defer unlock()
	if srv.State == stateBuilding {
		return sdk.ActionResult{}, errStillBuilding(srv)
	}
	srv.RootPassword = r.Password
	if err := pn.store.write(srv); err != nil {
		return sdk.ActionResult{}, sdk.Retryable(err)
	}
	// Returned so Hostbase stores it under the key Create used.
	return sdk.ActionResult{Message: fmt.Sprintf("The root password of %s is changed", srv.Hostname),
		Credentials: map[string]string{"root_password": r.Password}}, nil
}
