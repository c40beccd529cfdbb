package examplepanel

import (
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

func TestCapacityIsCheckedAndRefusedWithAReason(t *testing.T) {
	srv, dir := newPanel(t, map[string]string{keyMaxServers: "2"})
	p := quiet()
	avail := func() sdk.Availability {
		t.Helper()
		a, err := p.CheckAvailability(ctxFor(t, time.Second), sdk.AvailabilityRequest{Server: srv, ProductConfig: map[string]string{keyPlan: "small"}})
		if err != nil {
			t.Fatalf("CheckAvailability: %v", err)
		}
		return a
	}
	if a := avail(); !a.Available || a.Remaining != 2 {
		t.Errorf("empty panel: %+v, want available with 2 remaining", a)
	}
	mustCreate(t, p, request(srv, "k1"))
	mustCreate(t, p, request(srv, "k2"))

	const reason = "Example Amsterdam is full: all 2 server slots are taken"
	if a := avail(); a.Available || a.Remaining != 0 || a.Reason != reason {
		t.Errorf("full panel: %+v, want unavailable, 0 remaining, reason %q", a, reason)
	}
	_, err := p.Create(ctxFor(t, time.Second), request(srv, "k3"))
	e := wantKind(t, err, sdk.KindPermanent, "Create on a full panel")
	if e.Reason != sdk.ReasonOutOfCapacity || e.Message != reason {
		t.Errorf("the refusal has reason %q, message %q; want %q, %q", e.Reason, e.Message, sdk.ReasonOutOfCapacity, reason)
	}
	// A repeat of a Create that already made its server is not a new one.
	mustCreate(t, p, request(srv, "k2"))
	if files := serverFiles(t, dir); len(files) != 2 {
		t.Errorf("server files %v, want 2", files)
	}

	if _, err := p.Terminate(ctxFor(t, time.Second), request(srv, "k1")); err != nil {
		t.Fatal(err)
	}
	if a := avail(); !a.Available || a.Remaining != 1 {
		t.Errorf("after a Terminate: %+v, want available with 1 remaining", a)
	}
}

func TestUnlimitedPanelHasUnknownRemaining(t *testing.T) {
	srv, _ := newPanel(t, nil)
	a, err := quiet().CheckAvailability(ctxFor(t, time.Second), sdk.AvailabilityRequest{Server: srv})
	if err != nil || !a.Available || a.Remaining != -1 {
		t.Errorf("unlimited panel: %+v, %v; want available, remaining -1", a, err)
	}
}

func TestListRemoteShowsServersWithTheirKeys(t *testing.T) {
	srv, _ := newPanel(t, nil)
	p := quiet()
	a := mustCreate(t, p, request(srv, "hostbase-a"))
	b := mustCreate(t, p, request(srv, "hostbase-b"))
	if _, err := p.Suspend(ctxFor(t, time.Second), request(srv, "hostbase-b")); err != nil {
		t.Fatal(err)
	}
	list, err := p.ListRemote(ctxFor(t, time.Second), sdk.ServerRequest{Server: srv})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]sdk.RemoteResource{}
	for _, r := range list {
		got[r.IdempotencyKey] = r
	}
	if len(list) != 2 || got["hostbase-a"].RemoteID != a.RemoteID || got["hostbase-b"].RemoteID != b.RemoteID {
		t.Fatalf("ListRemote: %+v, want %s and %s by key", list, a.RemoteID, b.RemoteID)
	}
	if got["hostbase-a"].State != sdk.StateRunning || got["hostbase-b"].State != sdk.StateSuspended {
		t.Errorf("states %s and %s, want running and suspended", got["hostbase-a"].State, got["hostbase-b"].State)
	}
	if got["hostbase-a"].Hostname != a.Hostname || got["hostbase-a"].IP != a.IP {
		t.Errorf("ListRemote's %+v does not match Create's %+v", got["hostbase-a"], a)
	}
}
