package billing_test

import (
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
)

// paidRenewal invoices a German customer's 10.00 service (11.90 with VAT)
// and pays it from account credit; it returns the invoice and its line.
func paidRenewal(t *testing.T, sh *shop) (invoice, line string) {
	t.Helper()
	sh.service(t, sh.customerDE, "monthly", 1000, "2026-03-01", "2026-03-01")
	run(t, sh.app, "2026-02-25")
	invoice = invoices(t, sh.app)[0].ID
	err := sh.app.RunInTransaction(func(tx core.App) error {
		if _, err := billing.AddCredit(tx, billing.CreditEntry{Customer: sh.customerDE, Currency: "USD", Amount: 1190, Kind: collections.CreditEntryKindTopup}); err != nil {
			return err
		}
		_, err := billing.ApplyCredit(tx, invoice, day(t, "2026-02-25"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := sh.app.DB().Select("id").From("invoice_items").Where(dbx.HashExp{"invoice": invoice}).Row(&line); err != nil {
		t.Fatal(err)
	}
	return invoice, line
}

// The invoice invariant: amount_due = total − credited − credit applied −
// payments + refunds (never below zero).
func assertDue(t *testing.T, inv *collections.Invoice, want int64) {
	t.Helper()
	formula := max(0, inv.Total()-inv.CreditedTotal()-inv.CreditApplied()-inv.AmountPaid()+inv.AmountRefunded())
	if inv.AmountDue() != formula || inv.AmountDue() != want {
		t.Fatalf("invoice %s: amount due %d, formula %d, want %d", inv.Number(), inv.AmountDue(), formula, want)
	}
}

func TestPartialCreditNotesNeverCreditALineTwice(t *testing.T) {
	sh := newShop(t)
	p := sh.people(t)
	invoice, line := paidRenewal(t, sh)
	url := "/api/hb/invoices/" + invoice + "/credit-note"

	status, body := sh.app.Do(t, "POST", url, p.billingStaff, map[string]any{
		"lines": []map[string]any{{"item": line, "amount": 400}}, "reason": "outage", "refund_to": "credit"})
	if status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	cn := decode(t, body)
	// 4.00 credited + 19% VAT = 4.76, back to the account credit.
	if cn["number"] != "CN-2026-000001" || cn["total"] != float64(476) || cn["status"] != "paid" {
		t.Fatalf("credit note %v", cn)
	}
	inv, _ := collections.FindInvoice(sh.app, invoice)
	if inv.Status() != collections.InvoiceStatusRefunded || inv.CreditedTotal() != 476 || inv.AmountRefunded() != 476 {
		t.Fatalf("invoice %s credited %d refunded %d", inv.Status(), inv.CreditedTotal(), inv.AmountRefunded())
	}
	assertDue(t, inv, 0)
	if b := balance(t, sh.app, sh.customerDE); b != 476 {
		t.Fatalf("balance %d, want 476", b)
	}
	note, _ := collections.FindInvoice(sh.app, cn["credit_note"].(string))
	if note.Kind() != collections.InvoiceKindCreditNote || note.RelatedInvoiceID() != invoice || note.Series() != billing.SeriesCreditNote {
		t.Fatalf("credit note %s refers to %q in series %s", note.Kind(), note.RelatedInvoiceID(), note.Series())
	}

	// 6.00 of the line is left: 7.00 is refused, with nothing written.
	before := count(t, sh.app, "invoices")
	status, body = sh.app.Do(t, "POST", url, p.billingStaff, map[string]any{
		"lines": []map[string]any{{"item": line, "amount": 700}}, "refund_to": "credit"})
	wantField(t, status, body, "lines.0.amount")
	// A whole-invoice credit note is refused once part is credited.
	status, body = sh.app.Do(t, "POST", url, p.billingStaff, map[string]any{"refund_to": "credit"})
	wantField(t, status, body, "lines")
	if count(t, sh.app, "invoices") != before || balance(t, sh.app, sh.customerDE) != 476 {
		t.Fatal("a refused credit note wrote something")
	}

	// The rest: 6.00 + 1.14 = 7.14; with 4.76 that is the whole 11.90.
	status, body = sh.app.Do(t, "POST", url, p.billingStaff, map[string]any{
		"lines": []map[string]any{{"item": line, "amount": 600}}, "refund_to": "gateway"})
	if status != 200 || decode(t, body)["total"] != float64(714) || decode(t, body)["status"] != "unpaid" || decode(t, body)["amount_due"] != float64(714) {
		t.Fatalf("the rest, to be refunded through the gateway: %d %s", status, body)
	}
	inv, _ = collections.FindInvoice(sh.app, invoice)
	if inv.CreditedTotal() != 1190 {
		t.Fatalf("credited %d of 1190", inv.CreditedTotal())
	}
	assertDue(t, inv, 0)
	if b := balance(t, sh.app, sh.customerDE); b != 476 {
		t.Fatalf("a gateway refund must not add account credit: balance %d", b)
	}
}

func TestFullCreditNoteMirrorsTheInvoiceOnceUnderConcurrency(t *testing.T) {
	sh := newShop(t)
	invoice, _ := paidRenewal(t, sh)
	req := billing.CreditNoteRequest{Invoice: invoice, RefundTo: billing.RefundToCredit, Today: day(t, "2026-03-02"), Now: checkoutNow}

	crash := errors.New("crash")
	if err := sh.app.RunInTransaction(func(tx core.App) error {
		if _, err := billing.IssueCreditNote(tx, req); err != nil {
			return err
		}
		return crash
	}); !errors.Is(err, crash) {
		t.Fatal(err)
	}
	if count(t, sh.app, "invoices") != 1 || balance(t, sh.app, sh.customerDE) != 0 {
		t.Fatal("a crashed credit note left records")
	}

	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = sh.app.RunInTransaction(func(tx core.App) error { _, err := billing.IssueCreditNote(tx, req); return err })
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		var ce *billing.CreditNoteError
		if err == nil {
			ok++
		} else if !errors.As(err, &ce) {
			t.Fatal(err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d full credit notes of one invoice", ok)
	}
	inv, _ := collections.FindInvoice(sh.app, invoice)
	cnRec, err := sh.app.FindFirstRecordByFilter("invoices", "kind = 'credit_note'")
	if err != nil {
		t.Fatal(err)
	}
	cn := collections.WrapInvoice(cnRec)
	if cn.Number() != "CN-2026-000001" || cn.Total() != inv.Total() || cn.TaxTotal() != inv.TaxTotal() || string(cn.TaxLinesJSON()) != string(inv.TaxLinesJSON()) {
		t.Fatalf("credit note %s: total %d tax %d %s; invoice %d tax %d %s", cn.Number(), cn.Total(), cn.TaxTotal(), cn.TaxLinesJSON(), inv.Total(), inv.TaxTotal(), inv.TaxLinesJSON())
	}
	if b := balance(t, sh.app, sh.customerDE); b != 1190 {
		t.Fatalf("balance %d after a full credit note to credit", b)
	}
	assertDue(t, inv, 0)
}

func TestCreditNoteRouteRefusals(t *testing.T) {
	sh := newShop(t)
	p := sh.people(t)
	invoice, line := paidRenewal(t, sh)
	sh.service(t, sh.customerUS, "monthly", 1000, "2026-03-01", "2026-03-01")
	run(t, sh.app, "2026-02-25")
	var unpaid string
	if err := sh.app.DB().Select("id").From("invoices").Where(dbx.HashExp{"status": "unpaid"}).Row(&unpaid); err != nil {
		t.Fatal(err)
	}
	url := "/api/hb/invoices/" + invoice + "/credit-note"
	for who, tok := range map[string]string{"the customer": p.anna, "support staff": p.support, "anonymous": ""} {
		if status, _ := sh.app.Do(t, "POST", url, tok, map[string]any{"refund_to": "credit"}); status != http.StatusForbidden {
			t.Errorf("%s issued a credit note: %d", who, status)
		}
	}
	for _, tc := range []struct {
		name  string
		url   string
		body  map[string]any
		field string
	}{
		{"no refund destination", url, map[string]any{}, "refund_to"},
		{"an unpaid invoice", "/api/hb/invoices/" + unpaid + "/credit-note", map[string]any{"refund_to": "credit"}, "invoice"},
		{"a line of another invoice", url, map[string]any{"refund_to": "credit", "lines": []map[string]any{{"item": "nosuchline1234", "amount": 1}}}, "lines.0.item"},
		{"an amount as a string", url, map[string]any{"refund_to": "credit", "lines": []map[string]any{{"item": line, "amount": "100"}}}, "lines.0.amount"},
		{"a negative amount", url, map[string]any{"refund_to": "credit", "lines": []map[string]any{{"item": line, "amount": -5}}}, "lines.0.amount"},
	} {
		status, body := sh.app.Do(t, "POST", tc.url, p.billingStaff, tc.body)
		t.Run(tc.name, func(t *testing.T) { wantField(t, status, body, tc.field) })
	}
	if status, _ := sh.app.Do(t, "POST", "/api/hb/invoices/nosuchinvoice12/credit-note", p.billingStaff, map[string]any{"refund_to": "credit"}); status != http.StatusNotFound {
		t.Errorf("unknown invoice: %d", status)
	}
	var notes int
	if err := sh.app.DB().Select("count(*)").From("invoices").Where(dbx.HashExp{"kind": "credit_note"}).Row(&notes); err != nil || notes != 0 {
		t.Fatalf("%d credit notes written by refused requests", notes)
	}
	if b := balance(t, sh.app, sh.customerDE); b != 0 {
		t.Fatalf("balance %d after refused credit notes", b)
	}
}
