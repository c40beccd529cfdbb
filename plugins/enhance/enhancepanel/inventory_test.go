package enhancepanel

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/enhance/internal/fakeenhance"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// ListRemote reports Hostbase's services with their keys, and customers
// made by hand in the panel without one.
func TestListRemoteReportsKeysAndStrangers(t *testing.T) {
	f := fakeenhance.New(t)
	p := quiet()
	svc := created(t, f, p, "listed")
	pn, err := p.open(serverFor(f))
	if err != nil {
		t.Fatal(err)
	}
	var made newUUID
	if err := pn.post(ctx(t), "/orgs/"+fakeenhance.MasterOrg+"/customers", nil, map[string]string{"name": "Walk-in customer"}, &made); err != nil {
		t.Fatal(err)
	}
	var sub newID
	if err := pn.post(ctx(t), "/orgs/"+fakeenhance.MasterOrg+"/customers/"+made.ID+"/subscriptions", nil, map[string]any{"planId": 2}, &sub); err != nil {
		t.Fatal(err)
	}
	list, err := p.ListRemote(ctx(t), sdk.ServerRequest{Server: serverFor(f)})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, r := range list {
		keys[r.RemoteID] = r.IdempotencyKey
	}
	if len(list) != 2 || keys[svc.RemoteID] != "listed" || keys[remoteID(made.ID, sub.ID)] != "" {
		t.Errorf("ListRemote = %+v, want %s keyed \"listed\" and the walk-in's subscription unkeyed", list, svc.RemoteID)
	}
}

// Single sign-on is the owner's one-time link, new each time, short-lived.
func TestSingleSignOnIsAFreshOneTimeLink(t *testing.T) {
	f := fakeenhance.New(t)
	p := quiet()
	svc := created(t, f, p, "sso")
	first, err := p.SingleSignOn(ctx(t), request(f, svc))
	if err != nil {
		t.Fatal(err)
	}
	second, err := p.SingleSignOn(ctx(t), request(f, svc))
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(first.URL)
	if err != nil || !strings.HasPrefix(first.URL, f.URL) || u.Query().Get("otp") == "" {
		t.Errorf("SSO URL %q is not the panel's OTP link", first.URL)
	}
	if first.URL == second.URL {
		t.Errorf("two SSO calls gave the same link %q", first.URL)
	}
	if d := time.Until(first.ExpiresAt); d <= 0 || d > 5*time.Minute {
		t.Errorf("SSO link expires in %s", d)
	}
}
