package virtfusionpanel_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/virtfusion/internal/fakevirtfusion"
)

func keys(actions []sdk.ClientAction) []string {
	var out []string
	for _, a := range actions {
		out = append(out, a.Key)
	}
	return out
}

// The customer's power actions follow the power state; shutting down
// makes Status say stopped and offers boot instead.
func TestPowerActions(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("power")
	svc.RemoteID = create(t, p, srv, svc).RemoteID
	req := sdk.ServiceRequest{Server: srv, Service: svc}

	actions, err := p.ClientActions(ctx(t), req)
	if err != nil {
		t.Fatal(err)
	}
	if got := keys(actions); !slices.Equal(got, []string{"restart", "shutdown", "reinstall", "reset_password"}) {
		t.Errorf("a running server offers %v", got)
	}
	if _, err := p.RunClientAction(ctx(t), sdk.ClientActionRequest{ServiceRequest: req, Action: "shutdown"}); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if st, err := p.Status(ctx(t), req); err != nil || st.State != sdk.StateStopped {
		t.Errorf("Status after shutdown: %+v, %v; want stopped", st, err)
	}
	actions, _ = p.ClientActions(ctx(t), req)
	if got := keys(actions); !slices.Contains(got, "boot") || slices.Contains(got, "shutdown") {
		t.Errorf("a stopped server offers %v, want boot and no shutdown", got)
	}
	if _, err := p.RunClientAction(ctx(t), sdk.ClientActionRequest{ServiceRequest: req, Action: "boot"}); err != nil {
		t.Fatalf("boot: %v", err)
	}
	if got := panel.State(svc.RemoteID); got != "running" {
		t.Errorf("the server is %s after boot", got)
	}
}

// Reinstall offers the package's templates, builds with the chosen one
// keeping the server's tag, and refuses one the package does not offer.
func TestReinstall(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("reinstall")
	svc.RemoteID = create(t, p, srv, svc).RemoteID
	req := sdk.ServiceRequest{Server: srv, Service: svc}

	actions, _ := p.ClientActions(ctx(t), req)
	i := slices.IndexFunc(actions, func(a sdk.ClientAction) bool { return a.Key == "reinstall" })
	if i < 0 || len(actions[i].Params) != 1 || len(actions[i].Params[0].Options) != 2 || !actions[i].Dangerous {
		t.Fatalf("reinstall action: %+v; want a dangerous action with a choice of the 2 templates", actions)
	}
	ubuntu := strconv.Itoa(fakevirtfusion.TemplateUbuntu)
	res, err := p.RunClientAction(ctx(t), sdk.ClientActionRequest{ServiceRequest: req, Action: "reinstall",
		Params: map[string]string{"os_template_id": ubuntu}})
	if err != nil || !res.Pending {
		t.Fatalf("reinstall: %+v, %v; want pending", res, err)
	}
	got, _ := panel.Server(svc.RemoteID)
	if got.Template != fakevirtfusion.TemplateUbuntu || got.Name != "hb-"+svc.IdempotencyKey {
		t.Errorf("after reinstall the server has template %d and name %q", got.Template, got.Name)
	}
	_, err = p.RunClientAction(ctx(t), sdk.ClientActionRequest{ServiceRequest: req, Action: "reinstall",
		Params: map[string]string{"os_template_id": "999"}})
	if sdk.KindOf(err) != sdk.KindPermanent {
		t.Errorf("reinstall with a template not offered: %v, want permanent", err)
	}
}

// A password reset returns the password VirtFusion set, for Hostbase to
// store; a suspended server refuses customer actions.
func TestResetPasswordAndSuspendedServer(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("reset")
	svc.RemoteID = create(t, p, srv, svc).RemoteID
	req := sdk.ServiceRequest{Server: srv, Service: svc}
	res, err := p.RunClientAction(ctx(t), sdk.ClientActionRequest{ServiceRequest: req, Action: "reset_password"})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := panel.Server(svc.RemoteID)
	if res.Credentials["root_password"] == "" || res.Credentials["root_password"] != got.Password {
		t.Errorf("reset returned %q, the panel has %q", res.Credentials["root_password"], got.Password)
	}
	if strings.Contains(res.Message, got.Password) {
		t.Errorf("the message shows the password: %q", res.Message)
	}
	if _, err := p.Suspend(ctx(t), req); err != nil {
		t.Fatal(err)
	}
	if _, err := p.RunClientAction(ctx(t), sdk.ClientActionRequest{ServiceRequest: req, Action: "restart"}); sdk.KindOf(err) != sdk.KindPermanent {
		t.Errorf("restart of a suspended server: %v, want permanent", err)
	}
	if actions, err := p.ClientActions(ctx(t), req); err != nil || len(actions) != 0 {
		t.Errorf("a suspended server offers %v (%v), want nothing", keys(actions), err)
	}
}
