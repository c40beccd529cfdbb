package examplepanel

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

func TestStatusOfServersThatAreNotThere(t *testing.T) {
	srv, dir := newPanel(t, nil)
	// A file a RemoteID must never reach.
	if err := os.WriteFile(filepath.Join(filepath.Dir(dir), "secret.json"), []byte(`{"state":"running"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, svc := range []sdk.Service{
		{IdempotencyKey: "hostbase-never"},
		{RemoteID: "0123456789abcdef"},
		{RemoteID: "../secret"},
		{RemoteID: "not-ours", IdempotencyKey: "hostbase-never"},
		{},
	} {
		st, err := quiet().Status(ctxFor(t, time.Second), sdk.ServiceRequest{Server: srv, Service: svc})
		if err != nil || st.State != sdk.StateMissing {
			t.Errorf("Status of %+v: %+v, %v; want missing", svc, st, err)
		}
		if _, err := quiet().Terminate(ctxFor(t, time.Second), sdk.ServiceRequest{Server: srv, Service: svc}); err != nil {
			t.Errorf("Terminate of %+v: %v, want success", svc, err)
		}
		_, err = quiet().Suspend(ctxFor(t, time.Second), sdk.ServiceRequest{Server: srv, Service: svc})
		wantKind(t, err, sdk.KindNotFound, "Suspend of a server not there")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "secret.json")); err != nil {
		t.Errorf("a Terminate reached outside the panel's directory: %v", err)
	}
}

func TestSuspendUnsuspendAndPowerShowInStatus(t *testing.T) {
	srv, _ := newPanel(t, nil)
	p := quiet()
	r := request(srv, "hostbase-s")
	r.Service.RemoteID = mustCreate(t, p, r).RemoteID
	state := func() sdk.State {
		t.Helper()
		st, err := p.Status(ctxFor(t, time.Second), r)
		if err != nil {
			t.Fatal(err)
		}
		return st.State
	}
	run := func(action string) {
		t.Helper()
		if _, err := p.RunClientAction(ctxFor(t, time.Second), sdk.ClientActionRequest{ServiceRequest: r, Action: action}); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	}

	run(actionPowerOff)
	if s := state(); s != sdk.StateStopped {
		t.Errorf("after power off: %s, want stopped", s)
	}
	if _, err := p.Suspend(ctxFor(t, time.Second), r); err != nil {
		t.Fatal(err)
	}
	if s := state(); s != sdk.StateSuspended {
		t.Errorf("after Suspend: %s, want suspended", s)
	}
	if _, err := p.Unsuspend(ctxFor(t, time.Second), r); err != nil {
		t.Fatal(err)
	}
	if s := state(); s != sdk.StateStopped {
		t.Errorf("after Unsuspend of a powered-off server: %s, want stopped (as it was)", s)
	}
	run(actionPowerOn)
	if s := state(); s != sdk.StateRunning {
		t.Errorf("after power on: %s, want running", s)
	}
}

func TestUsageIsDeterministicAndBoundedByThePlan(t *testing.T) {
	srv, _ := newPanel(t, nil)
	p := quiet()
	r := request(srv, "hostbase-u")
	mustCreate(t, p, r)
	u1, err := p.Usage(ctxFor(t, time.Second), r)
	if err != nil {
		t.Fatal(err)
	}
	u2, _ := p.Usage(ctxFor(t, time.Second), r)
	if u1 != u2 {
		t.Errorf("two Usage calls differ: %+v, %+v", u1, u2)
	}
	if u1.DiskLimitBytes != 40<<30 || u1.MemoryLimitBytes != 2048<<20 || u1.BandwidthLimitBytes != 2048<<30 {
		t.Errorf("limits %+v, want the medium plan's 40 GiB disk, 2 TiB bandwidth and the product's 2048 MB", u1)
	}
	if u1.DiskUsedBytes <= 0 || u1.DiskUsedBytes > u1.DiskLimitBytes || u1.BandwidthUsedBytes < 0 || u1.BandwidthUsedBytes > u1.BandwidthLimitBytes {
		t.Errorf("used amounts %+v outside 0..limit", u1)
	}
	if u1.MemoryUsedBytes != sdk.Unreported || u1.CPUPermille != sdk.Unreported {
		t.Errorf("memory used %d, CPU %d: want Unreported, which the panel does not simulate", u1.MemoryUsedBytes, u1.CPUPermille)
	}

	r.Service.ProductConfig = map[string]string{keyPlan: "large", keyMemoryMB: "8192"}
	if _, err := p.ChangePackage(ctxFor(t, time.Second), r); err != nil {
		t.Fatal(err)
	}
	u3, _ := p.Usage(ctxFor(t, time.Second), r)
	if u3.DiskLimitBytes != 80<<30 || u3.MemoryLimitBytes != 8192<<20 {
		t.Errorf("after ChangePackage to large/8192: %+v, want 80 GiB disk and 8192 MB", u3)
	}
}
