package enhancepanel

import (
	"strings"
	"sync"
	"testing"

	"github.com/ezscale/hostbase/plugins/enhance/internal/fakeenhance"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// Create makes an organisation named with the key, its owner login, a
// subscription and the website, and returns the login's credentials.
func TestCreateMakesOrgLoginSubscriptionAndWebsite(t *testing.T) {
	f := fakeenhance.New(t)
	res, err := quiet().Create(ctx(t), request(f, service("first")))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Customers(); len(got) != 1 || got[0] != "Jane Doe [hb:first]" {
		t.Errorf("customer organisations %v, want one named \"Jane Doe [hb:first]\"", got)
	}
	if got := f.Websites(); len(got) != 1 || got[0] != "first.example.com" {
		t.Errorf("websites %v, want first.example.com", got)
	}
	if f.State(res.RemoteID) != "running" || f.PlanOf(res.RemoteID) != fakeenhance.PlanBasic {
		t.Errorf("subscription %s is %s on plan %d, want running on plan 1", res.RemoteID, f.State(res.RemoteID), f.PlanOf(res.RemoteID))
	}
	pw := res.Credentials["password"]
	if res.Username != "jane@example.com" || pw == "" || f.Password("jane@example.com") != pw {
		t.Errorf("credentials %v (username %q) do not match the login the panel holds", res.Credentials, res.Username)
	}
}

// A Create cut short after the organisation was made is finished by the
// next one: no second organisation.
func TestCreateResumesAfterAPartialCreate(t *testing.T) {
	f := fakeenhance.New(t)
	p := quiet()
	svc := service("partial")
	r := request(f, svc)
	// The first Create got as far as the organisation.
	pn, err := p.open(r.Server)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pn.claimOrg(ctx(t), svc); err != nil {
		t.Fatal(err)
	}
	res, err := p.Create(ctx(t), r)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Customers(); len(got) != 1 {
		t.Errorf("customer organisations %v, want 1", got)
	}
	if f.State(res.RemoteID) != "running" {
		t.Errorf("the resumed Create left %s %s", res.RemoteID, f.State(res.RemoteID))
	}
}

// Two services of one customer share the customer's login: the second
// Create makes no second login and returns no password, and a new password
// reaches the shared login.
func TestOneCustomerTwoServicesShareTheLogin(t *testing.T) {
	f := fakeenhance.New(t)
	p := quiet()
	first, err := p.Create(ctx(t), request(f, service("one")))
	if err != nil {
		t.Fatal(err)
	}
	second, err := p.Create(ctx(t), request(f, service("two")))
	if err != nil {
		t.Fatal(err)
	}
	if first.RemoteID == second.RemoteID {
		t.Fatalf("two services got one RemoteID %s", first.RemoteID)
	}
	if _, ok := second.Credentials["password"]; ok {
		t.Errorf("the second service's credentials %v carry a password: the login's is the first one's", second.Credentials)
	}
	if f.Password("jane@example.com") != first.Credentials["password"] {
		t.Errorf("the second Create changed the customer's password")
	}
	svc := service("two")
	svc.RemoteID = second.RemoteID
	res, err := p.ChangePassword(ctx(t), sdk.ChangePasswordRequest{ServiceRequest: request(f, svc), Password: "N3w-password-2"})
	if err != nil {
		t.Fatal(err)
	}
	if f.Password("jane@example.com") != "N3w-password-2" || res.Credentials["password"] != "N3w-password-2" {
		t.Errorf("ChangePassword: the panel holds %q, result %v", f.Password("jane@example.com"), res.Credentials)
	}
}

// Two plugin processes racing one key (which an in-process lock cannot
// stop) end with one organisation: the later one deletes its own.
func TestCreatesRacingAcrossProcessesKeepOneOrganisation(t *testing.T) {
	f := fakeenhance.New(t)
	procs := []*Provisioner{quiet(), quiet(), quiet(), quiet()}
	ids := make([]string, len(procs))
	errs := make([]error, len(procs))
	var wg sync.WaitGroup
	for i, p := range procs {
		wg.Go(func() {
			res, err := p.Create(ctx(t), request(f, service("race")))
			ids[i], errs[i] = res.RemoteID, err
		})
	}
	wg.Wait()
	for i := range procs {
		if errs[i] != nil {
			t.Fatalf("Create %d: %v", i, errs[i])
		}
		if ids[i] != ids[0] {
			t.Errorf("Create %d returned %s, Create 0 %s", i, ids[i], ids[0])
		}
	}
	if got := f.Customers(); len(got) != 1 {
		t.Errorf("customer organisations %v, want 1", got)
	}
	if got := f.Websites(); len(got) != 1 {
		t.Errorf("websites %v, want 1", got)
	}
}

// A domain hosted by someone else is a permanent failure saying so.
func TestCreateOfATakenDomainIsPermanent(t *testing.T) {
	f := fakeenhance.New(t)
	p := quiet()
	if _, err := p.Create(ctx(t), request(f, service("taken"))); err != nil {
		t.Fatal(err)
	}
	other := service("other")
	other.Domain = "taken.example.com"
	_, err := p.Create(ctx(t), request(f, other))
	if sdk.KindOf(err) != sdk.KindPermanent || err == nil || !strings.Contains(err.Error(), "taken.example.com") {
		t.Errorf("Create of a taken domain: %v, want a permanent failure naming the domain", err)
	}
}

// A plan the panel does not have is the product's settings' fault.
func TestCreateWithAnUnknownPlanIsInvalidConfig(t *testing.T) {
	f := fakeenhance.New(t)
	svc := service("noplan")
	svc.ProductConfig = map[string]string{keyPlanID: "99"}
	_, err := quiet().Create(ctx(t), request(f, svc))
	if e := sdk.AsError(err); e == nil || e.Kind != sdk.KindInvalidConfig || e.Field != keyPlanID {
		t.Errorf("Create on plan 99: %v, want invalid config on %s", err, keyPlanID)
	}
}
