package examplepanel

import (
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

func actionKeys(t *testing.T, p *Provisioner, r sdk.ServiceRequest) string {
	t.Helper()
	actions, err := p.ClientActions(ctxFor(t, time.Second), r)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, len(actions))
	for i, a := range actions {
		keys[i] = a.Key
	}
	return strings.Join(keys, ",")
}

func TestClientActionsFollowThePowerState(t *testing.T) {
	srv, _ := newPanel(t, nil)
	p := quiet()
	r := request(srv, "hostbase-c")
	mustCreate(t, p, r)
	run := func(action string, params map[string]string) error {
		_, err := p.RunClientAction(ctxFor(t, time.Second), sdk.ClientActionRequest{ServiceRequest: r, Action: action, Params: params})
		return err
	}

	if got := actionKeys(t, p, r); got != "reboot,power_off,reinstall" {
		t.Errorf("actions when on: %s", got)
	}
	if err := run(actionReboot, nil); err != nil {
		t.Errorf("reboot: %v", err)
	}
	for range 2 {
		if err := run(actionPowerOff, nil); err != nil {
			t.Fatalf("power off (twice is fine): %v", err)
		}
	}
	if got := actionKeys(t, p, r); got != "power_on,reinstall" {
		t.Errorf("actions when off: %s", got)
	}
	wantKind(t, run(actionReboot, nil), sdk.KindPermanent, "reboot when off")

	wantKind(t, run(actionReinstall, map[string]string{keyOS: "windows"}), sdk.KindPermanent, "reinstall with an unknown OS")
	if err := run(actionReinstall, map[string]string{keyOS: "almalinux-9"}); err != nil {
		t.Fatalf("reinstall: %v", err)
	}
	st, _ := p.Status(ctxFor(t, time.Second), r)
	if st.State != sdk.StateRunning || !strings.Contains(st.Detail, "almalinux-9") {
		t.Errorf("after reinstall: %+v, want running almalinux-9", st)
	}
	wantKind(t, run("format_c", nil), sdk.KindPermanent, "an unknown action")

	if _, err := p.Suspend(ctxFor(t, time.Second), r); err != nil {
		t.Fatal(err)
	}
	if got := actionKeys(t, p, r); got != "" {
		t.Errorf("actions when suspended: %s, want none", got)
	}
	wantKind(t, run(actionPowerOff, nil), sdk.KindPermanent, "power off when suspended")
}

func TestSingleSignOnLinks(t *testing.T) {
	srv, _ := newPanel(t, nil)
	p := quiet()
	r := request(srv, "hostbase-sso")
	mustCreate(t, p, r)

	a, err := p.SingleSignOn(ctxFor(t, time.Second), r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.URL, "http://127.0.0.1/example-panel/login?token=") {
		t.Errorf("URL %q, want the default panel's login", a.URL)
	}
	if left := time.Until(a.ExpiresAt); left < 4*time.Minute || left > 5*time.Minute {
		t.Errorf("expires in %s, want 5 minutes", left)
	}
	b, _ := p.SingleSignOn(ctxFor(t, time.Second), r)
	if a.URL == b.URL {
		t.Errorf("two links share a token: %s", a.URL)
	}

	srv.Config[keySSOBaseURL] = "https://panel.example.test/"
	r.Server = srv
	c, _ := p.SingleSignOn(ctxFor(t, time.Second), r)
	if !strings.HasPrefix(c.URL, "https://panel.example.test/login?token=") {
		t.Errorf("URL %q, want the configured panel's login", c.URL)
	}

	_, err = p.SingleSignOn(ctxFor(t, time.Second), request(srv, "hostbase-nobody"))
	wantKind(t, err, sdk.KindNotFound, "SingleSignOn of a server not there")
}

func TestChangePasswordIsWhatCreateReturnsNext(t *testing.T) {
	srv, _ := newPanel(t, nil)
	p := quiet()
	r := request(srv, "hostbase-pw")
	mustCreate(t, p, r)
	if _, err := p.ChangePassword(ctxFor(t, time.Second), sdk.ChangePasswordRequest{ServiceRequest: r, Password: "n3w-Passw0rd"}); err != nil {
		t.Fatal(err)
	}
	if got := mustCreate(t, p, r).Credentials["root_password"]; got != "n3w-Passw0rd" {
		t.Errorf("root password %q after ChangePassword", got)
	}
	_, err := p.ChangePassword(ctxFor(t, time.Second), sdk.ChangePasswordRequest{ServiceRequest: r})
	wantKind(t, err, sdk.KindPermanent, "ChangePassword to an empty password")
}
