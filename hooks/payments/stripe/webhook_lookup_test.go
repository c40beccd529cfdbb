package stripe_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/payments/stripe/stripetest"
)

// Events that name an object by id only are completed with a lookup at
// Stripe; stripe-mock answers those lookups.

func parse(t *testing.T, gw interface {
	ParseWebhook(context.Context, http.Header, []byte) (*payments.Event, error)
}, eventType string, object map[string]any) (*payments.Event, error) {
	t.Helper()
	body := stripetest.Event(t, eventType, object)
	return gw.ParseWebhook(context.Background(), stripetest.Sign(body, stripetest.WebhookSecret, time.Now()), body)
}

func TestSetupCheckoutFetchesTheMethod(t *testing.T) {
	gw, rec := mockGateway(t)
	ev, err := parse(t, gw, "checkout.session.completed", stripetest.SetupCheckoutSession("cs_s", "c1", "cus_1", "seti_1"))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != payments.EventMethodSaved || ev.Method == nil {
		t.Fatalf("event %s, want method_saved", describe(ev))
	}
	m := ev.Method
	if m.Ref == "" || m.CustomerRef != "cus_1" || m.Customer != "c1" || m.Brand == "" || m.Last4 == "" {
		t.Errorf("method %+v, want stripe-mock's card of cus_1 for c1", *m)
	}
	req := rec.only(t, "GET", "/v1/setup_intents/seti_1")
	wantForm(t, req, map[string]string{"expand[0]": "payment_method"})
}

func TestSetupCheckoutIgnoredWhenTheLookupFails(t *testing.T) {
	ev, err := parse(t, offlineGateway(t), "checkout.session.completed", stripetest.SetupCheckoutSession("cs_s", "c1", "cus_1", "seti_1"))
	if err != nil || ev.Kind != payments.EventIgnored {
		t.Fatalf("event %v, %v; want ignored (payment_method.attached reports the card)", ev, err)
	}
}

func TestFeeFetchesTheBalanceTransaction(t *testing.T) {
	gw, rec := mockGateway(t)
	ch := stripetest.Charge("ch_f", "pi_f", 10000, "usd")
	ch["balance_transaction"] = "txn_f"
	ev, err := parse(t, gw, "charge.succeeded", ch)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != payments.EventFee || ev.Payment == nil || ev.Payment.Ref != "pi_f" || ev.Payment.Currency == "" {
		t.Fatalf("event %s, want a fee of pi_f", describe(ev))
	}
	rec.only(t, "GET", "/v1/balance_transactions/txn_f")

	ev, err = parse(t, offlineGateway(t), "charge.succeeded", ch)
	if err != nil || ev.Kind != payments.EventIgnored {
		t.Fatalf("lookup failing: %v, %v; want ignored", ev, err)
	}
}

func TestChargeRefundedListsRefundsNotEmbedded(t *testing.T) {
	gw, rec := mockGateway(t)
	ch := stripetest.Charge("ch_r", "pi_r", 3000, "eur")
	ch["refunded"] = true
	ev, err := parse(t, gw, "charge.refunded", ch)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != payments.EventRefunded || len(ev.Refunds) == 0 {
		t.Fatalf("event %s, want the refunds stripe-mock lists", describe(ev))
	}
	for _, r := range ev.Refunds {
		if r.PaymentRef != "pi_r" || r.Ref == "" {
			t.Errorf("refund %+v, want one of pi_r", r)
		}
	}
	req := rec.only(t, "GET", "/v1/refunds")
	wantForm(t, req, map[string]string{"charge": "ch_r"})

	// Without the list the event cannot be read: an error that is not a
	// refusal, so that Stripe delivers it again.
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"error":{"type":"api_error","message":"down"}}`))
	}))
	defer down.Close()
	ev, err = parse(t, stripetest.NewGateway(t, down.URL), "charge.refunded", ch)
	if err == nil || errors.Is(err, payments.ErrBadWebhook) {
		t.Fatalf("event %v, error %v; want a retryable error", ev, err)
	}
}
