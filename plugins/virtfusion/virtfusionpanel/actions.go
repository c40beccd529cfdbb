package virtfusionpanel

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// The client actions' keys.
const (
	actionBoot          = "boot"
	actionShutdown      = "shutdown"
	actionRestart       = "restart"
	actionReinstall     = "reinstall"
	actionResetPassword = "reset_password"
	paramTemplate       = "os_template_id"
)

// ClientActions lists what the customer may do now: power actions that
// fit the power state, a reinstall with the templates the package allows
// (GET /media/templates/fromServerPackageSpec/{packageId}) and a root
// password reset. A suspended or unbuilt server offers nothing.
func (p *Provisioner) ClientActions(ctx context.Context, r sdk.ServiceRequest) (actions []sdk.ClientAction, err error) {
	defer p.trace(hclog.Debug, "client actions", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	c, _, err := p.open(r.Server)
	if err != nil {
		return nil, err
	}
	prod, err := parseProduct(r.Service.ProductConfig)
	if err != nil {
		return nil, err
	}
	s, err := mustFind(ctx, c, r.Service)
	if err != nil {
		return nil, err
	}
	actions = []sdk.ClientAction{}
	state := stateOf(s)
	switch state {
	case sdk.StateRunning:
		actions = append(actions,
			sdk.ClientAction{Key: actionRestart, Label: "Restart", Confirm: "Restart the server now?"},
			sdk.ClientAction{Key: actionShutdown, Label: "Shut down", Confirm: "Shut the server down?"})
	case sdk.StateStopped:
		actions = append(actions, sdk.ClientAction{Key: actionBoot, Label: "Boot"})
	default:
		return actions, nil
	}
	options, err := templateOptions(ctx, c, prod.packageID)
	if err != nil {
		return nil, err
	}
	if len(options) > 0 {
		actions = append(actions, sdk.ClientAction{Key: actionReinstall, Label: "Reinstall", Dangerous: true,
			Confirm: "Reinstall the server? Everything on its disk is erased.",
			Params: []sdk.ConfigField{{Key: paramTemplate, Label: "Operating system", Type: sdk.FieldSelect,
				Required: true, Options: options}}})
	}
	return append(actions, sdk.ClientAction{Key: actionResetPassword, Label: "Reset root password",
		Confirm: "Set a new, random root password?"}), nil
}

// templateOptions are the OS templates the package allows, as choices.
func templateOptions(ctx context.Context, c *client, packageID int64) ([]sdk.Option, error) {
	groups, err := c.templates(ctx, packageID)
	if sdk.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []sdk.Option
	for _, g := range groups {
		for _, t := range g.Templates {
			label := strings.TrimSpace(strings.Join([]string{t.Name, t.Version, t.Variant}, " "))
			out = append(out, sdk.Option{Value: strconv.FormatInt(t.ID, 10), Label: label})
		}
	}
	return out, nil
}

// RunClientAction does one of the ClientActions: a power action (POST
// /servers/{id}/power/{action}), a reinstall (POST /servers/{id}/build,
// keeping the server's tag) or a password reset (POST
// /servers/{id}/resetPassword), whose new password is returned.
func (p *Provisioner) RunClientAction(ctx context.Context, r sdk.ClientActionRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "client action", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service), "action", r.Action)
	c, _, err := p.open(r.Server)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	s, err := mustFind(ctx, c, r.Service)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	switch stateOf(s) {
	case sdk.StateSuspended:
		return sdk.ActionResult{}, sdk.Permanent(fmt.Errorf("server %d is suspended", s.ID))
	case sdk.StatePending:
		return sdk.ActionResult{}, sdk.RetryableAfter(fmt.Errorf("server %d is still being built", s.ID), 30*time.Second)
	}
	switch r.Action {
	case actionBoot, actionShutdown, actionRestart:
		if err := c.serverAction(ctx, s.ID, "power/"+r.Action); err != nil {
			return sdk.ActionResult{}, err
		}
		return sdk.ActionResult{Message: fmt.Sprintf("Server %d: %s sent", s.ID, r.Action)}, nil
	case actionReinstall:
		return p.reinstall(ctx, c, r, s)
	case actionResetPassword:
		pw, err := c.resetPassword(ctx, s.ID)
		if err != nil {
			return sdk.ActionResult{}, err
		}
		return sdk.ActionResult{Message: fmt.Sprintf("The root password of server %d is reset", s.ID),
			Credentials: map[string]string{"root_password": pw}}, nil
	}
	return sdk.ActionResult{}, sdk.Permanent(errors.New("unknown client action " + r.Action))
}

func (p *Provisioner) reinstall(ctx context.Context, c *client, r sdk.ClientActionRequest, s vfServer) (sdk.ActionResult, error) {
	prod, err := parseProduct(r.Service.ProductConfig)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	want := r.Params[paramTemplate]
	options, err := templateOptions(ctx, c, prod.packageID)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	var label string
	for _, o := range options {
		if o.Value == want {
			label = o.Label
		}
	}
	if label == "" {
		return sdk.ActionResult{}, sdk.Permanent(fmt.Errorf("operating system %q is not offered for this server", want))
	}
	id, _ := strconv.ParseInt(want, 10, 64)
	// VirtFusion mails the new root password to the customer when the
	// build ends; Hostbase cannot wait for it here.
	err = c.build(ctx, s.ID, buildBody{OperatingSystemID: id, Name: tagFor(r.Service.IdempotencyKey),
		Hostname: hostnameOf(s, r.Service), Email: true})
	if err != nil {
		return sdk.ActionResult{}, err
	}
	return sdk.ActionResult{Pending: true, Message: fmt.Sprintf("Server %d is being reinstalled with %s; "+
		"the new root password is emailed when it is ready", s.ID, label)}, nil
}
