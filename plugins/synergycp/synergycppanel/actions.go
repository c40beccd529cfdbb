package synergycppanel

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// powerActions are the IPMI power commands the WHMCS module offers a
// client, keyed by our action key, with SynergyCP's "power" value.
var powerActions = []struct {
	action sdk.ClientAction
	power  string
}{
	{sdk.ClientAction{Key: "power_on", Label: "Power on"}, "on"},
	{sdk.ClientAction{Key: "shutdown", Label: "Shut down", Confirm: "Ask the operating system to shut down?"}, "soft"},
	{sdk.ClientAction{Key: "power_off", Label: "Power off", Confirm: "Cut the power? Unsaved work is lost.", Dangerous: true}, "off"},
	{sdk.ClientAction{Key: "reset", Label: "Reset", Confirm: "Reset the server? Unsaved work is lost.", Dangerous: true}, "reset"},
}

// ClientActions lists the power commands, when the product gives the
// client IPMI access (without it SynergyCP refuses them).
func (p *Provisioner) ClientActions(ctx context.Context, r sdk.ServiceRequest) (out []sdk.ClientAction, err error) {
	defer p.trace(hclog.Debug, "client actions", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	pr, err := parseProduct(r.Service.ProductConfig)
	if err != nil {
		return nil, err
	}
	if _, _, err := p.locate(ctx, r); err != nil {
		return nil, err
	}
	if !pr.ipmi {
		return []sdk.ClientAction{}, nil
	}
	for _, a := range powerActions {
		out = append(out, a.action)
	}
	return out, nil
}

// RunClientAction sends one power command through SynergyCP's IPMI
// endpoint (PATCH server/{id}/ipmi {"power": …}).
func (p *Provisioner) RunClientAction(ctx context.Context, r sdk.ClientActionRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "client action", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service), "action", r.Action)
	power := ""
	for _, a := range powerActions {
		if a.action.Key == r.Action {
			power = a.power
		}
	}
	if power == "" {
		return sdk.ActionResult{}, sdk.Permanent(fmt.Errorf("unknown client action %q", r.Action))
	}
	pr, err := parseProduct(r.Service.ProductConfig)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	if !pr.ipmi {
		// The admin key could do it, but the product withholds IPMI from
		// the customer.
		return sdk.ActionResult{}, sdk.Permanent(fmt.Errorf("the product gives the customer no IPMI access"))
	}
	c, srv, err := p.locate(ctx, r.ServiceRequest)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	if err := c.patch(ctx, "server/"+string(srv.ID)+"/ipmi", map[string]string{"power": power}, nil); err != nil {
		return sdk.ActionResult{}, err
	}
	return sdk.ActionResult{Message: fmt.Sprintf("Sent power %s to server %s", power, srv.label())}, nil
}
