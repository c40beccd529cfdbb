package virtfusionpanel_test

import (
	"sync"
	"testing"

	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/virtfusion/internal/fakevirtfusion"
)

// Create makes the customer's user, then a server built with the
// product's template and overrides, named after the key, and returns its
// IP and a root password.
func TestCreateBuildsATaggedServerForTheCustomer(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("fresh")
	svc.ProductConfig["memory_mb"] = "2048"
	svc.ProductConfig["cpu_cores"] = "2"
	svc.ProductConfig["traffic_gb"] = "0"
	res := create(t, p, srv, svc)

	got, ok := panel.Server(res.RemoteID)
	if !ok {
		t.Fatalf("Create returned %q, which the panel does not have", res.RemoteID)
	}
	if got.Name != "hb-"+svc.IdempotencyKey || got.Hostname != svc.Hostname || got.Template != fakevirtfusion.TemplateDebian {
		t.Errorf("server name %q, hostname %q, template %d; want hb-<key>, %q, %d", got.Name, got.Hostname, got.Template,
			svc.Hostname, fakevirtfusion.TemplateDebian)
	}
	if got.MemoryMB != 2048 || got.CPUCores != 2 || got.TrafficGB != 0 || got.StorageGB != 20 {
		t.Errorf("resources %d MB, %d cores, %d GB traffic, %d GB disk; want the overrides 2048/2/0 and the package's 20 GB",
			got.MemoryMB, got.CPUCores, got.TrafficGB, got.StorageGB)
	}
	if got.OwnerEmail != svc.Customer.Email {
		t.Errorf("the server belongs to %q, want the customer %q", got.OwnerEmail, svc.Customer.Email)
	}
	if res.IP != got.IPs[0] || res.Credentials["root_password"] != got.Password || got.Password == "" {
		t.Errorf("Create returned IP %q and password %q; the panel has %v and %q", res.IP, res.Credentials["root_password"], got.IPs, got.Password)
	}
}

// A customer's second service reuses the customer's VirtFusion user.
func TestOneUserPerCustomer(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv := newPlugin(), serverFor(panel)
	a, b := newService("same"), newService("same")
	ra, rb := create(t, p, srv, a), create(t, p, srv, b)
	sa, _ := panel.Server(ra.RemoteID)
	sb, _ := panel.Server(rb.RemoteID)
	if ra.RemoteID == rb.RemoteID || sa.Owner != sb.Owner {
		t.Errorf("two services of one customer: servers %s and %s, owners %d and %d; want two servers, one owner",
			ra.RemoteID, rb.RemoteID, sa.Owner, sb.Owner)
	}
}

// While VirtFusion builds, Create says pending with the server's id, and
// a later Create returns the same server once built.
func TestCreatePendingWhileBuilding(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 3)
	p, srv, svc := newPlugin(), serverFor(panel), newService("slow")
	first, err := p.Create(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
	if err != nil || !first.Pending || first.RemoteID == "" {
		t.Fatalf("Create during the build: %+v, %v; want pending with a remote id", first, err)
	}
	st, err := p.Status(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
	if err != nil || st.State != sdk.StatePending {
		t.Fatalf("Status during the build: %+v, %v; want pending", st, err)
	}
	done := create(t, p, srv, svc)
	if done.RemoteID != first.RemoteID || panel.Creates() != 1 {
		t.Errorf("the build finished as %s (first %s) after %d POST /servers; want the same server, one POST", done.RemoteID, first.RemoteID, panel.Creates())
	}
}

// Two plugin processes (two Provisioners: no shared lock) racing for one
// key settle on one server; any extra one is deleted.
func TestCreateRaceAcrossProcessesLeavesOneServer(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	srv, svc := serverFor(panel), newService("race")
	a, b := newPlugin(), newPlugin()
	ids := make([]string, 6)
	errs := make([]error, 6)
	var wg sync.WaitGroup
	for i := range ids {
		p := a
		if i%2 == 1 {
			p = b
		}
		wg.Go(func() {
			res, err := p.Create(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
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
	if n := panel.Servers(); n != 1 {
		t.Errorf("the panel holds %d servers after the race, want 1", n)
	}
}

// A template VirtFusion refuses is the product's setting to fix, and the
// server created for it is not left behind untagged.
func TestRefusedBuildLeavesNoServer(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("badtemplate")
	svc.ProductConfig["os_template_id"] = "999"
	_, err := p.Create(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
	if e := sdkError(t, err); e.Kind != sdk.KindInvalidConfig || e.Field != "os_template_id" {
		t.Fatalf("Create with an unknown template: %v, want invalid config of os_template_id", err)
	}
	if n := panel.Servers(); n != 0 {
		t.Errorf("the panel holds %d servers after a refused build, want 0", n)
	}
}

// A full hypervisor group is out of capacity: the dry run says so to the
// buyer, and Create fails for the manual queue without making anything.
func TestFullGroupIsOutOfCapacity(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	panel.SetCapacity(1)
	p, srv := newPlugin(), serverFor(panel)
	avail, err := p.CheckAvailability(ctx(t), sdk.AvailabilityRequest{Server: srv, ProductConfig: productConfig(fakevirtfusion.PackageSmall)})
	if err != nil || !avail.Available {
		t.Fatalf("CheckAvailability with room: %+v, %v", avail, err)
	}
	create(t, p, srv, newService("first"))
	if panel.Servers() != 1 {
		t.Fatalf("the dry run made a server: %d on the panel", panel.Servers())
	}
	avail, err = p.CheckAvailability(ctx(t), sdk.AvailabilityRequest{Server: srv, ProductConfig: productConfig(fakevirtfusion.PackageSmall)})
	if err != nil || avail.Available || avail.Reason == "" {
		t.Fatalf("CheckAvailability when full: %+v, %v; want unavailable with a reason", avail, err)
	}
	_, err = p.Create(ctx(t), sdk.ServiceRequest{Server: srv, Service: newService("second")})
	if e := sdkError(t, err); e.Kind != sdk.KindPermanent || e.Reason != sdk.ReasonOutOfCapacity {
		t.Fatalf("Create when full: %v, want permanent, out of capacity", err)
	}
}

// A build whose answer is lost (a 502 after VirtFusion queued it) is
// recognised by the tag it gave the server: the server is kept, not
// deleted and made again.
func TestBuildAnswerLostKeepsTheServer(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("lostbuild")
	// The fault is served instead of the build: the build did not happen,
	// so this Create must clean up and fail retryably.
	panel.FailNext(fakevirtfusion.Fault{Match: "POST /api/v1/servers/100/build", Status: 502, Body: "<html>Bad Gateway</html>"})
	_, err := p.Create(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
	if sdk.KindOf(err) != sdk.KindRetryable {
		t.Fatalf("Create whose build got a 502: %v, want retryable", err)
	}
	if n := panel.Servers(); n != 0 {
		t.Fatalf("an unbuilt, untagged server was left behind: %d on the panel", n)
	}
	res := create(t, p, srv, svc)
	if n := panel.Servers(); n != 1 || panel.State(res.RemoteID) != "running" {
		t.Errorf("after the retry: %d servers, %s is %s; want 1 running", n, res.RemoteID, panel.State(res.RemoteID))
	}

	// Now the build happens and only its answer is lost: the server is
	// tagged, so this very Create carries on with it.
	other := newService("lostanswer")
	panel.FailNext(fakevirtfusion.Fault{Match: "POST /api/v1/servers/102/build", Status: 502, Body: "<html>Bad Gateway</html>", Done: true})
	got, err := p.Create(ctx(t), sdk.ServiceRequest{Server: srv, Service: other})
	if err != nil || got.RemoteID != "102" {
		t.Fatalf("Create whose build answer was lost: %+v, %v; want server 102", got, err)
	}
	if panel.State("102") != "running" || panel.Creates() != 3 {
		t.Errorf("server 102 is %s after %d creates; want running, 3 creates in all", panel.State("102"), panel.Creates())
	}
}
