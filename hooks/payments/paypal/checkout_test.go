package paypal_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/payments/paypal"
)

func TestCheckoutOrderApproveCapture(t *testing.T) {
	gw, fake := newGateway(t)
	req := paymentRequest(1234, "USD", "pay:inv_7f3k2m9q1w5e8r4:1")

	redirect, err := gw.StartPayment(ctx(t), req)
	if err != nil {
		t.Fatal(err)
	}
	if redirect.Ref == "" || redirect.URL != fake.URL()+"/checkoutnow?token="+redirect.Ref {
		t.Fatalf("redirect %+v, want the order's approve link", redirect)
	}

	create, body := lastRequest(t, fake, "POST", "/v2/checkout/orders")
	if got := create.Header.Get("PayPal-Request-Id"); got != req.IdempotencyKey {
		t.Errorf("PayPal-Request-Id %q, want the idempotency key %q", got, req.IdempotencyKey)
	}
	for path, want := range map[string]any{
		"intent":                                "CAPTURE",
		"purchase_units.0.amount.currency_code": "USD",
		"purchase_units.0.amount.value":         "12.34",
		"purchase_units.0.custom_id":            "inv_7f3k2m9q1w5e8r4",
		"purchase_units.0.description":          req.Description,
		"application_context.return_url":        req.SuccessURL,
		"application_context.cancel_url":        req.CancelURL,
		"application_context.user_action":       "PAY_NOW",
		"payer.email_address":                   "ada@example.com",
	} {
		if got := get(body, path); got != want {
			t.Errorf("create order %s = %v, want %v", path, got, want)
		}
	}
	if inv, _ := get(body, "purchase_units.0.invoice_id").(string); !strings.HasPrefix(inv, "INV-2026-0042-") {
		t.Errorf("invoice_id %q, want the invoice number and an attempt suffix", inv)
	}

	approve(t, redirect)
	ev, err := gw.Capture(ctx(t), redirect.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != payments.EventPaymentSucceeded || ev.Gateway != payments.PayPal || ev.Type != "PAYMENT.CAPTURE.COMPLETED" {
		t.Fatalf("event %+v, want a succeeded PayPal payment", ev)
	}
	p := ev.Payment
	if p == nil || p.Ref == "" || ev.ID != "capture:"+p.Ref {
		t.Fatalf("event ID %q, payment %+v: want ID capture:<capture id>", ev.ID, p)
	}
	// 3.49% of 12.34 rounded down (0.43) plus 0.49, the fake's fee
	want := payments.PaymentEvent{Invoice: "inv_7f3k2m9q1w5e8r4", Ref: p.Ref, Amount: 1234, Currency: "USD", Fee: 92}
	if *p != want {
		t.Errorf("payment %+v, want %+v", *p, want)
	}
	if d := time.Since(time.Unix(ev.Created, 0)); d < -time.Minute || d > time.Minute {
		t.Errorf("Created %d is not the capture's time", ev.Created)
	}
	if fake.CaptureResource(p.Ref) == nil {
		t.Errorf("the fake has no capture %s", p.Ref)
	}
}

func TestCaptureTwiceReturnsTheSameEvent(t *testing.T) {
	gw, fake := newGateway(t)
	redirect, err := gw.StartPayment(ctx(t), paymentRequest(5000, "EUR", "pay:inv_7f3k2m9q1w5e8r4:1"))
	if err != nil {
		t.Fatal(err)
	}
	approve(t, redirect)
	first, err := gw.Capture(ctx(t), redirect.Ref)
	if err != nil {
		t.Fatal(err)
	}
	second, err := gw.Capture(ctx(t), redirect.Ref)
	if err != nil {
		t.Fatalf("second capture: %v", err)
	}
	if !reflect.DeepEqual(first, second) || first.Payment == nil {
		t.Fatalf("second capture\n%+v %+v\nwant the first\n%+v %+v", second, second.Payment, first, first.Payment)
	}
	if n := count(fake, "POST", "/v2/checkout/orders/"+redirect.Ref+"/capture"); n != 2 {
		t.Errorf("%d capture calls, want 2", n)
	}
	if n := count(fake, "GET", "/v2/checkout/orders/"+redirect.Ref); n != 1 {
		t.Errorf("%d order reads, want 1 (after ORDER_ALREADY_CAPTURED)", n)
	}
}

func TestCaptureBeforeApproval(t *testing.T) {
	gw, _ := newGateway(t)
	redirect, err := gw.StartPayment(ctx(t), paymentRequest(1000, "USD", "pay:inv_7f3k2m9q1w5e8r4:1"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = gw.Capture(ctx(t), redirect.Ref)
	if !errors.Is(err, paypal.ErrOrderNotApproved) {
		t.Fatalf("capture of an unapproved order: %v, want ErrOrderNotApproved", err)
	}
	var ae *paypal.APIError
	if !errors.As(err, &ae) || ae.Status != 422 || ae.Issue != "ORDER_NOT_APPROVED" {
		t.Errorf("error %v, want PayPal's 422 ORDER_NOT_APPROVED", err)
	}
}

func TestCaptureDeclined(t *testing.T) {
	gw, fake := newGateway(t)
	redirect, err := gw.StartPayment(ctx(t), paymentRequest(2599, "GBP", "pay:inv_7f3k2m9q1w5e8r4:1"))
	if err != nil {
		t.Fatal(err)
	}
	approve(t, redirect)
	fake.DeclineNextCapture()

	ev, err := gw.Capture(ctx(t), redirect.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != payments.EventPaymentFailed || ev.Payment == nil {
		t.Fatalf("event %+v, want a failed payment", ev)
	}
	p := ev.Payment
	if p.Invoice != "inv_7f3k2m9q1w5e8r4" || p.Amount != 2599 || p.Currency != "GBP" || p.DeclineCode != "INSTRUMENT_DECLINED" || !strings.Contains(p.Message, "declined") {
		t.Errorf("failed payment %+v, want invoice, amount, INSTRUMENT_DECLINED and PayPal's description", *p)
	}
	if !strings.HasPrefix(ev.ID, "capture-declined:"+redirect.Ref+":") {
		t.Errorf("event ID %q", ev.ID)
	}

	// the buyer picks another funding source and comes back
	ok, err := gw.Capture(ctx(t), redirect.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if ok.Kind != payments.EventPaymentSucceeded || ok.ID == ev.ID {
		t.Fatalf("capture after a decline: %+v, want a success with its own event id", ok)
	}
}

func TestStartPaymentIdempotencyKey(t *testing.T) {
	gw, fake := newGateway(t)
	first, err := gw.StartPayment(ctx(t), paymentRequest(1234, "USD", "pay:inv_7f3k2m9q1w5e8r4:1"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := gw.StartPayment(ctx(t), paymentRequest(1234, "USD", "pay:inv_7f3k2m9q1w5e8r4:1"))
	if err != nil {
		t.Fatal(err)
	}
	if again.Ref != first.Ref {
		t.Errorf("same key: order %s, want the first order %s", again.Ref, first.Ref)
	}
	// a second attempt at the same invoice is a new order; PayPal would
	// refuse it if the invoice_id repeated
	next, err := gw.StartPayment(ctx(t), paymentRequest(1234, "USD", "pay:inv_7f3k2m9q1w5e8r4:2"))
	if err != nil {
		t.Fatalf("second attempt at the same invoice: %v", err)
	}
	if next.Ref == first.Ref {
		t.Errorf("a new key returned the first order")
	}
	_, body := lastRequest(t, fake, "POST", "/v2/checkout/orders")
	if inv, _ := get(body, "purchase_units.0.invoice_id").(string); !strings.HasPrefix(inv, "INV-2026-0042-") {
		t.Errorf("second attempt invoice_id %q", inv)
	}
}

func TestStartPaymentRefusesBadRequests(t *testing.T) {
	gw, fake := newGateway(t)
	for name, mutate := range map[string]func(*payments.PaymentRequest){
		"zero amount":      func(r *payments.PaymentRequest) { r.Amount = 0 },
		"no key":           func(r *payments.PaymentRequest) { r.IdempotencyKey = "" },
		"no invoice":       func(r *payments.PaymentRequest) { r.Invoice = "" },
		"no return URL":    func(r *payments.PaymentRequest) { r.SuccessURL = "" },
		"unknown currency": func(r *payments.PaymentRequest) { r.Currency = "XYZ" },
		"fraction of HUF":  func(r *payments.PaymentRequest) { r.Currency, r.Amount = "HUF", 150050 },
	} {
		req := paymentRequest(1234, "USD", "pay:inv_7f3k2m9q1w5e8r4:1")
		mutate(&req)
		if _, err := gw.StartPayment(ctx(t), req); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if n := count(fake, "POST", "/v2/checkout/orders"); n != 0 {
		t.Errorf("%d orders created from refused requests", n)
	}
}

func TestChargeSavedIsNotSupported(t *testing.T) {
	gw, _ := newGateway(t)
	_, err := gw.ChargeSaved(ctx(t), payments.ChargeRequest{Invoice: "inv_1", Amount: 100, Currency: "USD", IdempotencyKey: "charge:inv_1:1"})
	if !errors.Is(err, payments.ErrNotSupported) {
		t.Fatalf("ChargeSaved: %v, want ErrNotSupported", err)
	}
}

func TestCaptureHeldForReview(t *testing.T) {
	gw, fake := newGateway(t)
	redirect, err := gw.StartPayment(ctx(t), paymentRequest(1234, "USD", "pay:inv_7f3k2m9q1w5e8r4:1"))
	if err != nil {
		t.Fatal(err)
	}
	approve(t, redirect)
	fake.HoldNextCapture()

	held, err := gw.Capture(ctx(t), redirect.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if held.Kind != payments.EventIgnored || held.Payment == nil || held.ID != "capture:"+held.Payment.Ref+":pending" || held.Type != "PAYMENT.CAPTURE.PENDING" {
		t.Fatalf("held capture: %+v, want an ignored event with its own pending id", held)
	}
	if !fake.ReleaseCapture(held.Payment.Ref) {
		t.Fatal("the fake did not hold the capture")
	}
	done, err := gw.Capture(ctx(t), redirect.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if done.Kind != payments.EventPaymentSucceeded || done.ID != "capture:"+held.Payment.Ref || done.Payment.Amount != 1234 {
		t.Fatalf("capture once released: %+v, want the succeeded payment keyed capture:<id>", done)
	}
}

func TestConcurrentCheckouts(t *testing.T) {
	gw, _ := newGateway(t)
	errs := make(chan error, 8)
	refs := make(chan string, 8)
	for i := range 8 {
		go func() {
			req := paymentRequest(int64(100+i), "USD", "pay:inv_7f3k2m9q1w5e8r4:"+string(rune('a'+i)))
			redirect, err := gw.StartPayment(ctx(t), req)
			if err != nil {
				errs <- err
				return
			}
			refs <- redirect.Ref
			errs <- nil
		}()
	}
	seen := map[string]bool{}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	close(refs)
	for ref := range refs {
		seen[ref] = true
	}
	if len(seen) != 8 {
		t.Fatalf("%d distinct orders from 8 attempts", len(seen))
	}
}
