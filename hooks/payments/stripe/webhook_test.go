package stripe_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/payments/stripe"
	"github.com/ezscale/hostbase/hooks/payments/stripe/stripetest"
)

// offlineGateway is a Gateway whose API base refuses connections: a
// mapping that needs no lookup must not try one.
func offlineGateway(t *testing.T) *stripe.Gateway {
	t.Helper()
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	return stripetest.NewGateway(t, srv.URL)
}

func with(m map[string]any, kv ...any) map[string]any {
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func TestParseWebhookMapsEvents(t *testing.T) {
	gw := offlineGateway(t)
	for _, tc := range []struct {
		name      string
		eventType string
		object    map[string]any
		prev      map[string]any
		want      payments.Event // Kind and the part matching it
	}{{
		name:      "checkout paid: the payment is its PaymentIntent",
		eventType: "checkout.session.completed",
		object:    with(stripetest.CheckoutSession("cs_1", "inv1", "c1", "pi_1", 12345, "eur"), "customer", "cus_1"),
		want: payments.Event{Kind: payments.EventPaymentSucceeded, Payment: &payments.PaymentEvent{
			Invoice: "inv1", Customer: "c1", Ref: "pi_1", Amount: 12345, Currency: "EUR", CustomerRef: "cus_1"}},
	}, {
		name:      "checkout paid with the intent expanded: the saved method",
		eventType: "checkout.session.completed",
		object: with(stripetest.CheckoutSession("cs_2", "inv2", "c1", "", 700, "usd"), "payment_intent",
			with(stripetest.PaymentIntent("pi_2", "inv2", "c1", 700, "usd"), "payment_method", "pm_saved", "setup_future_usage", "off_session")),
		want: payments.Event{Kind: payments.EventPaymentSucceeded, Payment: &payments.PaymentEvent{
			Invoice: "inv2", Customer: "c1", Ref: "pi_2", Amount: 700, Currency: "USD", MethodRef: "pm_saved"}},
	}, {
		name:      "async payment succeeded later",
		eventType: "checkout.session.async_payment_succeeded",
		object:    stripetest.CheckoutSession("cs_3", "inv3", "c1", "pi_3", 900, "eur"),
		want: payments.Event{Kind: payments.EventPaymentSucceeded, Payment: &payments.PaymentEvent{
			Invoice: "inv3", Customer: "c1", Ref: "pi_3", Amount: 900, Currency: "EUR"}},
	}, {
		name:      "checkout not paid yet (bank debit on its way)",
		eventType: "checkout.session.completed",
		object:    with(stripetest.CheckoutSession("cs_4", "inv4", "c1", "pi_4", 900, "eur"), "payment_status", "unpaid"),
		want:      payments.Event{Kind: payments.EventIgnored},
	}, {
		name:      "checkout not ours",
		eventType: "checkout.session.completed",
		object:    with(stripetest.CheckoutSession("cs_5", "inv5", "c1", "pi_5", 900, "eur"), "metadata", map[string]any{}),
		want:      payments.Event{Kind: payments.EventIgnored},
	}, {
		name:      "setup checkout with the method expanded",
		eventType: "checkout.session.completed",
		object: with(stripetest.SetupCheckoutSession("cs_6", "c6", "cus_6", ""), "setup_intent", map[string]any{
			"id": "seti_6", "object": "setup_intent", "status": "succeeded",
			"payment_method": stripetest.PaymentMethod("pm_6", "cus_6", "visa", "4242", 12, 2031)}),
		want: payments.Event{Kind: payments.EventMethodSaved, Method: &payments.MethodEvent{
			CustomerRef: "cus_6", Customer: "c6", Ref: "pm_6", Brand: "visa", Last4: "4242", ExpMonth: 12, ExpYear: 2031}},
	}, {
		name:      "payment intent succeeded: the amount received",
		eventType: "payment_intent.succeeded",
		object:    with(stripetest.PaymentIntent("pi_7", "inv7", "c7", 5000, "gbp"), "amount_received", int64(4000), "customer", "cus_7"),
		want: payments.Event{Kind: payments.EventPaymentSucceeded, Payment: &payments.PaymentEvent{
			Invoice: "inv7", Customer: "c7", Ref: "pi_7", Amount: 4000, Currency: "GBP", CustomerRef: "cus_7"}},
	}, {
		name:      "payment intent succeeded, method kept for later",
		eventType: "payment_intent.succeeded",
		object:    with(stripetest.PaymentIntent("pi_8", "inv8", "c8", 100, "eur"), "payment_method", "pm_8", "setup_future_usage", "off_session"),
		want: payments.Event{Kind: payments.EventPaymentSucceeded, Payment: &payments.PaymentEvent{
			Invoice: "inv8", Customer: "c8", Ref: "pi_8", Amount: 100, Currency: "EUR", MethodRef: "pm_8"}},
	}, {
		name:      "payment intent not ours",
		eventType: "payment_intent.succeeded",
		object:    with(stripetest.PaymentIntent("pi_9", "inv9", "c9", 100, "eur"), "metadata", map[string]any{}),
		want:      payments.Event{Kind: payments.EventIgnored},
	}, {
		name:      "payment failed",
		eventType: "payment_intent.payment_failed",
		object:    stripetest.FailedPaymentIntent("pi_10", "inv10", "c10", 2500, "eur", "insufficient_funds", "Your card has insufficient funds."),
		want: payments.Event{Kind: payments.EventPaymentFailed, Payment: &payments.PaymentEvent{
			Invoice: "inv10", Customer: "c10", Ref: "pi_10", Amount: 2500, Currency: "EUR",
			DeclineCode: "insufficient_funds", Message: "Your card has insufficient funds."}},
	}, {
		name:      "charge refunded twice",
		eventType: "charge.refunded",
		object: stripetest.ChargeWithRefunds("ch_11", "pi_11", 3000, "eur",
			stripetest.Refund("re_a", "pi_11", "cn_a", 1000, "eur", "succeeded"),
			stripetest.Refund("re_b", "pi_11", "", 500, "eur", "pending")),
		want: payments.Event{Kind: payments.EventRefunded, Refunds: []payments.RefundEvent{
			{PaymentRef: "pi_11", Ref: "re_a", Amount: 1000, Currency: "EUR", CreditNote: "cn_a", Succeeded: true},
			{PaymentRef: "pi_11", Ref: "re_b", Amount: 500, Currency: "EUR"},
		}},
	}, {
		name:      "refund settled",
		eventType: "charge.refund.updated",
		object:    stripetest.Refund("re_c", "pi_12", "cn_c", 800, "usd", "succeeded"),
		want: payments.Event{Kind: payments.EventRefunded, Refunds: []payments.RefundEvent{
			{PaymentRef: "pi_12", Ref: "re_c", Amount: 800, Currency: "USD", CreditNote: "cn_c", Succeeded: true}}},
	}, {
		name:      "refund failed",
		eventType: "refund.updated",
		object:    stripetest.Refund("re_d", "pi_13", "cn_d", 800, "usd", "failed"),
		want: payments.Event{Kind: payments.EventRefunded, Refunds: []payments.RefundEvent{
			{PaymentRef: "pi_13", Ref: "re_d", Amount: 800, Currency: "USD", CreditNote: "cn_d"}}},
	}, {
		name:      "dispute opened",
		eventType: "charge.dispute.created",
		object:    stripetest.Dispute("dp_1", "pi_14", 3000, "eur", "needs_response"),
		want: payments.Event{Kind: payments.EventDisputeOpened, Dispute: &payments.DisputeEvent{
			PaymentRef: "pi_14", Ref: "dp_1", Amount: 3000, Currency: "EUR", Reason: "fraudulent", Status: "needs_response"}},
	}, {
		name:      "dispute won",
		eventType: "charge.dispute.closed",
		object:    stripetest.Dispute("dp_2", "pi_15", 3000, "eur", "won"),
		want: payments.Event{Kind: payments.EventDisputeClosed, Dispute: &payments.DisputeEvent{
			PaymentRef: "pi_15", Ref: "dp_2", Amount: 3000, Currency: "EUR", Reason: "fraudulent", Status: "won", Won: true}},
	}, {
		name:      "dispute lost",
		eventType: "charge.dispute.closed",
		object:    stripetest.Dispute("dp_3", "pi_16", 3000, "eur", "lost"),
		want: payments.Event{Kind: payments.EventDisputeClosed, Dispute: &payments.DisputeEvent{
			PaymentRef: "pi_16", Ref: "dp_3", Amount: 3000, Currency: "EUR", Reason: "fraudulent", Status: "lost", Lost: true}},
	}, {
		name:      "card attached",
		eventType: "payment_method.attached",
		object:    stripetest.PaymentMethod("pm_17", "cus_17", "mastercard", "5454", 3, 2029),
		want: payments.Event{Kind: payments.EventMethodSaved, Method: &payments.MethodEvent{
			CustomerRef: "cus_17", Ref: "pm_17", Brand: "mastercard", Last4: "5454", ExpMonth: 3, ExpYear: 2029}},
	}, {
		name:      "card detached: the customer it left",
		eventType: "payment_method.detached",
		object:    stripetest.PaymentMethod("pm_18", "", "visa", "4242", 1, 2030),
		prev:      map[string]any{"customer": "cus_18"},
		want: payments.Event{Kind: payments.EventMethodRemoved, Method: &payments.MethodEvent{
			CustomerRef: "cus_18", Ref: "pm_18", Brand: "visa", Last4: "4242", ExpMonth: 1, ExpYear: 2030}},
	}, {
		name:      "fee of a charge, balance transaction embedded",
		eventType: "charge.updated",
		object: with(stripetest.Charge("ch_19", "pi_19", 10000, "usd"),
			"balance_transaction", stripetest.BalanceTransaction("txn_19", 10000, 320, "usd"),
			"metadata", map[string]any{"hostbase_invoice": "inv19", "hostbase_customer": "c19"}),
		want: payments.Event{Kind: payments.EventFee, Payment: &payments.PaymentEvent{
			Invoice: "inv19", Customer: "c19", Ref: "pi_19", Amount: 10000, Currency: "USD", Fee: 320}},
	}, {
		name:      "charge without a balance transaction yet",
		eventType: "charge.succeeded",
		object:    with(stripetest.Charge("ch_20", "pi_20", 10000, "usd"), "balance_transaction", nil),
		want:      payments.Event{Kind: payments.EventIgnored},
	}, {
		name:      "a type we do not act on",
		eventType: "customer.created",
		object:    map[string]any{"id": "cus_21", "object": "customer"},
		want:      payments.Event{Kind: payments.EventIgnored},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			created := time.Now().Add(-time.Minute).Truncate(time.Second)
			body := stripetest.EventWithOptions(t, tc.eventType, tc.object, stripetest.EventOptions{
				ID: "evt_" + tc.eventType, Created: created, PreviousAttributes: tc.prev,
			})
			got, err := gw.ParseWebhook(context.Background(), stripetest.Sign(body, stripetest.WebhookSecret, time.Now()), body)
			if err != nil {
				t.Fatal(err)
			}
			if got.Gateway != "stripe" || got.ID != "evt_"+tc.eventType || got.Type != tc.eventType ||
				got.Created != created.Unix() || !bytes.Equal(got.Payload, body) {
				t.Errorf("envelope %q %q %q %d, payload kept %v", got.Gateway, got.ID, got.Type, got.Created, bytes.Equal(got.Payload, body))
			}
			got.Gateway, got.ID, got.Type, got.Created, got.Payload = "", "", "", 0, nil
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("event\n got %s\nwant %s", describe(got), describe(&tc.want))
			}
		})
	}
}

func describe(e *payments.Event) string {
	s := string(e.Kind)
	if e.Payment != nil {
		s += " payment " + sprint(*e.Payment)
	}
	for _, r := range e.Refunds {
		s += " refund " + sprint(r)
	}
	if e.Dispute != nil {
		s += " dispute " + sprint(*e.Dispute)
	}
	if e.Method != nil {
		s += " method " + sprint(*e.Method)
	}
	return s
}

func TestParseWebhookRefuses(t *testing.T) {
	gw := offlineGateway(t)
	pi := stripetest.PaymentIntent("pi_1", "inv1", "c1", 100, "eur")
	good := stripetest.Event(t, "payment_intent.succeeded", pi)
	now := time.Now()
	signed := func(body []byte) http.Header { return stripetest.Sign(body, stripetest.WebhookSecret, now) }

	// The control: the same event, signed right, is accepted; each case
	// below breaks one thing.
	if _, err := gw.ParseWebhook(context.Background(), signed(good), good); err != nil {
		t.Fatalf("a good event: %v", err)
	}
	if _, err := gw.ParseWebhook(context.Background(), stripetest.Sign(good, stripetest.WebhookSecret, now.Add(-290*time.Second)), good); err != nil {
		t.Fatalf("signed 290 s ago, within the tolerance: %v", err)
	}

	tampered := bytes.Replace(good, []byte(`"amount_received":100`), []byte(`"amount_received":1`), 1)
	if bytes.Equal(tampered, good) {
		t.Fatal("tampering changed nothing")
	}
	noSecret, err := stripe.New(stripe.Config{SecretKey: stripetest.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	wrongObject := stripetest.Event(t, "payment_intent.succeeded", stripetest.Charge("ch_1", "pi_1", 100, "eur"))
	badAmount := stripetest.Event(t, "payment_intent.succeeded", with(stripetest.PaymentIntent("pi_1", "inv1", "c1", 100, "eur"), "amount_received", "lots"))
	paidNoIntent := stripetest.Event(t, "checkout.session.completed", with(stripetest.CheckoutSession("cs_1", "inv1", "c1", "", 100, "eur"), "payment_intent", nil))
	oldVersion := stripetest.EventWithOptions(t, "payment_intent.succeeded", pi, stripetest.EventOptions{APIVersion: "2023-10-16"})
	noID := bytes.Replace(good, []byte(`"id":"evt_`), []byte(`"id":"","x":"`), 1)

	for _, tc := range []struct {
		name   string
		gw     *stripe.Gateway
		header http.Header
		body   []byte
	}{
		{"wrong secret", gw, stripetest.Sign(good, "whsec_someone_else", now), good},
		{"body changed after signing", gw, signed(good), tampered},
		{"signed 301 s ago", gw, stripetest.Sign(good, stripetest.WebhookSecret, now.Add(-301*time.Second)), good},
		{"no signature header", gw, http.Header{}, good},
		{"garbage signature header", gw, http.Header{"Stripe-Signature": {"t=abc,v1=zz"}}, good},
		{"signature without timestamp", gw, http.Header{"Stripe-Signature": {"v1=" + signed(good).Get("Stripe-Signature")[len("t=1234567890,v1="):]}}, good},
		{"no webhook secret configured", noSecret, signed(good), good},
		{"malformed JSON", gw, signed([]byte(`{"id":"evt_1","object":"event",`)), []byte(`{"id":"evt_1","object":"event",`)},
		{"data.object not an object", gw, signed([]byte(`{"id":"evt_1","object":"event","api_version":"2024-06-20","type":"payment_intent.succeeded","data":{"object":"pi_1"}}`)),
			[]byte(`{"id":"evt_1","object":"event","api_version":"2024-06-20","type":"payment_intent.succeeded","data":{"object":"pi_1"}}`)},
		{"another API version", gw, signed(oldVersion), oldVersion},
		{"object of another type", gw, signed(wrongObject), wrongObject},
		{"amount not a number", gw, signed(badAmount), badAmount},
		{"paid checkout without a payment intent", gw, signed(paidNoIntent), paidNoIntent},
		{"event without id", gw, signed(noID), noID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := tc.gw.ParseWebhook(context.Background(), tc.header, tc.body)
			if !errors.Is(err, payments.ErrBadWebhook) {
				t.Fatalf("error %v; want ErrBadWebhook", err)
			}
			if ev != nil {
				t.Errorf("refused, yet an event: %s", describe(ev))
			}
		})
	}
}

// A redelivered event keeps its id: the inbox key that makes it a no-op.
func TestParseWebhookRedeliveryKeepsTheID(t *testing.T) {
	gw := offlineGateway(t)
	obj := stripetest.PaymentIntent("pi_1", "inv1", "c1", 100, "eur")
	first := stripetest.EventWithID(t, "evt_same", "payment_intent.succeeded", obj)
	again := stripetest.EventWithID(t, "evt_same", "payment_intent.succeeded", obj)
	a, err := gw.ParseWebhook(context.Background(), stripetest.Sign(first, stripetest.WebhookSecret, time.Now()), first)
	if err != nil {
		t.Fatal(err)
	}
	b, err := gw.ParseWebhook(context.Background(), stripetest.Sign(again, stripetest.WebhookSecret, time.Now().Add(time.Second)), again)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "evt_same" || b.ID != a.ID || a.Payment.Ref != b.Payment.Ref {
		t.Errorf("ids %q %q, refs %q %q", a.ID, b.ID, a.Payment.Ref, b.Payment.Ref)
	}
	other := stripetest.Event(t, "payment_intent.succeeded", obj)
	c, err := gw.ParseWebhook(context.Background(), stripetest.Sign(other, stripetest.WebhookSecret, time.Now()), other)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == a.ID {
		t.Errorf("Event without an id reused %q", c.ID)
	}
}

func sprint(v any) string { return fmt.Sprintf("%+v", v) }
