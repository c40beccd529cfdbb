package pteropanel_test

import (
	"testing"

	"github.com/ezscale/hostbase/plugins/pterodactyl/internal/fakeptero"
	"github.com/ezscale/hostbase/plugins/pterodactyl/pteropanel"
	"github.com/ezscale/hostbase/plugins/sdk"
)

func keys(acts []sdk.ClientAction) []string {
	var out []string
	for _, a := range acts {
		out = append(out, a.Key)
	}
	return out
}

// Power buttons need the client API key; reinstall does not.
func TestPowerActionsOnlyWithAClientKey(t *testing.T) {
	pn := fakeptero.New(t)
	p := pteropanel.New(nil)
	r := request(pn, "buttons")
	r.Service.RemoteID = create(t, p, r).RemoteID

	acts, err := p.ClientActions(ctx(t), r)
	if got := keys(acts); err != nil || len(got) != 4 || got[0] != "start" || got[3] != "reinstall" {
		t.Fatalf("with a client key: %v, %v; want start, stop, restart, reinstall", got, err)
	}
	if _, err := p.RunClientAction(ctx(t), sdk.ClientActionRequest{ServiceRequest: r, Action: "stop"}); err != nil {
		t.Fatal(err)
	}
	if s, _ := pn.Server(r.Service.RemoteID); s.Power != "offline" {
		t.Errorf("after stop the server is %q", s.Power)
	}

	delete(r.Server.Credentials, "client_api_key")
	acts, err = p.ClientActions(ctx(t), r)
	if got := keys(acts); err != nil || len(got) != 1 || got[0] != "reinstall" {
		t.Fatalf("without a client key: %v, %v; want only reinstall", got, err)
	}
	_, err = p.RunClientAction(ctx(t), sdk.ClientActionRequest{ServiceRequest: r, Action: "start"})
	if e := sdk.AsError(err); e == nil || e.Kind != sdk.KindInvalidConfig || e.Field != "client_api_key" {
		t.Errorf("start without a client key: %v", err)
	}
}

// Reinstall goes through the application API and is pending while the
// install script runs.
func TestReinstallIsPendingUntilInstalled(t *testing.T) {
	pn := fakeptero.New(t)
	p := pteropanel.New(nil)
	r := request(pn, "again")
	r.Service.RemoteID = create(t, p, r).RemoteID
	res, err := p.RunClientAction(ctx(t), sdk.ClientActionRequest{ServiceRequest: r, Action: "reinstall"})
	if err != nil || !res.Pending {
		t.Fatalf("reinstall: %+v, %v", res, err)
	}
	st, _ := p.Status(ctx(t), r)
	if st.State != sdk.StatePending {
		t.Errorf("Status right after a reinstall: %s, want pending", st.State)
	}
	st, _ = p.Status(ctx(t), r)
	if st.State != sdk.StateRunning {
		t.Errorf("Status once installed: %s, want running", st.State)
	}
}

// Usage has the limits from the application API and the live figures
// from the client API.
func TestUsageReportsLimitsAndLiveFigures(t *testing.T) {
	pn := fakeptero.New(t)
	p := pteropanel.New(nil)
	r := request(pn, "gauges")
	r.Service.RemoteID = create(t, p, r).RemoteID
	u, err := p.Usage(ctx(t), r)
	if err != nil {
		t.Fatal(err)
	}
	if u.MemoryLimitBytes != 1024<<20 || u.DiskLimitBytes != 5120<<20 || u.MemoryUsedBytes != 512<<20 || u.CPUPermille != 375 {
		t.Errorf("usage %+v", u)
	}
	if u.BandwidthUsedBytes != sdk.Unreported {
		t.Errorf("bandwidth %d, want unreported", u.BandwidthUsedBytes)
	}
	delete(r.Server.Credentials, "client_api_key")
	u, err = p.Usage(ctx(t), r)
	if err != nil || u.MemoryUsedBytes != sdk.Unreported || u.MemoryLimitBytes != 1024<<20 {
		t.Errorf("usage without a client key: %+v, %v", u, err)
	}
}
