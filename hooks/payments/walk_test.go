package payments_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/payments/stripe/stripetest"
)

// scriptedCards is Stripe as stripe-mock answers it (the request is sent and
// must be accepted), with the outcome each card gets scripted: stripe-mock
// never declines and never succeeds an off-session charge.
type scriptedCards struct {
	payments.Gateway
	mu       sync.Mutex
	declines map[string]int // method → how many charges to decline first
	keys     map[string]int // idempotency key → calls
	// crashAfterCall makes the next call succeed at "Stripe" and then lose
	// the answer, as a crash between the call and the commit would.
	crashAfterCall bool
}

func (s *scriptedCards) ChargeSaved(ctx context.Context, req payments.ChargeRequest) (payments.ChargeResult, error) {
	if _, err := s.Gateway.ChargeSaved(ctx, req); err != nil {
		return payments.ChargeResult{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[req.IdempotencyKey]++
	// Stripe answers a repeated key with the first answer: one PaymentIntent per key.
	ref := "pi_" + fmt.Sprintf("%x", req.IdempotencyKey)
	if s.crashAfterCall {
		s.crashAfterCall = false
		return payments.ChargeResult{}, fmt.Errorf("connection reset after the charge was made")
	}
	if s.declines[req.MethodRef] > 0 && s.keys[req.IdempotencyKey] == 1 {
		s.declines[req.MethodRef]--
		return payments.ChargeResult{Ref: ref, Declined: true, DeclineCode: "insufficient_funds", Message: "Your card has insufficient funds."}, nil
	}
	return payments.ChargeResult{Ref: ref, Succeeded: true, Amount: req.Amount, Currency: req.Currency}, nil
}

func (w *world) card(t *testing.T, customer, ref string) {
	t.Helper()
	c, err := collections.FindCustomer(w.app, customer)
	if err != nil {
		t.Fatal(err)
	}
	c.SetStripeCustomerID("cus_" + customer)
	if err := w.app.Save(c); err != nil {
		t.Fatal(err)
	}
	w.deliverOK(t, "payment_method.attached", stripetest.PaymentMethod(ref, "cus_"+customer, "visa", "4242", 12, 2030))
}

func (w *world) status(t *testing.T, service string) collections.ServiceStatus {
	t.Helper()
	s, err := collections.FindService(w.app, service)
	if err != nil {
		t.Fatal(err)
	}
	return s.Status()
}

// TestWalkFromDueDateToTermination runs the billing cycle every day from
// the invoices' issue to past termination, twice a day: a card that pays on
// the due day; a card declined on every retry until its owner pays by hand
// while suspended; and a customer without a card who walks to termination.
func TestWalkFromDueDateToTermination(t *testing.T) {
	w := newWorld(t)
	cards := &scriptedCards{Gateway: payments.GatewayFor(w.app, payments.Stripe), declines: map[string]int{"pm_alice": 99}, keys: map[string]int{}}
	payments.UseGateway(w.app, cards)

	w.card(t, w.alice, "pm_alice")
	w.card(t, w.bob, "pm_bob")
	aliceSvc := w.service(t, w.alice, 1299, "2026-03-01")
	bobSvc := w.service(t, w.bob, 2500, "2026-03-01")
	dave := w.customer(t, "Dave")
	daveSvc := w.service(t, dave, 900, "2026-03-01")

	invoiceOf := func(svc string) *collections.Invoice {
		var id string
		_ = w.app.DB().NewQuery("SELECT invoice FROM invoice_items WHERE service = {:s} ORDER BY created LIMIT 1").Bind(map[string]any{"s": svc}).Row(&id)
		return w.inv(t, id)
	}
	steps := func(inv string) int {
		return count(t, w.app, collections.DunningSteps, "invoice = {:i}", map[string]any{"i": inv})
	}

	d := day(t, "2026-02-22")
	for ; !d.After(day(t, "2026-04-16")); d = d.AddDays(1) {
		for range 2 {
			w.run(t, d.String())
		}
		switch d.String() {
		case "2026-03-01":
			// Bob's card pays on the due day; Alice's is declined.
			if got := invoiceOf(bobSvc); got.Status() != collections.InvoiceStatusPaid {
				t.Fatalf("bob's invoice %s on the due day", got.Status())
			}
			if n := steps(invoiceOf(bobSvc).Id); n != 0 {
				t.Fatalf("a paid invoice has %d dunning steps", n)
			}
		case "2026-03-14":
			if w.status(t, aliceSvc) != collections.ServiceStatusActive {
				t.Fatal("alice suspended before day 14")
			}
		case "2026-03-15":
			if w.status(t, aliceSvc) != collections.ServiceStatusSuspended || w.status(t, daveSvc) != collections.ServiceStatusSuspended {
				t.Fatalf("on day 14: alice %s, dave %s; want both suspended", w.status(t, aliceSvc), w.status(t, daveSvc))
			}
		case "2026-03-20":
			// Alice pays with another card through Checkout.
			inv := invoiceOf(aliceSvc)
			w.deliverOK(t, "payment_intent.succeeded", stripetest.PaymentIntent(stripetest.NewID("pi"), inv.Id, w.alice, inv.AmountDue(), "usd"))
			if w.status(t, aliceSvc) != collections.ServiceStatusActive {
				t.Fatalf("alice's service %s after paying", w.status(t, aliceSvc))
			}
		case "2026-04-14":
			if w.status(t, daveSvc) != collections.ServiceStatusSuspended {
				t.Fatalf("dave's service %s before day 45", w.status(t, daveSvc))
			}
		case "2026-04-15":
			if w.status(t, daveSvc) != collections.ServiceStatusTerminated {
				t.Fatalf("dave's service %s on day 45", w.status(t, daveSvc))
			}
		}
	}

	alice := invoiceOf(aliceSvc)
	// Alice's card: one attempt per retry day (due day, +3, +5), however
	// many runs; each with its own key, each sent once.
	var keys []string
	if err := w.app.DB().NewQuery("SELECT idempotency_key FROM payment_attempts WHERE invoice = {:i} AND status = 'failed' ORDER BY attempt").
		Bind(map[string]any{"i": alice.Id}).Column(&keys); err != nil {
		t.Fatal(err)
	}
	want := []string{"charge:" + alice.Id + ":1", "charge:" + alice.Id + ":2", "charge:" + alice.Id + ":3"}
	if fmt.Sprint(keys) != fmt.Sprint(want) {
		t.Fatalf("declined attempts %v, want %v", keys, want)
	}
	for _, k := range want {
		if cards.keys[k] != 1 {
			t.Fatalf("key %s sent %d times", k, cards.keys[k])
		}
	}
	// Every attempt (April's renewals included) was sent exactly once.
	if n := count(t, w.app, collections.PaymentAttempts, ""); n != len(cards.keys) {
		t.Fatalf("%d attempts, %d keys sent: %v", n, len(cards.keys), cards.keys)
	}
	for k, n := range cards.keys {
		if n != 1 {
			t.Fatalf("key %s sent %d times", k, n)
		}
	}
	if cards.keys["charge:"+invoiceOf(bobSvc).Id+":1"] != 1 || cards.keys["charge:"+invoiceOf(bobSvc).Id+":2"] != 0 {
		t.Fatalf("bob's card, paid on the first try, was charged %v", cards.keys)
	}
	// Reminders on +1, +3, +7 once each, then the suspension: and nothing
	// after Alice paid.
	if n := count(t, w.app, collections.DunningSteps, "invoice = {:i} AND step LIKE 'remind+%'", map[string]any{"i": alice.Id}); n != 3 {
		t.Fatalf("%d reminders for alice, want 3", n)
	}
	if n := count(t, w.app, collections.DunningSteps, "invoice = {:i} AND step = 'terminate'", map[string]any{"i": alice.Id}); n != 0 {
		t.Fatal("alice's paid invoice walked on to termination")
	}
	if n := count(t, w.app, collections.Transactions, "invoice = {:i}", map[string]any{"i": alice.Id}); n != 1 {
		t.Fatalf("%d payments of alice's invoice, want 1", n)
	}
}

// TestAChargeLostInACrashIsAskedAgainWithItsKey: the charge went through at
// Stripe but the answer was lost; the next run asks again with the same
// key, and Stripe's answer for that key is recorded once.
func TestAChargeLostInACrashIsAskedAgainWithItsKey(t *testing.T) {
	w := newWorld(t)
	cards := &scriptedCards{Gateway: payments.GatewayFor(w.app, payments.Stripe), declines: map[string]int{}, keys: map[string]int{}, crashAfterCall: true}
	payments.UseGateway(w.app, cards)
	w.card(t, w.alice, "pm_alice")
	inv := w.invoice(t, w.alice, 1299, "2026-03-01")

	r := w.run(t, "2026-03-01")
	if len(r.Problems) != 1 || w.inv(t, inv.Id).Status() != collections.InvoiceStatusUnpaid {
		t.Fatalf("after the lost answer: problems %v, invoice %s", r.Problems, w.inv(t, inv.Id).Status())
	}
	if n := count(t, w.app, collections.PaymentAttempts, "status = 'pending'"); n != 1 {
		t.Fatalf("%d pending attempts, want the one left by the crash", n)
	}
	for range 3 {
		w.run(t, "2026-03-01")
	}
	key := "charge:" + inv.Id + ":1"
	if cards.keys[key] != 2 || len(cards.keys) != 1 {
		t.Fatalf("keys sent %v, want %s twice (the crash, the resume) and nothing else", cards.keys, key)
	}
	if got := w.inv(t, inv.Id); got.Status() != collections.InvoiceStatusPaid || count(t, w.app, collections.Transactions, "") != 1 {
		t.Fatalf("invoice %s with %d transactions", got.Status(), count(t, w.app, collections.Transactions, ""))
	}
}
