package payments_test

import (
	"testing"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/payments"
)

// One failing event in a group commit rolls the batch back and each event
// is applied alone: the good ones pay once, the bad one moves nothing.
func TestAGroupCommitWithABadEventAppliesTheRestAlone(t *testing.T) {
	w := newWorld(t)
	a := w.invoice(t, w.alice, 1299, "2026-03-01")
	b := w.invoice(t, w.bob, 2000, "2026-03-01")
	pay := func(id, invoice string, amount int64, currency string) *payments.Event {
		return &payments.Event{Gateway: payments.Stripe, ID: id, Type: "payment_intent.succeeded", Kind: payments.EventPaymentSucceeded,
			Payment: &payments.PaymentEvent{Invoice: invoice, Ref: "pi_" + id, Amount: amount, Currency: currency}}
	}
	events := []*payments.Event{pay("evt_a", a.Id, 1299, "USD"), pay("evt_bad", b.Id, 2000, "EUR"), pay("evt_b", b.Id, 2000, "USD"), pay("evt_a", a.Id, 1299, "USD")}
	res, errs := payments.IngestBatch(w.app, events)
	if errs[0] != nil || errs[2] != nil || res[0].Status != "processed" || res[2].Status != "processed" || !res[3].Duplicate {
		t.Fatalf("results %+v errors %v", res, errs)
	}
	if errs[1] == nil {
		t.Fatal("the wrong-currency event was applied")
	}
	if n := count(t, w.app, collections.Transactions, ""); n != 2 {
		t.Fatalf("%d transactions, want 2", n)
	}
	if w.inv(t, a.Id).Status() != collections.InvoiceStatusPaid || w.inv(t, b.Id).Status() != collections.InvoiceStatusPaid {
		t.Fatal("the good events did not pay their invoices")
	}

	// A batch of good events commits together.
	c := w.invoice(t, w.alice, 500, "2026-03-02")
	d := w.invoice(t, w.bob, 700, "2026-03-02")
	res, errs = payments.IngestBatch(w.app, []*payments.Event{pay("evt_c", c.Id, 500, "USD"), pay("evt_d", d.Id, 700, "USD")})
	if errs[0] != nil || errs[1] != nil || w.inv(t, c.Id).Status() != collections.InvoiceStatusPaid || w.inv(t, d.Id).Status() != collections.InvoiceStatusPaid {
		t.Fatalf("a good batch: %+v %v", res, errs)
	}
}
