package affiliates_test

import (
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/affiliates"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

// approvedCommissions gives Alice approved commissions of 130 and 100 USD
// cents.
func (w *world) approvedCommissions(t *testing.T) {
	t.Helper()
	carol, dave := w.referred(t, "carol"), w.referred(t, "dave")
	w.pay(t, w.invoice(t, carol, 1299), time.Now().Add(-40*24*time.Hour))
	w.pay(t, w.invoice(t, dave, 1000), time.Now().Add(-40*24*time.Hour))
	if _, err := affiliates.ApproveDue(w.app, types.NowDateTime().String()); err != nil {
		t.Fatal(err)
	}
	for _, c := range w.commissions(t) {
		if c.Status() != collections.CommissionStatusApproved {
			t.Fatalf("commission %s", c.Status())
		}
	}
}

func (w *world) ledger(t *testing.T, customer string) []*core.Record {
	t.Helper()
	recs, err := w.app.FindRecordsByFilter(collections.CreditLedger, "customer = {:c} && kind = 'commission'", "", 0, 0, dbx.Params{"c": customer})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestPayoutToCreditOnceTwiceAtOnceAndAfterACrash(t *testing.T) {
	w := newWorld(t)
	w.approvedCommissions(t)
	body := map[string]any{"method": "credit", "currency": "usd"}

	// A crash after the payout row, before the ledger entry: nothing stays.
	crash := errors.New("power cut")
	failing := w.app.OnRecordCreate(collections.CreditLedger).BindFunc(func(e *core.RecordEvent) error { return crash })
	if status, resp := w.do(t, "POST", "/api/hb/affiliate/payouts", w.aliceTok, body); status != http.StatusInternalServerError {
		t.Fatalf("crash: %d %s", status, resp)
	}
	w.app.OnRecordCreate(collections.CreditLedger).Unbind(failing)
	if w.count(t, collections.AffiliatePayouts) != 0 || len(w.ledger(t, w.alice)) != 0 {
		t.Fatal("a crashed payout left rows")
	}
	for _, c := range w.commissions(t) {
		if c.Status() != collections.CommissionStatusApproved || c.PayoutID() != "" {
			t.Fatalf("a crashed payout moved a commission: %s %s", c.Status(), c.PayoutID())
		}
	}

	var wg sync.WaitGroup
	codes := make([]int, 4)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = w.send(t, "POST", "/api/hb/affiliate/payouts", w.aliceTok, body).Code
		}()
	}
	wg.Wait()
	ok := 0
	for _, c := range codes {
		if c == http.StatusOK {
			ok++
		} else if c != http.StatusBadRequest {
			t.Fatalf("codes %v", codes)
		}
	}
	if ok != 1 {
		t.Fatalf("%d payouts succeeded: %v", ok, codes)
	}
	ledger := w.ledger(t, w.alice)
	if len(ledger) != 1 || ledger[0].GetInt("amount") != 230 || ledger[0].GetString("currency") != "USD" {
		t.Fatalf("ledger: %v", ledger)
	}
	if bal, _ := billing.Balance(w.app, w.alice, "USD"); bal != 230 {
		t.Fatalf("balance %d", bal)
	}
	for _, c := range w.commissions(t) {
		if c.Status() != collections.CommissionStatusPaid || c.PayoutID() == "" {
			t.Fatalf("commission %s %q", c.Status(), c.PayoutID())
		}
	}
	status, resp := w.do(t, "POST", "/api/hb/affiliate/payouts", w.aliceTok, body)
	hbtest.WantField(t, status, resp, "amount")
	if w.count(t, collections.AffiliatePayouts) != 1 {
		t.Fatal("a second payout was written")
	}
}

func TestPayoutRefusals(t *testing.T) {
	w := newWorld(t)
	w.approvedCommissions(t)
	for field, body := range map[string]map[string]any{
		"method":   {"method": "cash", "currency": "USD"},
		"currency": {"method": "credit", "currency": "DOLLARS"},
		"body":     {"method": "credit", "currency": "USD", "amount": 5},
	} {
		status, resp := w.do(t, "POST", "/api/hb/affiliate/payouts", w.aliceTok, body)
		hbtest.WantField(t, status, resp, field)
	}
	status, resp := w.do(t, "POST", "/api/hb/affiliate/payouts", w.aliceTok, map[string]any{"method": "credit", "currency": "EUR"})
	hbtest.WantField(t, status, resp, "amount")
	w.setProgramme(t, map[string]any{"min_payout": map[string]any{"USD": 5000}})
	status, resp = w.do(t, "POST", "/api/hb/affiliate/payouts", w.aliceTok, map[string]any{"method": "credit", "currency": "USD"})
	hbtest.WantField(t, status, resp, "amount")
	if !contains(resp, "50.00") {
		t.Fatalf("the refusal must say the minimum: %s", resp)
	}
	w.setProgramme(t, map[string]any{"min_payout": map[string]any{}, "payout_methods": []string{"manual"}})
	status, resp = w.do(t, "POST", "/api/hb/affiliate/payouts", w.aliceTok, map[string]any{"method": "credit", "currency": "USD"})
	hbtest.WantField(t, status, resp, "method")
	if status, _ := w.do(t, "POST", "/api/hb/affiliate/payouts", w.bobTok, map[string]any{"method": "manual", "currency": "USD"}); status != http.StatusNotFound {
		t.Fatalf("a customer without an affiliate account: %d", status)
	}
	if status, _ := w.do(t, "POST", "/api/hb/affiliate/payouts", "", map[string]any{"method": "manual", "currency": "USD"}); status != http.StatusUnauthorized {
		t.Fatalf("anonymous: %d", status)
	}
	if w.count(t, collections.AffiliatePayouts) != 0 || len(w.ledger(t, w.alice)) != 0 {
		t.Fatal("a refused payout wrote something")
	}
}

func TestManualPayoutPaidOrRejectedByBillingStaff(t *testing.T) {
	w := newWorld(t)
	w.approvedCommissions(t)
	status, resp := w.do(t, "POST", "/api/hb/affiliate/payouts", w.aliceTok, map[string]any{"method": "manual", "currency": "USD", "details": "IBAN DE00 1234"})
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, resp)
	}
	if aff, _ := collections.FindAffiliate(w.app, w.affiliate); aff.PayoutDetails() != "IBAN DE00 1234" {
		t.Fatalf("payout details not kept: %q", aff.PayoutDetails())
	}
	p := hbtest.Decode(t, resp)
	id := p["id"].(string)
	if p["status"] != "requested" || p["amount"] != float64(230) || p["commissions"] != float64(2) {
		t.Fatalf("payout %s", resp)
	}
	// Held commissions are not paid out twice.
	status, resp = w.do(t, "POST", "/api/hb/affiliate/payouts", w.aliceTok, map[string]any{"method": "credit", "currency": "USD"})
	hbtest.WantField(t, status, resp, "amount")

	for who, tok := range map[string]string{"support staff": w.samTok, "the affiliate": w.aliceTok, "anonymous": ""} {
		if status, _ := w.do(t, "POST", "/api/hb/affiliate/payouts/"+id+"/paid", tok, map[string]any{"reference": "x"}); status < 400 {
			t.Errorf("%s marked a payout paid", who)
		}
	}
	status, resp = w.do(t, "POST", "/api/hb/affiliate/payouts/"+id+"/reject", w.beaTok, map[string]any{"note": "IBAN missing"})
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, resp)
	}
	for _, c := range w.commissions(t) {
		if c.Status() != collections.CommissionStatusApproved || c.PayoutID() != "" {
			t.Fatalf("a rejected payout kept its commissions: %s %q", c.Status(), c.PayoutID())
		}
	}
	if status, _ := w.do(t, "POST", "/api/hb/affiliate/payouts/"+id+"/paid", w.beaTok, map[string]any{"reference": "x"}); status != http.StatusConflict {
		t.Fatalf("a rejected payout paid: %d", status)
	}

	status, resp = w.do(t, "POST", "/api/hb/affiliate/payouts", w.aliceTok, map[string]any{"method": "manual", "currency": "USD"})
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, resp)
	}
	id = hbtest.Decode(t, resp)["id"].(string)
	status, resp = w.do(t, "POST", "/api/hb/affiliate/payouts/"+id+"/paid", w.beaTok, map[string]any{})
	hbtest.WantField(t, status, resp, "reference")
	// Twice at once (a double click), then once more: paid once.
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := w.send(t, "POST", "/api/hb/affiliate/payouts/"+id+"/paid", w.beaTok, map[string]any{"reference": "SEPA-2026-0042"})
			if rec.Code != http.StatusOK || !contains(rec.Body.Bytes(), `"status":"paid"`) {
				t.Errorf("%d %s", rec.Code, rec.Body)
			}
		}()
	}
	wg.Wait()
	status, resp = w.do(t, "POST", "/api/hb/affiliate/payouts/"+id+"/paid", w.beaTok, map[string]any{"reference": "SEPA-2026-0042"})
	if status != http.StatusOK || !contains(resp, `"status":"paid"`) {
		t.Fatalf("%d %s", status, resp)
	}
	payout, _ := collections.FindPayout(w.app, id)
	if payout.Reference() != "SEPA-2026-0042" || payout.StaffID() == "" || payout.PaidAt().IsZero() {
		t.Fatalf("payout %v", payout.FieldsData())
	}
	for _, c := range w.commissions(t) {
		if c.Status() != collections.CommissionStatusPaid || c.PayoutID() != id {
			t.Fatalf("commission %s", c.Status())
		}
	}
	if len(w.ledger(t, w.alice)) != 0 {
		t.Fatal("a manual payout wrote account credit")
	}
	if status, _ := w.do(t, "POST", "/api/hb/affiliate/payouts/nosuchpayout/paid", w.beaTok, map[string]any{"reference": "x"}); status != http.StatusNotFound {
		t.Fatalf("unknown payout: %d", status)
	}
}

func TestASuspendedAffiliateIsNotPaidOut(t *testing.T) {
	w := newWorld(t)
	w.approvedCommissions(t)
	if status, body := w.do(t, "PATCH", "/api/hb/affiliates/"+w.affiliate, w.beaTok, map[string]any{"status": "suspended"}); status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	if status, body := w.do(t, "POST", "/api/hb/affiliate/payouts", w.aliceTok, map[string]any{"method": "credit", "currency": "USD"}); status != http.StatusForbidden {
		t.Fatalf("%d %s", status, body)
	}
	if w.count(t, collections.AffiliatePayouts) != 0 || len(w.ledger(t, w.alice)) != 0 {
		t.Fatal("a suspended affiliate was paid")
	}
}
