package payments_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/payments/stripe/stripetest"
)

// paid is an invoice of customer paid by card through PaymentIntent pi.
func (w *world) paid(t *testing.T, customer string, amount int64, due, pi string) *collections.Invoice {
	t.Helper()
	inv := w.invoice(t, customer, amount, due)
	w.deliverOK(t, "payment_intent.succeeded", stripetest.PaymentIntent(pi, inv.Id, customer, amount, "usd"))
	if got := w.inv(t, inv.Id); got.Status() != collections.InvoiceStatusPaid {
		t.Fatalf("invoice %s not paid", got.Number())
	}
	return inv
}

func (w *world) firstLine(t *testing.T, invoice string) string {
	t.Helper()
	var id string
	if err := w.app.DB().Select("id").From(collections.InvoiceItems).Where(dbx.HashExp{"invoice": invoice}).OrderBy("sort").Limit(1).Row(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestRefundsToTheCardAndToCredit(t *testing.T) {
	w := newWorld(t)
	inv := w.paid(t, w.alice, 1299, "2026-03-01", "pi_A")
	url := "/api/hb/invoices/" + inv.Id + "/refund"
	line := w.firstLine(t, inv.Id)

	// Only billing staff refund; a bad body writes nothing.
	if code, _ := w.app.Do(t, "POST", url, w.aliceTok, map[string]any{"to": "credit"}); code != 403 {
		t.Fatalf("a customer refunded: %d", code)
	}
	code, body := w.app.Do(t, "POST", url, w.staffTok, map[string]any{"to": "cash"})
	hbtest.WantField(t, code, body, "to")
	code, body = w.app.Do(t, "POST", url, w.staffTok, map[string]any{"to": "gateway", "lines": []any{map[string]any{"item": line, "amount": 5000}}})
	hbtest.WantField(t, code, body, "lines.0.amount")
	if n := count(t, w.app, collections.Invoices, "kind = 'credit_note'"); n != 0 {
		t.Fatalf("refused refunds wrote %d credit notes", n)
	}

	// 5.00 back to the card: a credit note, a refund at Stripe (stripe-mock), settled.
	code, body = w.app.Do(t, "POST", url, w.staffTok, map[string]any{"to": "gateway", "reason": "outage", "lines": []any{map[string]any{"item": line, "amount": 500}}})
	if code != 200 || !strings.Contains(string(body), `"status":"paid"`) {
		t.Fatalf("refund to card: %d %s", code, body)
	}
	refund, err := w.app.FindFirstRecordByFilter(collections.Transactions, "kind = 'refund'")
	if err != nil {
		t.Fatal(err)
	}
	r := collections.WrapTransaction(refund)
	if r.Status() != collections.TransactionStatusSucceeded || r.Amount() != 500 || r.GatewayRef() == "" || r.IdempotencyKey() == "" || r.CreditNoteID() == "" {
		t.Fatalf("refund row %s amount %d ref %q key %q cn %q", r.Status(), r.Amount(), r.GatewayRef(), r.IdempotencyKey(), r.CreditNoteID())
	}
	got := w.inv(t, inv.Id)
	if got.Status() != collections.InvoiceStatusRefunded || got.AmountRefunded() != 500 || got.AmountDue() != 0 {
		t.Fatalf("invoice %s refunded %d due %d", got.Status(), got.AmountRefunded(), got.AmountDue())
	}
	// Stripe's webhook of that same refund changes nothing more.
	w.deliverOK(t, "charge.refunded", stripetest.ChargeWithRefunds("ch_A", "pi_A", 1299, "usd",
		stripetest.Refund(r.GatewayRef(), "pi_A", r.CreditNoteID(), 500, "usd", "succeeded")))
	if got := w.inv(t, inv.Id); got.AmountRefunded() != 500 || count(t, w.app, collections.Transactions, "kind = 'refund'") != 1 {
		t.Fatalf("the refund's webhook counted it twice: refunded %d", got.AmountRefunded())
	}

	// The rest to account credit: no gateway involved.
	code, body = w.app.Do(t, "POST", url, w.staffTok, map[string]any{"to": "credit", "lines": []any{map[string]any{"item": line, "amount": 799}}})
	if code != 200 {
		t.Fatalf("refund to credit: %d %s", code, body)
	}
	if b := balance(t, w.app, w.alice); b != 799 {
		t.Fatalf("credit %d, want 799", b)
	}
	// Nothing is left to refund.
	code, body = w.app.Do(t, "POST", url, w.staffTok, map[string]any{"to": "gateway", "lines": []any{map[string]any{"item": line, "amount": 1}}})
	hbtest.WantField(t, code, body, "lines.0.amount")

	// An invoice paid with credit has nothing to refund to a card.
	byCredit := w.invoice(t, w.alice, 700, "2026-03-05")
	if got := w.inv(t, byCredit.Id); got.Status() != collections.InvoiceStatusPaid {
		t.Fatalf("credit did not pay the next invoice: %s", got.Status())
	}
	before := count(t, w.app, collections.Invoices, "kind = 'credit_note'")
	code, body = w.app.Do(t, "POST", "/api/hb/invoices/"+byCredit.Id+"/refund", w.staffTok, map[string]any{"to": "gateway"})
	hbtest.WantField(t, code, body, "to")
	if n := count(t, w.app, collections.Invoices, "kind = 'credit_note'"); n != before {
		t.Fatal("a refused refund left its credit note")
	}
}

func TestRefundsMadeInStripesDashboard(t *testing.T) {
	w := newWorld(t)
	// A full refund: Hostbase issues the credit note itself.
	full := w.paid(t, w.alice, 1299, "2026-03-01", "pi_full")
	w.deliverOK(t, "charge.refunded", stripetest.ChargeWithRefunds("ch_full", "pi_full", 1299, "usd",
		stripetest.Refund("re_full", "pi_full", "", 1299, "usd", "succeeded")))
	got := w.inv(t, full.Id)
	if got.Status() != collections.InvoiceStatusRefunded || got.AmountRefunded() != 1299 || got.CreditedTotal() != 1299 {
		t.Fatalf("full dashboard refund: %s refunded %d credited %d", got.Status(), got.AmountRefunded(), got.CreditedTotal())
	}

	// A partial one waits for staff's credit note, which takes it instead
	// of refunding a second time.
	part := w.paid(t, w.bob, 2000, "2026-03-02", "pi_part")
	w.deliverOK(t, "charge.refunded", stripetest.ChargeWithRefunds("ch_part", "pi_part", 2000, "usd",
		stripetest.Refund("re_part", "pi_part", "", 700, "usd", "succeeded")))
	if got := w.inv(t, part.Id); got.AmountRefunded() != 0 || got.AmountDue() != 0 {
		t.Fatalf("an unmatched refund changed the invoice: refunded %d due %d", got.AmountRefunded(), got.AmountDue())
	}
	code, body := w.app.Do(t, "POST", "/api/hb/invoices/"+part.Id+"/refund", w.staffTok,
		map[string]any{"to": "gateway", "lines": []any{map[string]any{"item": w.firstLine(t, part.Id), "amount": 700}}})
	if code != 200 {
		t.Fatalf("credit note for the dashboard refund: %d %s", code, body)
	}
	if n := count(t, w.app, collections.Transactions, "kind = 'refund' AND related_transaction IN (SELECT id FROM transactions WHERE gateway_ref = 'pi_part')"); n != 1 {
		t.Fatalf("%d refunds of pi_part, want the dashboard's only", n)
	}
	if got := w.inv(t, part.Id); got.AmountRefunded() != 700 || got.Status() != collections.InvoiceStatusRefunded {
		t.Fatalf("after the credit note: %s refunded %d", got.Status(), got.AmountRefunded())
	}
	// A refund of a payment we never saw is kept as ignored, money untouched.
	before := moneyRows(t, w.app)
	code, resp := w.deliver(t, "charge.refunded", stripetest.ChargeWithRefunds("ch_x", "pi_unknown", 100, "usd", stripetest.Refund("re_x", "pi_unknown", "", 100, "usd", "succeeded")))
	if code != http.StatusServiceUnavailable || moneyRows(t, w.app) != before {
		t.Fatalf("refund of an unknown payment: %d %s", code, resp)
	}
}

func TestDisputesFlagOnceAndCloseInAnyOrder(t *testing.T) {
	w := newWorld(t)
	inv := w.paid(t, w.alice, 1299, "2026-03-01", "pi_D")
	for range 2 {
		w.deliverOK(t, "charge.dispute.created", stripetest.Dispute("du_1", "pi_D", 1299, "usd", "needs_response"))
	}
	if n := count(t, w.app, collections.Transactions, "kind = 'chargeback' AND status = 'pending'"); n != 1 {
		t.Fatalf("%d open chargebacks, want 1", n)
	}
	alice, _ := collections.FindCustomer(w.app, w.alice)
	if !w.inv(t, inv.Id).Disputed() || !alice.Disputed() {
		t.Fatal("the invoice and the customer are not flagged")
	}
	if got := w.inv(t, inv.Id); got.Status() != collections.InvoiceStatusPaid {
		t.Fatalf("a dispute un-paid the invoice: %s", got.Status())
	}
	w.deliverOK(t, "charge.dispute.closed", stripetest.Dispute("du_1", "pi_D", 1299, "usd", "won"))
	alice, _ = collections.FindCustomer(w.app, w.alice)
	if w.inv(t, inv.Id).Disputed() || alice.Disputed() || count(t, w.app, collections.Transactions, "kind = 'chargeback' AND status = 'failed'") != 1 {
		t.Fatal("a won dispute left its flags")
	}

	// Closed (lost) before its opening arrives; the late opening changes
	// nothing. With suspend_on_dispute, the service stops.
	s, _ := w.app.FindFirstRecordByFilter("settings", "id != ''")
	s.Set("dunning", `{"remind_after_days":[1,3,7],"retry_days":[0,3,5],"suspend_after_days":14,"terminate_after_days":45,"suspend_on_dispute":true}`)
	if err := w.app.Save(s); err != nil {
		t.Fatal(err)
	}
	bobInv := w.paid(t, w.bob, 2000, "2026-03-02", "pi_E")
	w.deliverOK(t, "charge.dispute.closed", stripetest.Dispute("du_2", "pi_E", 2000, "usd", "lost"))
	w.deliverOK(t, "charge.dispute.created", stripetest.Dispute("du_2", "pi_E", 2000, "usd", "needs_response"))
	if n := count(t, w.app, collections.Transactions, "gateway_ref = 'du_2' AND status = 'succeeded'"); n != 1 {
		t.Fatal("the lost dispute is not one settled chargeback")
	}
	bob, _ := collections.FindCustomer(w.app, w.bob)
	if !w.inv(t, bobInv.Id).Disputed() || !bob.Disputed() {
		t.Fatal("a lost dispute cleared its flags")
	}
	if n := count(t, w.app, collections.Services, "customer = {:c} AND status = 'suspended'", map[string]any{"c": w.bob}); n != 1 {
		t.Fatalf("%d of bob's services suspended for the dispute, want 1", n)
	}
}

func TestPayingAnOrdersInvoiceActivatesTheOrder(t *testing.T) {
	w := newWorld(t)
	inv := w.invoice(t, w.alice, 1299, "2026-03-01")
	order := hbtest.Make(t, w.app, "orders", map[string]any{"customer": w.alice, "status": "pending", "currency": "USD", "total": 1299, "invoice": inv.Id})
	svc := hbtest.Make(t, w.app, "services", map[string]any{"customer": w.alice, "product": w.product, "order": order.Id, "status": "pending",
		"cycle": "monthly", "currency": "USD", "recurring_amount": 1299})
	code, body := w.app.Do(t, "POST", "/api/hb/invoices/"+inv.Id+"/payments", w.staffTok, map[string]any{"amount": 1299, "reference": "TRF-9"})
	if code != 200 {
		t.Fatalf("pay: %d %s", code, body)
	}
	o, _ := collections.FindOrder(w.app, order.Id)
	s, _ := collections.FindService(w.app, svc.Id)
	if o.Status() != collections.OrderStatusActive || s.Status() != collections.ServiceStatusProvisioning {
		t.Fatalf("order %s, service %s; want active and provisioning", o.Status(), s.Status())
	}
	if n := count(t, w.app, collections.ProvisioningJobs, "service = {:s} AND action = 'create' AND status = 'queued'", map[string]any{"s": svc.Id}); n != 1 {
		t.Fatalf("%d create jobs queued for the paid service, want 1", n)
	}
	if n := count(t, w.app, collections.AuditLog, "target_id = {:s}", map[string]any{"s": svc.Id}); n != 1 {
		t.Fatalf("%d audit rows for the service's move, want 1", n)
	}
}
