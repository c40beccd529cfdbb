package synergycppanel

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/plugins/sdk"
)

func created(t *testing.T, p *Provisioner, r *sdk.ServiceRequest) {
	t.Helper()
	res, err := p.Create(context.Background(), *r)
	if err != nil {
		t.Fatal(err)
	}
	r.Service.RemoteID = res.RemoteID
}

// Suspend switches the client's access off and Unsuspend on, each
// idempotent, and Status follows.
func TestSuspendAndUnsuspendSwitchTheAccess(t *testing.T) {
	f := stock(t, 1)
	p := newTestProvisioner()
	r := request(f, service("svc-s"))
	created(t, p, &r)
	ctx := context.Background()
	for range 2 {
		if _, err := p.Suspend(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.State(r.Service.RemoteID); got != "suspended" {
		t.Fatalf("after Suspend the panel holds %q", got)
	}
	if n := f.Calls("PATCH server/" + r.Service.RemoteID + "/access/" + accessID(t, p, r)); n != 1 {
		t.Errorf("two Suspends sent %d PATCHes, want 1", n)
	}
	if st, err := p.Status(ctx, r); err != nil || st.State != sdk.StateSuspended {
		t.Errorf("Status after Suspend: %+v, %v", st, err)
	}
	for range 2 {
		if _, err := p.Unsuspend(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if st, err := p.Status(ctx, r); err != nil || st.State != sdk.StateRunning || st.IP == "" {
		t.Errorf("Status after Unsuspend: %+v, %v", st, err)
	}
}

func accessID(t *testing.T, p *Provisioner, r sdk.ServiceRequest) string {
	t.Helper()
	c, err := p.open(r.Server)
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.primaryAccess(context.Background(), r.Service.RemoteID)
	if err != nil || a == nil {
		t.Fatalf("primary access: %v", err)
	}
	return string(a.ID)
}

// A VIP client's server is not suspended or wiped automatically: the
// failure is permanent and says so, and the server stays as it was.
func TestVIPClientIgnoresAutomaticActions(t *testing.T) {
	f := stock(t, 1)
	f.SetVIP("buyer@example.test")
	p := newTestProvisioner()
	r := request(f, service("svc-vip"))
	created(t, p, &r)
	_, err := p.Suspend(context.Background(), r)
	if err == nil || sdk.KindOf(err) != sdk.KindPermanent || !strings.Contains(err.Error(), "VIP") {
		t.Fatalf("Suspend of a VIP's server: %v, want a permanent failure naming VIP", err)
	}
	_, err = p.Terminate(context.Background(), r)
	if err == nil || sdk.KindOf(err) != sdk.KindPermanent || !strings.Contains(err.Error(), "VIP") {
		t.Fatalf("Terminate of a VIP's server: %v, want a permanent failure naming VIP", err)
	}
	if got := f.State(r.Service.RemoteID); got != "running" {
		t.Errorf("the VIP's server is %q, want running", got)
	}
}

// Terminate wipes the server back into stock, where the next order can
// have it once the wipe is done; a second Terminate succeeds.
func TestTerminateReturnsTheServerToStock(t *testing.T) {
	f := stock(t, 1)
	f.SetWipeTicks(2)
	p := newTestProvisioner()
	ctx := context.Background()
	r := request(f, service("svc-t"))
	created(t, p, &r)
	for range 2 {
		if _, err := p.Terminate(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if st, err := p.Status(ctx, r); err != nil || st.State != sdk.StateMissing {
		t.Fatalf("Status after Terminate: %+v, %v", st, err)
	}
	// Two inventory queries while it wipes: the first Create sees none.
	if _, err := p.Create(ctx, request(f, service("svc-t2"))); sdk.AsError(err).Reason != sdk.ReasonOutOfCapacity {
		t.Fatalf("Create while the only server wipes: %v, want out of capacity", err)
	}
	res, err := p.Create(ctx, request(f, service("svc-t2")))
	if err != nil || res.RemoteID != r.Service.RemoteID {
		t.Fatalf("Create after the wipe: %+v, %v; want server %s again", res, err, r.Service.RemoteID)
	}
	// The old service's RemoteID now names another service's server.
	if st, err := p.Status(ctx, r); err != nil || st.State != sdk.StateMissing {
		t.Errorf("Status of the terminated service once its server is re-let: %+v, %v, want missing", st, err)
	}
	if _, err := p.Terminate(ctx, r); err != nil || f.State(res.RemoteID) != "running" {
		t.Errorf("Terminate of the old service: %v; the new owner's server is %q, want running", err, f.State(res.RemoteID))
	}
}

// A server deleted on the panel is missing, and Terminate of it succeeds;
// a 404 from the wipe itself counts as done.
func TestDeletedBehindOurBack(t *testing.T) {
	f := stock(t, 2)
	p := newTestProvisioner()
	ctx := context.Background()
	r := request(f, service("svc-d"))
	created(t, p, &r)
	if err := f.Delete(r.Service.RemoteID); err != nil {
		t.Fatal(err)
	}
	if st, err := p.Status(ctx, r); err != nil || st.State != sdk.StateMissing {
		t.Errorf("Status: %+v, %v; want missing", st, err)
	}
	if _, err := p.Terminate(ctx, r); err != nil {
		t.Errorf("Terminate: %v", err)
	}

	r2 := request(f, service("svc-d2"))
	created(t, p, &r2)
	f.FailOn("PATCH server/"+r2.Service.RemoteID, http.StatusNotFound, "", "")
	if _, err := p.Terminate(ctx, r2); err != nil {
		t.Errorf("Terminate answered 404 by the wipe: %v", err)
	}
}

// Usage is the panel's bandwidth in bits, as bytes; the rest unreported.
func TestUsageIsBandwidth(t *testing.T) {
	f := stock(t, 1)
	p := newTestProvisioner()
	r := request(f, service("svc-u"))
	created(t, p, &r)
	f.SetUsage(r.Service.RemoteID, 8_000_000, 80_000_000_000)
	u, err := p.Usage(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if u.BandwidthUsedBytes != 1_000_000 || u.BandwidthLimitBytes != 10_000_000_000 || u.DiskUsedBytes != sdk.Unreported || u.CPUPermille != sdk.Unreported {
		t.Errorf("Usage = %+v", u)
	}
}

// The power buttons go to the IPMI endpoint; without IPMI access none
// are offered.
func TestPowerActions(t *testing.T) {
	f := stock(t, 1)
	p := newTestProvisioner()
	ctx := context.Background()
	r := request(f, service("svc-p"))
	created(t, p, &r)
	actions, err := p.ClientActions(ctx, r)
	if err != nil || len(actions) != 4 {
		t.Fatalf("ClientActions: %v, %v", actions, err)
	}
	if _, err := p.RunClientAction(ctx, sdk.ClientActionRequest{ServiceRequest: r, Action: "power_off"}); err != nil {
		t.Fatal(err)
	}
	if s, _ := f.Server(r.Service.RemoteID); s.Power != "off" {
		t.Errorf("after power_off the server is %q", s.Power)
	}
	if _, err := p.RunClientAction(ctx, sdk.ClientActionRequest{ServiceRequest: r, Action: "power_on"}); err != nil {
		t.Fatal(err)
	}
	if s, _ := f.Server(r.Service.RemoteID); s.Power != "on" {
		t.Errorf("after power_on the server is %q", s.Power)
	}
	if _, err := p.RunClientAction(ctx, sdk.ClientActionRequest{ServiceRequest: r, Action: "format_disk"}); sdk.KindOf(err) != sdk.KindPermanent {
		t.Errorf("an unknown action: %v, want permanent", err)
	}
	r.Service.ProductConfig[keyAccessIPMI] = "false"
	if actions, err := p.ClientActions(ctx, r); err != nil || len(actions) != 0 {
		t.Errorf("ClientActions without IPMI access: %v, %v; want none", actions, err)
	}
	if _, err := p.RunClientAction(ctx, sdk.ClientActionRequest{ServiceRequest: r, Action: "power_off"}); sdk.KindOf(err) != sdk.KindPermanent {
		t.Errorf("power_off without IPMI access: %v, want permanent", err)
	}
	if s, _ := f.Server(r.Service.RemoteID); s.Power != "on" {
		t.Errorf("the server is %q after a refused power_off", s.Power)
	}
}

// The SSO link is the panel's auth/sso with a key made for the server's
// client, opening on the server.
func TestSingleSignOnLink(t *testing.T) {
	f := stock(t, 1)
	p := newTestProvisioner()
	r := request(f, service("svc-sso"))
	created(t, p, &r)
	sso, err := p.SingleSignOn(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sso.URL, f.URL+"/auth/sso?") || !strings.Contains(sso.URL, "key=client-key-") ||
		!strings.Contains(sso.URL, "view_id="+r.Service.RemoteID) || strings.Contains(sso.URL, testKey) {
		t.Errorf("SSO URL %q", sso.URL)
	}
}
