package synergycppanel

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Create allocates a matching server from stock to a client made for the
// customer, tags it with the key, and hands back the root password it set.
func TestCreateAllocatesAMatchingServer(t *testing.T) {
	f := stock(t, 2)
	p := newTestProvisioner()
	res, err := p.Create(context.Background(), request(f, service("svc-a")))
	if err != nil {
		t.Fatal(err)
	}
	s, ok := f.Server(res.RemoteID)
	if !ok {
		t.Fatalf("the panel has no server %s", res.RemoteID)
	}
	if s.CPU != "E3-1230" || s.IPGroup != "LOC-LA1" || s.Billing != "svc-a" || s.Nickname != "svc-a.example.test" {
		t.Errorf("allocated %+v, want an E3-1230 in LOC-LA1 tagged svc-a named svc-a.example.test", s)
	}
	if s.PXEProfile != "debian-12" || s.MaxBandwidth != "10TB" || !s.AccessIPMI {
		t.Errorf("provisioned with OS %q, bandwidth %v, IPMI %v", s.PXEProfile, s.MaxBandwidth, s.AccessIPMI)
	}
	if pw := res.Credentials["root_password"]; pw == "" || pw != s.Password {
		t.Errorf("Create returned root password %q, the panel was sent %q", pw, s.Password)
	}
	if res.IP == "" || res.Hostname != "svc-a.example.test" || res.Username != "root" {
		t.Errorf("Create returned %+v", res)
	}
}

// A second Create for the key finds the tagged server and provisions
// nothing more.
func TestCreateAgainFindsTheTaggedServer(t *testing.T) {
	f := stock(t, 3)
	p := newTestProvisioner()
	first, err := p.Create(context.Background(), request(f, service("svc-b")))
	if err != nil {
		t.Fatal(err)
	}
	second, err := p.Create(context.Background(), request(f, service("svc-b")))
	if err != nil {
		t.Fatal(err)
	}
	if second.RemoteID != first.RemoteID || f.Calls("POST server/provision") != 1 || f.Assigned("svc-b") != 1 {
		t.Errorf("second Create gave %s (first %s), %d provisions, %d servers tagged; want the same, 1, 1",
			second.RemoteID, first.RemoteID, f.Calls("POST server/provision"), f.Assigned("svc-b"))
	}
	if f.Calls("POST client") != 1 {
		t.Errorf("the customer's client was created %d times, want once", f.Calls("POST client"))
	}
}

// With nothing free that matches, Create is out of capacity (permanent, so
// the order goes to staff) and CheckAvailability says no, with why.
func TestOutOfStock(t *testing.T) {
	f := stock(t, 1)
	p := newTestProvisioner()
	if _, err := p.Create(context.Background(), request(f, service("svc-c1"))); err != nil {
		t.Fatal(err)
	}
	_, err := p.Create(context.Background(), request(f, service("svc-c2")))
	var e *sdk.Error
	if !errors.As(err, &e) || e.Kind != sdk.KindPermanent || e.Reason != sdk.ReasonOutOfCapacity || !strings.Contains(e.Message, "Out of stock") {
		t.Fatalf("Create with the only server taken: %v, want out of capacity", err)
	}
	if f.Assigned("svc-c2") != 0 {
		t.Error("a server was allocated anyway")
	}
	a, err := p.CheckAvailability(context.Background(), sdk.AvailabilityRequest{Server: serverFor(f), ProductConfig: productConfig()})
	if err != nil || a.Available || a.Reason == "" {
		t.Errorf("CheckAvailability with nothing free: %+v, %v; want unavailable with a reason", a, err)
	}

	other := productConfig()
	other[keyCPU], other[keyMemory], other[keyDisks], other[keyLocation], other[keyIPs] = "EPYC-7302", "128GB", "2TB-NVME", "LOC-AMS1", ""
	a, err = p.CheckAvailability(context.Background(), sdk.AvailabilityRequest{Server: serverFor(f), ProductConfig: other})
	if err != nil || !a.Available || a.Remaining != 1 {
		t.Errorf("CheckAvailability of the free Amsterdam server: %+v, %v; want 1 available", a, err)
	}
}

// A free server without a free IP allocation is out of stock too, as the
// WHMCS module checks the IP entity first.
func TestNoFreeIPIsOutOfStock(t *testing.T) {
	f := stock(t, 1)
	pc := productConfig()
	pc[keyIPs] = "IPV4-29"
	svc := service("svc-ip")
	svc.ProductConfig = pc
	_, err := newTestProvisioner().Create(context.Background(), request(f, svc))
	if sdk.AsError(err).Reason != sdk.ReasonOutOfCapacity {
		t.Fatalf("Create without a free /29: %v, want out of capacity", err)
	}
}

// A product without the required billing ids is refused before any call.
func TestProductConfigIsValidatedFirst(t *testing.T) {
	f := stock(t, 1)
	svc := service("svc-bad")
	delete(svc.ProductConfig, keyCPU)
	_, err := newTestProvisioner().Create(context.Background(), request(f, svc))
	var e *sdk.Error
	if !errors.As(err, &e) || e.Kind != sdk.KindInvalidConfig || e.Field != keyCPU {
		t.Fatalf("Create without a CPU billing id: %v, want invalid config of %s", err, keyCPU)
	}
	if f.Calls("GET server") != 0 {
		t.Error("the panel was called before the config was checked")
	}
}

// An existing client found by email is reused, not duplicated.
func TestCreateReusesTheClientByEmail(t *testing.T) {
	f := stock(t, 2)
	p := newTestProvisioner()
	a := service("svc-e1")
	if _, err := p.Create(context.Background(), request(f, a)); err != nil {
		t.Fatal(err)
	}
	b := service("svc-e2")
	b.Customer.ID = "cus-other-id"
	if _, err := p.Create(context.Background(), request(f, b)); err != nil {
		t.Fatal(err)
	}
	if n := f.Calls("POST client"); n != 1 {
		t.Errorf("POST client sent %d times, want 1 (the second Create finds the client by email)", n)
	}
}

// Two processes allocating for one key at once converge on one server.
// stock's servers are 101, 103 and 105 (the IP entities take the even ids).
func TestConcurrentAllocationInAnotherProcessConverges(t *testing.T) {
	p := newTestProvisioner()

	// The other process takes the very server our inventory query found:
	// the panel refuses our provision (409), the Create is retryable, and
	// the retry finds the server tagged with the key.
	f := stock(t, 3)
	f.Sneak("POST server/provision", 101, "svc-race")
	r := request(f, service("svc-race"))
	if _, err := p.Create(context.Background(), r); sdk.KindOf(err) != sdk.KindRetryable {
		t.Fatalf("Create losing its server to another process: %v, want retryable", err)
	}
	res, err := p.Create(context.Background(), r)
	if err != nil || res.RemoteID != "101" || f.Assigned("svc-race") != 1 {
		t.Fatalf("the retried Create: %+v, %v; %d servers tagged; want 101 and 1", res, err, f.Assigned("svc-race"))
	}

	// The other process takes 101 after our lookup by key but before our
	// inventory query, so we allocate 103: the lower id wins, and we wipe
	// ours back into stock.
	f = stock(t, 3)
	f.Sneak("GET entity", 101, "svc-race2")
	r = request(f, service("svc-race2"))
	res, err = p.Create(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if res.RemoteID != "101" || f.Assigned("svc-race2") != 1 || res.Credentials != nil {
		t.Errorf("Create racing another process: %+v; %d servers tagged; want 101 (the lower id), 1, no password",
			res, f.Assigned("svc-race2"))
	}
	if got := f.State("103"); got != "missing" {
		t.Errorf("our duplicate 103 is %q, want wiped back into stock", got)
	}
}
