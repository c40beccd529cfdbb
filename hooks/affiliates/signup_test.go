package affiliates_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

func referralsOf(t *testing.T, w *world, customer string) []*collections.Referral {
	t.Helper()
	recs, err := w.app.FindRecordsByFilter(collections.Referrals, "customer = {:c}", "", 0, 0, dbx.Params{"c": customer})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*collections.Referral, len(recs))
	for i, r := range recs {
		out[i] = collections.WrapReferral(r)
	}
	return out
}

func TestSignupWithTheCookieRecordsTheReferral(t *testing.T) {
	w := newWorld(t)
	carol := w.referred(t, "carol")
	refs := referralsOf(t, w, carol)
	if len(refs) != 1 || refs[0].AffiliateID() != w.affiliate || refs[0].Status() != collections.ReferralStatusSignedUp {
		t.Fatalf("referrals: %v", refs)
	}
}

func TestSignupWithoutAValidCookieIsNotReferred(t *testing.T) {
	w := newWorld(t)
	for name, cookies := range map[string][]string{
		"no cookie":             nil,
		"a forged affiliate":    {"hb_ref=nosuchaffiliate.1900000000"},
		"a cookie past 90 days": {"hb_ref=" + w.affiliate + ".1000000000"},
		"garbage":               {"hb_ref=%%%"},
	} {
		t.Run(name, func(t *testing.T) {
			email := fmt.Sprintf("visitor%d@example.net", len(name))
			status, body := w.signup(t, email, nil, cookies...)
			if status != http.StatusOK {
				t.Fatalf("%d %s", status, body)
			}
			id := hbtest.Decode(t, body)["id"].(string)
			if w.customer(t, id).ReferredByID() != "" || len(referralsOf(t, w, id)) != 0 {
				t.Fatal("referred without a valid cookie")
			}
		})
	}
}

func TestAVisitorCannotSetReferredBy(t *testing.T) {
	w := newWorld(t)
	before := w.count(t, collections.Customers)
	status, body := w.signup(t, "mallory@example.net", map[string]any{"referred_by": w.affiliate})
	if status != http.StatusBadRequest {
		t.Fatalf("a visitor set referred_by: %d %s", status, body)
	}
	if w.count(t, collections.Customers) != before || w.count(t, collections.Referrals) != 0 {
		t.Fatal("a refused signup wrote something")
	}
	// Nor can a customer on their own account later.
	status, body = w.do(t, "PATCH", "/api/collections/customers/records/"+w.bob, w.bobTok, map[string]any{"referred_by": w.affiliate})
	if status == http.StatusOK || w.customer(t, w.bob).ReferredByID() != "" {
		t.Fatalf("a customer set their own referrer: %d %s", status, body)
	}
}

func TestNoSelfReferral(t *testing.T) {
	w := newWorld(t)
	ref := w.refCookie(t, "visitor0000000000strange")
	for name, tc := range map[string]struct {
		email   string
		cookies []string
	}{
		"the affiliate's email in other case": {"ALICE@example.com", []string{ref}},
		"the affiliate's email with a +tag":   {"alice+second@Example.com", []string{ref}},
		"the affiliate's own browser":         {"someone@example.net", []string{ref, w.aliceVisitorCookie}},
	} {
		t.Run(name, func(t *testing.T) {
			status, body := w.signup(t, tc.email, nil, tc.cookies...)
			if status != http.StatusOK && tc.email != "ALICE@example.com" {
				t.Fatalf("%d %s", status, body)
			}
			if status == http.StatusOK {
				if id := hbtest.Decode(t, body)["id"].(string); w.customer(t, id).ReferredByID() != "" {
					t.Fatal("a self-referral was recorded")
				}
			}
			if n := w.count(t, collections.Referrals); n != 0 {
				t.Fatalf("%d referrals", n)
			}
		})
	}
	// Staff cannot make Alice her own referrer either.
	alice := w.customer(t, w.alice)
	alice.SetReferredByID(w.affiliate)
	if err := w.app.Save(alice); err == nil {
		t.Fatal("a customer referred by their own affiliate account")
	}
}

func TestOneReferrerPerCustomer(t *testing.T) {
	w := newWorld(t)
	carol := w.referred(t, "carol")
	status, body := w.do(t, "POST", "/api/hb/affiliate/activate", w.bobTok, nil)
	if status != http.StatusOK {
		t.Fatal(string(body))
	}
	bobAffiliate := hbtest.Decode(t, body)["id"].(string)
	c := w.customer(t, carol)
	c.SetReferredByID(bobAffiliate)
	if err := w.app.Save(c); err == nil {
		t.Fatal("a customer's referrer changed")
	}
	if got := w.customer(t, carol).ReferredByID(); got != w.affiliate || len(referralsOf(t, w, carol)) != 1 {
		t.Fatalf("referrer now %q", got)
	}
	// Billing staff may record the first referrer of a customer who had
	// none; the referral is written with it.
	bob := w.customer(t, w.bob)
	bob.SetReferredByID(w.affiliate)
	if err := w.app.Save(bob); err != nil {
		t.Fatal(err)
	}
	if refs := referralsOf(t, w, w.bob); len(refs) != 1 {
		t.Fatalf("no referral for a referrer set later: %v", refs)
	}
}

func TestACustomerStaffCreateIsNoSignup(t *testing.T) {
	w := newWorld(t)
	ref := w.refCookie(t, "visitor0000000000staffbrowser")
	status, body := w.do(t, "POST", "/api/collections/customers/records", w.beaTok, map[string]any{"name": "Walk-in", "email": "walkin@example.net",
		"password": hbtest.Password, "passwordConfirm": hbtest.Password}, ref)
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	if id := hbtest.Decode(t, body)["id"].(string); w.customer(t, id).ReferredByID() != "" {
		t.Fatal("staff's browser cookie referred a customer they created")
	}
}
