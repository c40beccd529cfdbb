package affiliates_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/affiliates"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

func TestTheDashboardAddsUpTheAffiliatesFigures(t *testing.T) {
	w := newWorld(t)
	w.refCookie(t, "visitor0000000000justlooking")
	carol, dave := w.referred(t, "carol"), w.referred(t, "dave")
	w.referred(t, "erin") // signed up, never paid
	w.pay(t, w.invoice(t, carol, 1299), time.Now().Add(-40*24*time.Hour))
	if _, err := affiliates.ApproveDue(w.app, types.NowDateTime().String()); err != nil {
		t.Fatal(err)
	}
	w.pay(t, w.invoice(t, dave, 1000), time.Now())

	status, body := w.do(t, "GET", "/api/hb/affiliate", w.aliceTok, nil)
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	var d affiliates.Dashboard
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	if !d.Enabled || d.Account == nil || d.Account.Code != w.code || d.Clicks != 4 || d.Signups != 3 || d.Conversions != 2 {
		t.Fatalf("figures: %s", body)
	}
	if got := d.Commissions["USD"]; got != (affiliates.Sums{Pending: 100, Approved: 130}) {
		t.Fatalf("sums %+v", got)
	}
	if len(d.Recent) != 2 || len(d.Payouts) != 0 {
		t.Fatalf("recent: %s", body)
	}
	if contains(body, carol) || contains(body, "carol@") {
		t.Fatalf("the dashboard names a referred customer: %s", body)
	}

	if status, _ := w.do(t, "POST", "/api/hb/affiliate/payouts", w.aliceTok, map[string]any{"method": "manual", "currency": "USD"}); status != http.StatusOK {
		t.Fatal(status)
	}
	_, body = w.do(t, "GET", "/api/hb/affiliate", w.aliceTok, nil)
	_ = json.Unmarshal(body, &d)
	if got := d.Commissions["USD"]; got != (affiliates.Sums{Pending: 100, Requested: 130}) || len(d.Payouts) != 1 {
		t.Fatalf("after a manual request: %+v %s", got, body)
	}

	status, body = w.do(t, "GET", "/api/hb/affiliate", w.bobTok, nil)
	if status != http.StatusOK || !contains(body, `"account":null`) {
		t.Fatalf("a customer without an account: %d %s", status, body)
	}
	if status, _ := w.do(t, "GET", "/api/hb/affiliate", "", nil); status != http.StatusUnauthorized {
		t.Fatalf("anonymous: %d", status)
	}
}

func TestAffiliateRowsAreTheirOwnersAndBillingStaffsOnly(t *testing.T) {
	w := newWorld(t)
	w.approvedCommissions(t)
	if status, _ := w.do(t, "POST", "/api/hb/affiliate/payouts", w.aliceTok, map[string]any{"method": "manual", "currency": "USD"}); status != http.StatusOK {
		t.Fatal(status)
	}
	carolTok := ""
	carol, err := w.app.FindAuthRecordByEmail(collections.Customers, "carol@example.net")
	if err != nil {
		t.Fatal(err)
	}
	carolTok = hbtest.Token(t, carol)
	for _, col := range []string{collections.Affiliates, collections.AffiliateClicks, collections.Referrals, collections.Commissions, collections.AffiliatePayouts} {
		total := w.count(t, col)
		if total == 0 {
			t.Fatalf("%s: no rows to protect", col)
		}
		for who, tc := range map[string]struct {
			tok  string
			want int64
		}{
			"Alice, the owner":           {w.aliceTok, total},
			"billing staff":              {w.beaTok, total},
			"Bob, another customer":      {w.bobTok, 0},
			"Carol, a referred customer": {carolTok, 0},
			"anonymous":                  {"", 0},
			"support staff":              {w.samTok, 0},
		} {
			status, body := w.do(t, "GET", "/api/collections/"+col+"/records", tc.tok, nil)
			if status != http.StatusOK {
				t.Fatalf("%s lists %s: %d %s", who, col, status, body)
			}
			if n := int64(hbtest.Decode(t, body)["totalItems"].(float64)); n != tc.want {
				t.Errorf("%s sees %d of %d %s", who, n, total, col)
			}
			if contains(body, "alicebrowser") {
				t.Errorf("%s sees the affiliate's visitor ids", who)
			}
		}
		// Nobody but a superuser writes them through the collection API.
		for who, tok := range map[string]string{"Alice": w.aliceTok, "billing staff": w.beaTok, "anonymous": ""} {
			if status, _ := w.do(t, "POST", "/api/collections/"+col+"/records", tok, map[string]any{"affiliate": w.affiliate}); status < 400 {
				t.Errorf("%s created a %s row", who, col)
			}
		}
		if w.count(t, col) != total {
			t.Fatalf("%s changed", col)
		}
	}
	status, body := w.do(t, "PATCH", "/api/collections/commissions/records/"+w.commissions(t)[0].Id, w.aliceTok, map[string]any{"amount": 999999})
	if status < 400 || w.commissions(t)[0].Amount() == 999999 {
		t.Fatalf("Alice raised her commission: %d %s", status, body)
	}
}
