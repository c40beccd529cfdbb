package payments_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/payments/stripe/stripetest"
)

func TestPartialPaymentsOverpaymentAndACancelledInvoice(t *testing.T) {
	w := newWorld(t)
	inv := w.invoice(t, w.alice, 1299, "2026-03-01")

	// A bank transfer of part of it, recorded by billing staff.
	code, body := w.app.Do(t, "POST", "/api/hb/invoices/"+inv.Id+"/payments", w.staffTok, map[string]any{"amount": 500, "reference": "TRF-1"})
	if code != 200 {
		t.Fatalf("manual payment: %d %s", code, body)
	}
	got := w.inv(t, inv.Id)
	if got.Status() != collections.InvoiceStatusUnpaid || got.AmountPaid() != 500 || got.AmountDue() != 799 {
		t.Fatalf("after 500: %s paid %d due %d", got.Status(), got.AmountPaid(), got.AmountDue())
	}
	// The same transfer recorded twice is refused, not counted twice.
	code, body = w.app.Do(t, "POST", "/api/hb/invoices/"+inv.Id+"/payments", w.staffTok, map[string]any{"amount": 500, "reference": "TRF-1"})
	hbtest.WantField(t, code, body, "reference")
	// A card payment of more than is left: the rest is account credit.
	w.deliverOK(t, "payment_intent.succeeded", stripetest.PaymentIntent(stripetest.NewID("pi"), inv.Id, w.alice, 1000, "usd"))
	got = w.inv(t, inv.Id)
	if got.Status() != collections.InvoiceStatusPaid || got.AmountPaid() != 1299 || got.AmountDue() != 0 {
		t.Fatalf("after overpaying: %s paid %d due %d", got.Status(), got.AmountPaid(), got.AmountDue())
	}
	if b := balance(t, w.app, w.alice); b != 201 {
		t.Fatalf("credit %d, want the 201 overpaid", b)
	}

	// Money for a cancelled invoice is all credit.
	cancelled := w.invoice(t, w.bob, 2000, "2026-03-05")
	if code, body := w.app.Do(t, "POST", "/api/hb/invoices/"+cancelled.Id+"/cancel", w.staffTok, map[string]any{"reason": "duplicate"}); code != 200 {
		t.Fatalf("cancel: %d %s", code, body)
	}
	w.deliverOK(t, "payment_intent.succeeded", stripetest.PaymentIntent(stripetest.NewID("pi"), cancelled.Id, w.bob, 2000, "usd"))
	if got := w.inv(t, cancelled.Id); got.Status() != collections.InvoiceStatusCancelled || got.AmountPaid() != 0 {
		t.Fatalf("cancelled invoice became %s paid %d", got.Status(), got.AmountPaid())
	}
	if b := balance(t, w.app, w.bob); b != 2000 {
		t.Fatalf("bob's credit %d, want 2000", b)
	}
}

func TestManualPaymentsAreForBillingStaffAndBadInputWritesNothing(t *testing.T) {
	w := newWorld(t)
	inv := w.invoice(t, w.alice, 1299, "2026-03-01")
	url := "/api/hb/invoices/" + inv.Id + "/payments"
	for _, tok := range []string{"", w.aliceTok, w.supportTok} {
		if code, body := w.app.Do(t, "POST", url, tok, map[string]any{"amount": 500, "reference": "X"}); code != 401 && code != 403 {
			t.Fatalf("a non-billing caller recorded a payment: %d %s", code, body)
		}
	}
	for _, c := range []struct {
		body  any
		field string
	}{
		{map[string]any{"amount": "500", "reference": "X"}, "amount"},
		{map[string]any{"amount": 5.5, "reference": "X"}, "amount"},
		{map[string]any{"amount": -5, "reference": "X"}, "amount"},
		{map[string]any{"amount": 500}, "reference"},
		{map[string]any{"amount": 500, "reference": "X", "extra": 1}, "body"},
	} {
		code, body := w.app.Do(t, "POST", url, w.staffTok, c.body)
		hbtest.WantField(t, code, body, c.field)
	}
	if n := count(t, w.app, collections.Transactions, ""); n != 0 {
		t.Fatalf("refused payments wrote %d transactions", n)
	}
}

func TestPayingAnInvoice(t *testing.T) {
	w := newWorld(t)
	inv := w.invoice(t, w.alice, 1299, "2026-03-01")
	url := "/api/hb/invoices/" + inv.Id + "/pay"

	// Stripe: a Checkout Session to go to, and an attempt with its key.
	code, body := w.app.Do(t, "POST", url, w.aliceTok, map[string]any{"gateway": "stripe"})
	if code != 200 {
		t.Fatalf("pay with stripe: %d %s", code, body)
	}
	var res struct {
		Next struct{ Type, URL, Text string } `json:"next"`
	}
	if err := json.Unmarshal(body, &res); err != nil || res.Next.Type != "redirect" || !strings.HasPrefix(res.Next.URL, "http") {
		t.Fatalf("next %+v (%v)", res.Next, err)
	}
	if n := count(t, w.app, collections.PaymentAttempts, "invoice = {:i} AND gateway = 'stripe' AND status = 'pending' AND gateway_ref != ''", map[string]any{"i": inv.Id}); n != 1 {
		t.Fatalf("%d pending stripe attempts with a session, want 1", n)
	}
	// Bank transfer: the instructions with the amount and reference.
	code, body = w.app.Do(t, "POST", url, w.aliceTok, map[string]any{"gateway": "manual"})
	if code != 200 || !strings.Contains(string(body), "IBAN") || !strings.Contains(string(body), inv.Number()) {
		t.Fatalf("pay by transfer: %d %s", code, body)
	}
	// Credit: refused without any, then pays what it covers.
	code, body = w.app.Do(t, "POST", url, w.aliceTok, map[string]any{"gateway": "credit"})
	hbtest.WantField(t, code, body, "gateway")
	code, body = w.app.Do(t, "POST", "/api/hb/customers/"+w.alice+"/credit", w.staffTok, map[string]any{"amount": 2000, "currency": "USD", "note": "goodwill"})
	if code != 200 {
		t.Fatalf("add credit: %d %s", code, body)
	}
	code, body = w.app.Do(t, "POST", url, w.aliceTok, map[string]any{"gateway": "credit"})
	if code != 200 || !strings.Contains(string(body), `"type":"paid"`) {
		t.Fatalf("pay with credit: %d %s", code, body)
	}
	if b := balance(t, w.app, w.alice); b != 701 {
		t.Fatalf("credit left %d, want 701", b)
	}
	// Paid: nothing more to pay.
	code, body = w.app.Do(t, "POST", url, w.aliceTok, map[string]any{"gateway": "stripe"})
	hbtest.WantField(t, code, body, "invoice")

	// Someone else's invoice does not exist for Alice, nor for a visitor.
	other := w.invoice(t, w.bob, 500, "2026-03-03")
	if code, _ := w.app.Do(t, "POST", "/api/hb/invoices/"+other.Id+"/pay", w.aliceTok, map[string]any{"gateway": "manual"}); code != 404 {
		t.Fatalf("alice paying bob's invoice: %d, want 404", code)
	}
	if code, _ := w.app.Do(t, "POST", "/api/hb/invoices/"+other.Id+"/pay", "", map[string]any{"gateway": "manual"}); code != 401 {
		t.Fatalf("a visitor paying: %d, want 401", code)
	}
	// A gateway the shop does not take, and PayPal not configured here.
	for _, g := range []string{"bitcoin", "paypal"} {
		code, body := w.app.Do(t, "POST", "/api/hb/invoices/"+other.Id+"/pay", w.bobTok, map[string]any{"gateway": g})
		hbtest.WantField(t, code, body, "gateway")
	}
}

func TestSavedCardsComeAndGoByWebhook(t *testing.T) {
	w := newWorld(t)
	alice, _ := collections.FindCustomer(w.app, w.alice)
	alice.SetStripeCustomerID("cus_alice")
	if err := w.app.Save(alice); err != nil {
		t.Fatal(err)
	}
	w.deliverOK(t, "payment_method.attached", stripetest.PaymentMethod("pm_one", "cus_alice", "visa", "4242", 12, 2030))
	w.deliverOK(t, "payment_method.attached", stripetest.PaymentMethod("pm_two", "cus_alice", "mastercard", "4444", 1, 2031))
	methods, err := w.app.FindRecordsByFilter(collections.PaymentMethods, "customer = {:c}", "created", 0, 0, map[string]any{"c": w.alice})
	if err != nil || len(methods) != 2 {
		t.Fatalf("%d methods (%v), want 2", len(methods), err)
	}
	first := collections.WrapPaymentMethod(methods[0])
	if !first.IsDefault() || first.Last4() != "4242" || first.Brand() != "visa" || collections.WrapPaymentMethod(methods[1]).IsDefault() {
		t.Fatalf("the first card is not the default: %+v", methods)
	}
	// Bob cannot make Alice's card his default, nor remove it.
	second := methods[1].Id
	if code, _ := w.app.Do(t, "POST", "/api/hb/payment-methods/"+second+"/default", w.bobTok, nil); code != 404 {
		t.Fatalf("bob set alice's default: %d", code)
	}
	if code, _ := w.app.Do(t, "DELETE", "/api/hb/payment-methods/"+second, w.bobTok, nil); code != 404 {
		t.Fatalf("bob removed alice's card: %d", code)
	}
	if code, body := w.app.Do(t, "POST", "/api/hb/payment-methods/"+second+"/default", w.aliceTok, nil); code != 200 {
		t.Fatalf("default: %d %s", code, body)
	}
	// Detached at Stripe: kept as removed, the default moves on.
	w.deliverOK(t, "payment_method.detached", stripetest.PaymentMethod("pm_two", "", "mastercard", "4444", 1, 2031))
	if n := count(t, w.app, collections.PaymentMethods, "customer = {:c} AND removed_at = '' AND is_default = 1 AND gateway_ref = 'pm_one'", map[string]any{"c": w.alice}); n != 1 {
		t.Fatal("the default did not move to the remaining card")
	}
	// Removing through Hostbase detaches at Stripe (stripe-mock accepts it).
	if code, body := w.app.Do(t, "DELETE", "/api/hb/payment-methods/"+methods[0].Id, w.aliceTok, nil); code != 204 {
		t.Fatalf("remove: %d %s", code, body)
	}
	if n := count(t, w.app, collections.PaymentMethods, "customer = {:c} AND removed_at = ''", map[string]any{"c": w.alice}); n != 0 {
		t.Fatalf("%d cards left", n)
	}
	// A card of a Stripe customer we do not know is not stored.
	code, body := w.deliver(t, "payment_method.attached", stripetest.PaymentMethod("pm_x", "cus_stranger", "visa", "1111", 1, 2030))
	if code != http.StatusOK || !strings.Contains(body, "ignored") {
		t.Fatalf("a stranger's card: %d %s", code, body)
	}
}
