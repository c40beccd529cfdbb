package pteropanel

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// powerSignals are the client API's power signals offered to customers
// (POST /api/client/servers/{identifier}/power).
var powerSignals = []sdk.ClientAction{
	{Key: "start", Label: "Start"},
	{Key: "stop", Label: "Stop", Confirm: "Stop the game server? Players will be disconnected."},
	{Key: "restart", Label: "Restart", Confirm: "Restart the game server? Players will be disconnected."},
}

var reinstall = sdk.ClientAction{Key: "reinstall", Label: "Reinstall", Dangerous: true,
	Confirm: "Reinstall the server? The egg's install script runs again and may overwrite your files."}

// ClientActions offers reinstall always (application API), and start,
// stop and restart only when a client API key is configured: the
// application API cannot send power signals.
func (p *Provisioner) ClientActions(ctx context.Context, r sdk.ServiceRequest) (acts []sdk.ClientAction, err error) {
	defer p.trace(hclog.Debug, "client actions", time.Now(), &err, "key", r.Service.IdempotencyKey)
	pn, err := p.open(r.Server)
	if err != nil {
		return nil, err
	}
	if _, err := p.find(ctx, pn, r.Service); err != nil {
		return nil, err
	}
	if pn.cli != nil {
		acts = append(acts, powerSignals...)
	}
	return append(acts, reinstall), nil
}

// RunClientAction sends a power signal through the client API, or asks
// the application API for a reinstall, which reports Pending while the
// install script runs.
func (p *Provisioner) RunClientAction(ctx context.Context, r sdk.ClientActionRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "client action", time.Now(), &err, "key", r.Service.IdempotencyKey, "action", r.Action)
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	s, err := p.find(ctx, pn, r.Service)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	switch r.Action {
	case "reinstall":
		if err := pn.app.do(ctx, http.MethodPost, fmt.Sprintf("/servers/%d/reinstall", s.ID), nil, nil, nil); err != nil {
			return sdk.ActionResult{}, err
		}
		return sdk.ActionResult{Message: "server " + s.Identifier + " is reinstalling", Pending: true}, nil
	case "start", "stop", "restart":
		if pn.cli == nil {
			return sdk.ActionResult{}, sdk.InvalidConfig(cfgClientKey, "power actions need a client API key in the server settings")
		}
		body := map[string]string{"signal": r.Action}
		if err := pn.cli.do(ctx, http.MethodPost, "/servers/"+s.Identifier+"/power", nil, body, nil); err != nil {
			return sdk.ActionResult{}, err
		}
		return sdk.ActionResult{Message: "sent " + r.Action + " to server " + s.Identifier}, nil
	}
	return sdk.ActionResult{}, sdk.Permanent(fmt.Errorf("unknown client action %q", r.Action))
}
