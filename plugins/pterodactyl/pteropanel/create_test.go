package pteropanel_test

import (
	"sync"
	"testing"

	"github.com/ezscale/hostbase/plugins/pterodactyl/internal/fakeptero"
	"github.com/ezscale/hostbase/plugins/pterodactyl/pteropanel"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// Create makes the server from the egg, tagged with the key, with the
// egg's defaults under the product's variables, owned by a new user whose
// login the final Create hands over.
func TestCreateMakesATaggedServerFromTheEgg(t *testing.T) {
	pn := fakeptero.New(t)
	p := pteropanel.New(nil)
	r := request(pn, "svc-key-1")
	first, err := p.Create(ctx(t), r)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Pending || first.RemoteID == "" {
		t.Fatalf("the first Create: %+v, want pending with a remote id while the egg installs", first)
	}
	res := create(t, p, r)
	if res.RemoteID != first.RemoteID {
		t.Fatalf("the polls returned %s, then %s", first.RemoteID, res.RemoteID)
	}
	s, ok := pn.Server(res.RemoteID)
	if !ok {
		t.Fatal("the panel has no server")
	}
	if s.ExternalID != "svc-key-1" || s.Memory != 1024 || s.Disk != 5120 {
		t.Errorf("server %+v, want external_id svc-key-1, 1024 MB, 5120 MB", s)
	}
	if s.Environment["SERVER_JARFILE"] != "server.jar" || s.Environment["MINECRAFT_VERSION"] != "1.20.4" {
		t.Errorf("environment %v, want the egg's SERVER_JARFILE and the product's MINECRAFT_VERSION", s.Environment)
	}
	if s.Image != "ghcr.io/pterodactyl/yolks:java_17" {
		t.Errorf("image %q, want the egg's", s.Image)
	}
	pw := res.Credentials["panel_password"]
	if pw == "" || pw != pn.Password("gamer@example.test") {
		t.Errorf("credentials %v: the password is not the one the account was made with", res.Credentials)
	}
	if res.IP != "127.0.0.10" || res.Credentials["address"] != "127.0.0.10:25565" {
		t.Errorf("address %q / %q", res.IP, res.Credentials["address"])
	}
}

// A second service of the same customer reuses their panel user and does
// not claim to know its password.
func TestASecondServiceReusesTheCustomersUser(t *testing.T) {
	pn := fakeptero.New(t)
	p := pteropanel.New(nil)
	a := create(t, p, request(pn, "first"))
	b := create(t, p, request(pn, "second"))
	if n := pn.UsersWithEmail("gamer@example.test"); n != 1 {
		t.Errorf("%d users with the customer's email, want 1", n)
	}
	sa, _ := pn.Server(a.RemoteID)
	sb, _ := pn.Server(b.RemoteID)
	if sa.User != sb.User {
		t.Errorf("the servers belong to users %d and %d", sa.User, sb.User)
	}
	if _, ok := b.Credentials["panel_password"]; ok {
		t.Errorf("the second service reports a password %v for an account it did not make", b.Credentials)
	}
}

// Two plugin processes racing on one key make one server: the panel's
// unique external_id decides, and the loser returns the winner's.
func TestCreatesRacingAcrossProcessesMakeOneServer(t *testing.T) {
	pn := fakeptero.New(t)
	procs := []*pteropanel.Provisioner{pteropanel.New(nil), pteropanel.New(nil)}
	ids := make([]string, 6)
	errs := make([]error, 6)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			res, err := procs[i%2].Create(ctx(t), request(pn, "raced"))
			ids[i], errs[i] = res.RemoteID, err
		})
	}
	wg.Wait()
	for i := range ids {
		if errs[i] != nil {
			t.Fatalf("Create %d: %v", i, errs[i])
		}
		if ids[i] != ids[0] {
			t.Errorf("Create %d returned %s, Create 0 %s", i, ids[i], ids[0])
		}
	}
	if n := pn.Servers(); n != 1 {
		t.Errorf("the panel has %d servers, want 1", n)
	}
}

// With no port free, Create fails for lack of capacity (staff's manual
// queue), and CheckAvailability says no, with a reason.
func TestAFullPanelIsOutOfCapacity(t *testing.T) {
	pn := fakeptero.New(t)
	pn.SetAllocationsFull()
	p := pteropanel.New(nil)
	_, err := p.Create(ctx(t), request(pn, "no-room"))
	if e := sdk.AsError(err); e == nil || e.Reason != sdk.ReasonOutOfCapacity {
		t.Fatalf("Create on a full panel: %v, want out of capacity", err)
	}
	a, err := p.CheckAvailability(ctx(t), sdk.AvailabilityRequest{Server: server(pn), ProductConfig: productConfig()})
	if err != nil || a.Available || a.Reason == "" {
		t.Errorf("CheckAvailability on a full panel: %+v, %v", a, err)
	}
	if n := pn.Servers(); n != 0 {
		t.Errorf("the panel has %d servers", n)
	}
}

// More memory than any node has is not available either.
func TestAPlanNoNodeCanHoldIsNotAvailable(t *testing.T) {
	pn := fakeptero.New(t)
	cfg := productConfig()
	cfg["memory"] = "65536"
	a, err := pteropanel.New(nil).CheckAvailability(ctx(t), sdk.AvailabilityRequest{Server: server(pn), ProductConfig: cfg})
	if err != nil || a.Available {
		t.Errorf("CheckAvailability of 64 GB on a 16 GB node: %+v, %v", a, err)
	}
}

// An install script that fails makes Create fail for staff to look at.
func TestAFailedInstallIsPermanent(t *testing.T) {
	pn := fakeptero.New(t)
	pn.SetInstall(0, true)
	p := pteropanel.New(nil)
	r := request(pn, "broken-egg")
	if _, err := p.Create(ctx(t), r); err != nil {
		t.Fatalf("the first Create: %v", err)
	}
	_, err := p.Create(ctx(t), r)
	if sdk.KindOf(err) != sdk.KindPermanent {
		t.Fatalf("Create after the install failed: %v, want permanent", err)
	}
	st, err := p.Status(ctx(t), r)
	if err != nil || st.State != sdk.StateUnknown {
		t.Errorf("Status of a failed install: %+v, %v", st, err)
	}
}

// Product settings the panel cannot take are refused before any call.
func TestBadEnvironmentJSONIsInvalidConfig(t *testing.T) {
	pn := fakeptero.New(t)
	r := request(pn, "bad-env")
	r.Service.ProductConfig["environment"] = `{"SERVER_JARFILE":`
	_, err := pteropanel.New(nil).Create(ctx(t), r)
	if e := sdk.AsError(err); e == nil || e.Kind != sdk.KindInvalidConfig || e.Field != "environment" {
		t.Fatalf("Create with broken environment JSON: %v", err)
	}
	if reqs := pn.Requests(); len(reqs) != 0 {
		t.Errorf("the panel was called: %v", reqs)
	}
}

// A missing egg names the egg setting.
func TestAnUnknownEggIsInvalidConfig(t *testing.T) {
	pn := fakeptero.New(t)
	r := request(pn, "no-egg")
	r.Service.ProductConfig["egg_id"] = "99"
	_, err := pteropanel.New(nil).Create(ctx(t), r)
	if e := sdk.AsError(err); e == nil || e.Kind != sdk.KindInvalidConfig || e.Field != "egg_id" {
		t.Fatalf("Create with an unknown egg: %v", err)
	}
}

// A variable the egg requires, emptied by the product, is the product's
// environment at fault (the panel's 422 names environment.X).
func TestARequiredVariableLeftEmptyIsInvalidConfig(t *testing.T) {
	pn := fakeptero.New(t)
	r := request(pn, "empty-var")
	r.Service.ProductConfig["environment"] = `{"SERVER_JARFILE":""}`
	_, err := pteropanel.New(nil).Create(ctx(t), r)
	if e := sdk.AsError(err); e == nil || e.Kind != sdk.KindInvalidConfig || e.Field != "environment" {
		t.Fatalf("Create with an empty required variable: %v", err)
	}
}
