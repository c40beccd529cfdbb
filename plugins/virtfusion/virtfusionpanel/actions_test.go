package virtfusionpanel_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

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

// Single sign-on is the panel's address with the token path VirtFusion
// gives, short-lived.
func TestSingleSignOn(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("sso")
	svc.RemoteID = create(t, p, srv, svc).RemoteID
	sso, err := p.SingleSignOn(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sso.URL, panel.URL+"/token/?token=") || !strings.HasSuffix(sso.URL, "server="+svc.RemoteID) {
		t.Errorf("SSO URL %q, want the panel's /token/ path for server %s", sso.URL, svc.RemoteID)
	}
	if left := time.Until(sso.ExpiresAt); left <= 0 || left > 10*time.Minute {
		t.Errorf("SSO link expires in %s", left)
	}
}

// Usage reports the package's limits, the month's traffic and memory in
// use; disk in use and CPU are unreported.
func TestUsage(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("usage")
	svc.RemoteID = create(t, p, srv, svc).RemoteID
	u, err := p.Usage(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
	if err != nil {
		t.Fatal(err)
	}
	want := sdk.Usage{DiskUsedBytes: sdk.Unreported, DiskLimitBytes: 20 << 30, MemoryUsedBytes: 512 << 20, MemoryLimitBytes: 1024 << 20,
		BandwidthUsedBytes: 123 << 20, BandwidthLimitBytes: 1000 << 30, CPUPermille: sdk.Unreported}
	if u != want {
		t.Errorf("Usage %+v, want %+v", u, want)
	}
}

// ChangePackage moves the server to the new product's package.
func TestChangePackage(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("upgrade")
	svc.RemoteID = create(t, p, srv, svc).RemoteID
	svc.ProductConfig = productConfig(fakevirtfusion.PackageLarge)
	if _, err := p.ChangePackage(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc}); err != nil {
		t.Fatal(err)
	}
	if got := panel.Package(svc.RemoteID); got != fakevirtfusion.PackageLarge {
		t.Errorf("the server is on package %d, want %d", got, fakevirtfusion.PackageLarge)
	}
	svc.ProductConfig = productConfig(77)
	_, err := p.ChangePackage(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
	if e := sdkError(t, err); e.Kind != sdk.KindInvalidConfig || e.Field != "package_id" {
		t.Errorf("ChangePackage to an unknown package: %v, want invalid config of package_id", err)
	}
}

// A RemoteID naming a server tagged for another service is not acted on:
// Terminate leaves it alone.
func TestNeverTouchesAnotherServicesServer(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv := newPlugin(), serverFor(panel)
	theirs := create(t, p, srv, newService("theirs"))
	mine := newService("mine")
	mine.RemoteID = theirs.RemoteID
	if _, err := p.Terminate(ctx(t), sdk.ServiceRequest{Server: srv, Service: mine}); err != nil {
		t.Fatal(err)
	}
	if got := panel.State(theirs.RemoteID); got != "running" {
		t.Errorf("another service's server is %s after a Terminate naming its id, want running", got)
	}
}
