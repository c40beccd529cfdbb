package enhancepanel

import (
	"testing"

	"github.com/ezscale/hostbase/plugins/enhance/internal/fakeenhance"
	"github.com/ezscale/hostbase/plugins/sdk"
)

func created(t *testing.T, f *fakeenhance.Panel, p *Provisioner, key string) sdk.Service {
	t.Helper()
	svc := service(key)
	res, err := p.Create(ctx(t), request(f, svc))
	if err != nil {
		t.Fatal(err)
	}
	svc.RemoteID = res.RemoteID
	return svc
}

// Suspend and Unsuspend reach the subscription, and Status follows.
func TestSuspendUnsuspendReachTheSubscription(t *testing.T) {
	f := fakeenhance.New(t)
	p := quiet()
	svc := created(t, f, p, "susp")
	if _, err := p.Suspend(ctx(t), request(f, svc)); err != nil {
		t.Fatal(err)
	}
	if got := f.State(svc.RemoteID); got != "suspended" {
		t.Errorf("after Suspend the panel holds %q", got)
	}
	if st, err := p.Status(ctx(t), request(f, svc)); err != nil || st.State != sdk.StateSuspended {
		t.Errorf("Status after Suspend: %+v, %v", st, err)
	}
	if _, err := p.Unsuspend(ctx(t), request(f, svc)); err != nil {
		t.Fatal(err)
	}
	if got := f.State(svc.RemoteID); got != "running" {
		t.Errorf("after Unsuspend the panel holds %q", got)
	}
}

// ChangePackage moves the subscription to the new plan.
func TestChangePackageMovesThePlan(t *testing.T) {
	f := fakeenhance.New(t)
	p := quiet()
	svc := created(t, f, p, "upgrade")
	svc.ProductConfig = map[string]string{keyPlanID: "2"}
	if _, err := p.ChangePackage(ctx(t), request(f, svc)); err != nil {
		t.Fatal(err)
	}
	if got := f.PlanOf(svc.RemoteID); got != fakeenhance.PlanPro {
		t.Errorf("the subscription is on plan %d, want %d", got, fakeenhance.PlanPro)
	}
}

// A service deleted in the panel's UI shows as missing, and Terminate of
// it succeeds.
func TestDeletedBehindOurBack(t *testing.T) {
	f := fakeenhance.New(t)
	p := quiet()
	svc := created(t, f, p, "vanished")
	if err := f.DeleteBehindBack(svc.RemoteID); err != nil {
		t.Fatal(err)
	}
	st, err := p.Status(ctx(t), request(f, svc))
	if err != nil || st.State != sdk.StateMissing {
		t.Errorf("Status of a deleted service: %+v, %v; want missing", st, err)
	}
	if _, err := p.Terminate(ctx(t), request(f, svc)); err != nil {
		t.Errorf("Terminate of a deleted service: %v", err)
	}
}

// Terminate removes website, subscription and organisation; with only the
// key (a Create whose answer was lost) it finds them by the tag.
func TestTerminateByKeyOnly(t *testing.T) {
	f := fakeenhance.New(t)
	p := quiet()
	svc := created(t, f, p, "lost")
	remote := svc.RemoteID
	svc.RemoteID = ""
	if _, err := p.Terminate(ctx(t), request(f, svc)); err != nil {
		t.Fatal(err)
	}
	if f.State(remote) != "missing" || len(f.Customers()) != 0 || len(f.Websites()) != 0 {
		t.Errorf("after Terminate by key: %s, organisations %v, websites %v", f.State(remote), f.Customers(), f.Websites())
	}
}

// Terminate never deletes an organisation not tagged with the service's
// key, whatever the RemoteID says.
func TestTerminateLeavesOtherOrganisations(t *testing.T) {
	f := fakeenhance.New(t)
	p := quiet()
	mine := created(t, f, p, "mine")
	theirs := service("theirs")
	theirs.RemoteID = mine.RemoteID
	if _, err := p.Terminate(ctx(t), request(f, theirs)); err != nil {
		t.Fatal(err)
	}
	if got := f.Customers(); len(got) != 1 {
		t.Errorf("organisations %v: Terminate for another key deleted %q's organisation", got, "mine")
	}
}

// Usage reports the subscription's disk and transfer, the rest unreported.
func TestUsageReportsDiskAndTransfer(t *testing.T) {
	f := fakeenhance.New(t)
	p := quiet()
	svc := created(t, f, p, "usage")
	f.SetUsage(svc.RemoteID, 123, 456)
	u, err := p.Usage(ctx(t), request(f, svc))
	if err != nil {
		t.Fatal(err)
	}
	if u.DiskUsedBytes != 123 || u.DiskLimitBytes != 10<<30 || u.BandwidthUsedBytes != 456 || u.BandwidthLimitBytes != 100<<30 {
		t.Errorf("usage %+v", u)
	}
	if u.MemoryUsedBytes != sdk.Unreported || u.CPUPermille != sdk.Unreported {
		t.Errorf("memory and CPU %d, %d; want unreported", u.MemoryUsedBytes, u.CPUPermille)
	}
}

// CheckAvailability refuses a plan or server group the panel lacks as the
// product's settings' fault.
func TestCheckAvailability(t *testing.T) {
	f := fakeenhance.New(t)
	p := quiet()
	for _, c := range []struct {
		config map[string]string
		field  string
	}{
		{map[string]string{keyPlanID: "1", keyServerGroupID: fakeenhance.ServerGroup}, ""},
		{map[string]string{keyPlanID: "7"}, keyPlanID},
		{map[string]string{keyPlanID: "1", keyServerGroupID: "00000000-0000-4000-8000-0000000000bb"}, keyServerGroupID},
	} {
		a, err := p.CheckAvailability(ctx(t), sdk.AvailabilityRequest{Server: serverFor(f), ProductConfig: c.config})
		if c.field == "" {
			if err != nil || !a.Available || a.Remaining != -1 {
				t.Errorf("CheckAvailability(%v) = %+v, %v; want available, remaining unknown", c.config, a, err)
			}
			continue
		}
		if e := sdk.AsError(err); e == nil || e.Kind != sdk.KindInvalidConfig || e.Field != c.field {
			t.Errorf("CheckAvailability(%v): %v, want invalid config on %s", c.config, err, c.field)
		}
	}
}
