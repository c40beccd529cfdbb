package billing_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/hooks/billing"
)

// people are the callers of the billing routes.
type people struct {
	anna, bob, billingStaff, support, root string // tokens
}

func (sh *shop) people(t *testing.T) people {
	t.Helper()
	anna, _ := sh.app.FindRecordById("customers", sh.customerDE)
	bob, _ := sh.app.FindRecordById("customers", sh.customerUS)
	bs := mk(t, sh.app, "staff", map[string]any{"name": "Bill", "email": "bill@example.com", "role": "billing", "active": true})
	sup := mk(t, sh.app, "staff", map[string]any{"name": "Sue", "email": "sue@example.com", "role": "support", "active": true})
	root := mk(t, sh.app, core.CollectionNameSuperusers, map[string]any{"email": "root@example.com"})
	return people{token(t, anna), token(t, bob), token(t, bs), token(t, sup), token(t, root)}
}

func ledgerRows(t *testing.T, app core.App) int {
	t.Helper()
	var n int
	if err := app.DB().Select("count(*)").From("credit_ledger").Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestInvoicePDFForOwnerAndBillingStaffOnly(t *testing.T) {
	sh := newShop(t)
	p := sh.people(t)
	sh.service(t, sh.customerDE, "monthly", 1299, "2026-03-01", "2026-03-01")
	run(t, sh.app, "2026-02-25")
	inv := invoices(t, sh.app)[0]
	url := "/api/hb/invoices/" + inv.ID + "/pdf"

	for who, tok := range map[string]string{"owner": p.anna, "billing staff": p.billingStaff, "superuser": p.root} {
		status, body := sh.app.Do(t, "GET", url, tok, nil)
		if status != 200 || !bytes.HasPrefix(body, []byte("%PDF")) {
			t.Errorf("%s must get the PDF: %d %.40q", who, status, body)
		}
	}
	for who, tok := range map[string]string{"another customer": p.bob, "support staff": p.support, "anonymous": ""} {
		if status, body := sh.app.Do(t, "GET", url, tok, nil); status != http.StatusNotFound {
			t.Errorf("%s must get 404, got %d %.60s", who, status, body)
		}
	}
	draft := mk(t, sh.app, "invoices", map[string]any{"kind": "invoice", "customer": sh.customerDE, "status": "draft", "currency": "USD"})
	if status, _ := sh.app.Do(t, "GET", "/api/hb/invoices/"+draft.Id+"/pdf", p.anna, nil); status != http.StatusNotFound {
		t.Errorf("a draft is not the customer's to see yet: %d", status)
	}
}

func TestCancelInvoiceRoute(t *testing.T) {
	sh := newShop(t)
	p := sh.people(t)
	sh.service(t, sh.customerDE, "monthly", 1000, "2026-03-01", "2026-03-01")
	if _, err := addCredit(sh.app, billing.CreditEntry{Customer: sh.customerDE, Currency: "USD", Amount: 300, Kind: "topup"}); err != nil {
		t.Fatal(err)
	}
	run(t, sh.app, "2026-02-25") // 1190, of which 300 from credit
	inv := invoices(t, sh.app)[0]
	url := "/api/hb/invoices/" + inv.ID + "/cancel"

	for who, tok := range map[string]string{"the customer": p.anna, "support staff": p.support, "anonymous": ""} {
		if status, _ := sh.app.Do(t, "POST", url, tok, map[string]any{"reason": "x"}); status != http.StatusForbidden {
			t.Errorf("%s must not cancel: %d", who, status)
		}
	}
	if got := invoices(t, sh.app)[0]; got.Status != "unpaid" {
		t.Fatalf("a refused cancel changed the invoice: %+v", got)
	}
	status, body := sh.app.Do(t, "POST", url, p.billingStaff, map[string]any{"reason": "ordered by mistake"})
	if status != 200 || decode(t, body)["status"] != "cancelled" || decode(t, body)["number"] != inv.Number {
		t.Fatalf("billing staff cancel, the number stays: %d %s", status, body)
	}
	if b := balance(t, sh.app, sh.customerDE); b != 300 {
		t.Fatalf("the 300 of credit applied goes back: balance %d", b)
	}
	status, body = sh.app.Do(t, "POST", url, p.billingStaff, map[string]any{"reason": "again"})
	wantField(t, status, body, "status")
	if b := balance(t, sh.app, sh.customerDE); b != 300 {
		t.Fatalf("cancelling twice returned the credit twice: %d", b)
	}
	if status, _ := sh.app.Do(t, "POST", "/api/hb/invoices/nosuchinvoice12/cancel", p.billingStaff, map[string]any{}); status != http.StatusNotFound {
		t.Fatalf("unknown invoice: %d", status)
	}
}

func TestAdjustCreditRoute(t *testing.T) {
	sh := newShop(t)
	p := sh.people(t)
	url := "/api/hb/customers/" + sh.customerDE + "/credit"

	bad := []struct {
		body  string
		field string
	}{
		{`{"amount": 12.5, "currency": "USD", "note": "x"}`, "amount"},
		{`{"amount": "1250", "currency": "USD", "note": "x"}`, "amount"},
		{`{"amount": 0, "currency": "USD", "note": "x"}`, "amount"},
		{`{"currency": "USD", "note": "x"}`, "amount"},
		{`{"amount": 1250, "currency": "XXQ", "note": "x"}`, "currency"},
		{`{"amount": 1250, "currency": "USD", "note": "  "}`, "note"},
		{`{"amount": -1, "currency": "USD", "note": "take"}`, "amount"},
		{`{"amount": 1250, "currency": "USD", "note": "x", "extra": 1}`, ""},
	}
	for _, c := range bad {
		status, body := sh.app.Do(t, "POST", url, p.billingStaff, strings.NewReader(c.body))
		if c.field == "" {
			if status != http.StatusBadRequest {
				t.Errorf("%s: want 400, got %d %s", c.body, status, body)
			}
		} else {
			wantField(t, status, body, c.field)
		}
	}
	if n := ledgerRows(t, sh.app); n != 0 {
		t.Fatalf("refused adjustments wrote %d ledger rows", n)
	}
	for who, tok := range map[string]string{"the customer": p.anna, "support staff": p.support, "anonymous": ""} {
		if status, _ := sh.app.Do(t, "POST", url, tok, map[string]any{"amount": 1250, "currency": "USD", "note": "x"}); status != http.StatusForbidden {
			t.Errorf("%s must not adjust credit: %d", who, status)
		}
	}
	status, body := sh.app.Do(t, "POST", url, p.billingStaff, map[string]any{"amount": 1250, "currency": "USD", "note": "outage goodwill"})
	if status != 200 || decode(t, body)["balance"] != float64(1250) {
		t.Fatalf("billing staff add credit: %d %s", status, body)
	}
	status, body = sh.app.Do(t, "GET", "/api/hb/credit", p.anna, nil)
	if status != 200 || !strings.Contains(string(body), `"USD":1250`) {
		t.Fatalf("Anna sees her balance: %d %s", status, body)
	}
	if _, body := sh.app.Do(t, "GET", "/api/hb/credit", p.bob, nil); strings.Contains(string(body), "1250") {
		t.Fatalf("Bob sees Anna's credit: %s", body)
	}
}

func TestTopupInvoiceAddsCreditOncePaid(t *testing.T) {
	sh := newShop(t)
	p := sh.people(t)
	s0, b0 := sh.app.Do(t, "POST", "/api/hb/credit/topup", p.anna, map[string]any{"amount": 0, "currency": "USD"})
	wantField(t, s0, b0, "amount")
	s1, b1 := sh.app.Do(t, "POST", "/api/hb/credit/topup", p.anna, map[string]any{"amount": 5000, "currency": "EUR"})
	wantField(t, s1, b1, "currency")
	if status, _ := sh.app.Do(t, "POST", "/api/hb/credit/topup", "", map[string]any{"amount": 5000, "currency": "USD"}); status != http.StatusUnauthorized {
		t.Fatalf("anonymous top-up: %d", status)
	}
	if n := len(invoices(t, sh.app)); n != 0 {
		t.Fatalf("refused top-ups wrote %d invoices", n)
	}

	status, body := sh.app.Do(t, "POST", "/api/hb/credit/topup", p.anna, map[string]any{"amount": 5000, "currency": "USD"})
	if status != 200 || decode(t, body)["amount_due"] != float64(5000) {
		t.Fatalf("top-up invoice, untaxed: %d %s", status, body)
	}
	id := decode(t, body)["invoice"].(string)
	if _, err := billing.SettleTopup(sh.app, id); err == nil {
		t.Fatal("an unpaid top-up adds no credit")
	}
	inv, _ := sh.app.FindRecordById("invoices", id)
	inv.Set("status", "paid")
	inv.Set("amount_paid", 5000)
	inv.Set("amount_due", 0)
	if err := sh.app.Save(inv); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		err := sh.app.RunInTransaction(func(tx core.App) error { _, err := billing.SettleTopup(tx, id); return err })
		if err != nil {
			t.Fatal(err)
		}
	}
	if b := balance(t, sh.app, sh.customerDE); b != 5000 {
		t.Fatalf("a paid top-up adds its credit once: %d", b)
	}
	// Credit never pays for a top-up.
	if r := run(t, sh.app, "2026-03-01"); r.CreditApplied != 0 {
		t.Fatalf("%s", r)
	}
}
