package pteropanel_test

import (
	"testing"

	"github.com/ezscale/hostbase/plugins/pterodactyl/internal/fakeptero"
	"github.com/ezscale/hostbase/plugins/pterodactyl/pteropanel"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// During a transfer the panel answers 409: retryable, and the suspension
// goes through once the transfer is over.
func TestSuspendDuringATransferIsRetryable(t *testing.T) {
	pn := fakeptero.New(t)
	p := pteropanel.New(nil)
	r := request(pn, "moving")
	r.Service.RemoteID = create(t, p, r).RemoteID
	pn.SetTransferring(r.Service.RemoteID, true)
	_, err := p.Suspend(ctx(t), r)
	if sdk.KindOf(err) != sdk.KindRetryable {
		t.Fatalf("Suspend during a transfer: %v, want retryable", err)
	}
	if got := pn.State(r.Service.RemoteID); got != "running" {
		t.Errorf("the panel holds %q", got)
	}
	pn.SetTransferring(r.Service.RemoteID, false)
	if _, err := p.Suspend(ctx(t), r); err != nil {
		t.Fatal(err)
	}
	if got := pn.State(r.Service.RemoteID); got != "suspended" {
		t.Errorf("the panel holds %q, want suspended", got)
	}
}

// A server deleted in the panel is missing, and terminating it succeeds.
func TestAServerDeletedBehindOurBackIsMissing(t *testing.T) {
	pn := fakeptero.New(t)
	p := pteropanel.New(nil)
	r := request(pn, "vanished")
	r.Service.RemoteID = create(t, p, r).RemoteID
	if err := pn.DeleteBehindBack(r.Service.RemoteID); err != nil {
		t.Fatal(err)
	}
	st, err := p.Status(ctx(t), r)
	if err != nil || st.State != sdk.StateMissing {
		t.Fatalf("Status: %+v, %v; want missing", st, err)
	}
	if _, err := p.Terminate(ctx(t), r); err != nil {
		t.Errorf("Terminate of a vanished server: %v", err)
	}
	if _, err := p.Suspend(ctx(t), r); !sdk.IsNotFound(err) {
		t.Errorf("Suspend of a vanished server: %v, want not found", err)
	}
}

// Terminate deletes the server and frees its port, and leaves the user.
func TestTerminateDeletesTheServerAndKeepsTheUser(t *testing.T) {
	pn := fakeptero.New(t)
	p := pteropanel.New(nil)
	r := request(pn, "bye")
	r.Service.RemoteID = create(t, p, r).RemoteID
	if _, err := p.Terminate(ctx(t), r); err != nil {
		t.Fatal(err)
	}
	if got := pn.State(r.Service.RemoteID); got != "missing" {
		t.Errorf("the panel holds %q", got)
	}
	if n := pn.UsersWithEmail("gamer@example.test"); n != 1 {
		t.Errorf("%d users left with the customer's email, want 1", n)
	}
	// The port is free again: a new server gets it.
	again := create(t, p, request(pn, "hello-again"))
	if again.Credentials["address"] != "127.0.0.10:25565" {
		t.Errorf("the next server got %q, want the freed port", again.Credentials["address"])
	}
}

// ChangePackage moves the limits; the egg and port stay.
func TestChangePackageSetsTheNewLimits(t *testing.T) {
	pn := fakeptero.New(t)
	p := pteropanel.New(nil)
	r := request(pn, "bigger")
	r.Service.RemoteID = create(t, p, r).RemoteID
	r.Service.ProductConfig = changedProductConfig()
	if _, err := p.ChangePackage(ctx(t), r); err != nil {
		t.Fatal(err)
	}
	s, _ := pn.Server(r.Service.RemoteID)
	if s.Memory != 2048 || s.Disk != 10240 || s.CPU != 200 {
		t.Errorf("after ChangePackage: %+v", s)
	}
}
