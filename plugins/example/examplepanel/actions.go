package examplepanel

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// The client actions' keys.
const (
	actionReboot    = "reboot"
	actionPowerOff  = "power_off"
	actionPowerOn   = "power_on"
	actionReinstall = "reinstall"
)

// ClientActions lists what the customer may do now: power actions that fit
// the power state, and reinstall. A suspended or building server offers
// nothing.
func (p *Provisioner) ClientActions(_ context.Context, r sdk.ServiceRequest) (actions []sdk.ClientAction, err error) {
	defer p.trace(hclog.Debug, "client actions", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	_, srv, err := readServer(r)
	if err != nil {
		return nil, err
	}
	if srv.State != stateRunning {
		return []sdk.ClientAction{}, nil
	}
	if srv.Power == powerOn {
		actions = append(actions,
			sdk.ClientAction{Key: actionReboot, Label: "Reboot", Confirm: "Reboot the server now?"},
			sdk.ClientAction{Key: actionPowerOff, Label: "Power off", Confirm: "Cut the power? Unsaved work is lost."})
	} else {
		actions = append(actions, sdk.ClientAction{Key: actionPowerOn, Label: "Power on"})
	}
	return append(actions, sdk.ClientAction{
		Key: actionReinstall, Label: "Reinstall", Dangerous: true,
		Confirm: "Reinstall the server? Everything on its disk is erased.",
		Params:  []sdk.ConfigField{{Key: keyOS, Label: "Operating system", Type: sdk.FieldSelect, Required: true, Options: osOptions}},
	}), nil
}

// RunClientAction does one of the ClientActions. Powering off a server
// that is off, or on one that is on, succeeds.
func (p *Provisioner) RunClientAction(ctx context.Context, r sdk.ClientActionRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "client action", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service), "action", r.Action)
	pn, srv, unlock, err := p.lockServer(ctx, r.ServiceRequest)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	defer unlock()
	switch srv.State {
	case stateBuilding:
		return sdk.ActionResult{}, errStillBuilding(srv)
	case stateSuspended:
		return sdk.ActionResult{}, sdk.Permanent(fmt.Errorf("server %s is suspended", srv.Hostname))
	}
	var msg string
	var creds map[string]string
	switch r.Action {
	case actionReboot:
		if srv.Power != powerOn {
			return sdk.ActionResult{}, sdk.Permanent(fmt.Errorf("server %s is powered off: power it on instead", srv.Hostname))
		}
		return sdk.ActionResult{Message: fmt.Sprintf("Server %s is rebooting", srv.Hostname)}, nil
	case actionPowerOff:
		srv.Power, msg = powerOff, "powered off"
	case actionPowerOn:
		srv.Power, msg = powerOn, "powered on"
	case actionReinstall:
		os := r.Params[keyOS]
		if !slices.ContainsFunc(osOptions, func(o sdk.Option) bool { return o.Value == os }) {
			return sdk.ActionResult{}, sdk.Permanent(fmt.Errorf("unknown operating system %q", os))
		}
		// A reinstall is a new system with a new root password, which
		// Hostbase stores when told.
		srv.OS, srv.Power, msg = os, powerOn, "reinstalled with "+os
		srv.RootPassword = newPassword()
		creds = map[string]string{"root_password": srv.RootPassword}
	default:
		return sdk.ActionResult{}, sdk.Permanent(errors.New("unknown client action " + r.Action))
	}
	if err := pn.store.write(srv); err != nil {
		return sdk.ActionResult{}, sdk.Retryable(err)
	}
	return sdk.ActionResult{Message: fmt.Sprintf("Server %s is %s", srv.Hostname, msg), Credentials: creds}, nil
}
