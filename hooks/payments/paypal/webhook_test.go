package paypal_test

import (
	"bytes"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/hbtest/paypalfake"
	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/payments/paypal"
)

func TestWebhookCaptureCompleted(t *testing.T) {
	gw, fake := newGateway(t)
	captured := paid(t, gw, paymentRequest(1234, "USD", "pay:inv_7f3k2m9q1w5e8r4:1"))

	body, header := fake.Event("PAYMENT.CAPTURE.COMPLETED", fake.CaptureResource(captured.Payment.Ref))
	ev, err := gw.ParseWebhook(ctx(t), header, body)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != payments.EventPaymentSucceeded || ev.Gateway != payments.PayPal || ev.Type != "PAYMENT.CAPTURE.COMPLETED" ||
		!strings.HasPrefix(ev.ID, "WH-") || !bytes.Equal(ev.Payload, body) {
		t.Fatalf("event %+v", ev)
	}
	if !reflect.DeepEqual(ev.Payment, captured.Payment) {
		t.Errorf("webhook payment %+v, want what Capture returned %+v", *ev.Payment, *captured.Payment)
	}
	if d := time.Since(time.Unix(ev.Created, 0)); d < -time.Minute || d > time.Minute {
		t.Errorf("Created %d is not the event's create_time", ev.Created)
	}
	_, verify := lastRequest(t, fake, "POST", "/v1/notifications/verify-webhook-signature")
	if verify["webhook_id"] != paypalfake.WebhookID || verify["transmission_id"] != header.Get("PAYPAL-TRANSMISSION-ID") {
		t.Errorf("verify request %v", verify)
	}
}

func TestWebhookVerifiedOnTheBytesAsSent(t *testing.T) {
	gw, fake := newGateway(t)
	capture := paid(t, gw, paymentRequest(1234, "USD", "pay:inv_7f3k2m9q1w5e8r4:1")).Payment.Ref
	rf, err := gw.Refund(ctx(t), payments.RefundRequest{PaymentRef: capture, Amount: 234, Currency: "USD",
		CreditNote: "cn_9x8y7z", Reason: "Tom & Jerry's <plan> change", IdempotencyKey: "refund:cn_9x8y7z:txn_1"})
	if err != nil {
		t.Fatal(err)
	}
	// re-encoding this body would turn & < > into \u0026 \u003c \u003e
	body, header := fake.Event("PAYMENT.CAPTURE.REFUNDED", fake.RefundResource(rf.Ref))
	if !bytes.Contains(body, []byte("Tom & Jerry's <plan>")) {
		t.Fatalf("the event does not carry the note as written: %s", body)
	}
	ev, err := gw.ParseWebhook(ctx(t), header, body)
	if err != nil {
		t.Fatal(err)
	}
	want := []payments.RefundEvent{{PaymentRef: capture, Ref: rf.Ref, Amount: 234, Currency: "USD", CreditNote: "cn_9x8y7z", Succeeded: true}}
	if ev.Kind != payments.EventRefunded || !reflect.DeepEqual(ev.Refunds, want) {
		t.Fatalf("event %s %+v, want refunded %+v", ev.Kind, ev.Refunds, want)
	}
}

func TestWebhookRefused(t *testing.T) {
	gw, fake := newGateway(t)
	resource := map[string]any{"id": "2GG279541U471931P", "status": "COMPLETED", "custom_id": "inv_1",
		"amount": map[string]any{"currency_code": "USD", "value": "10.00"}}
	body, header := fake.Event("PAYMENT.CAPTURE.COMPLETED", resource)

	forged := header.Clone()
	forged.Set("PAYPAL-TRANSMISSION-SIG", "bm90IHRoZSBzaWduYXR1cmU=")
	_, other := fake.Event("PAYMENT.CAPTURE.COMPLETED", resource)
	missing := header.Clone()
	missing.Del("PAYPAL-TRANSMISSION-SIG")

	cases := []struct {
		name   string
		header http.Header
		body   []byte
	}{
		{"forged signature", forged, body},
		{"headers of another delivery", other, body},
		{"tampered body", header, bytes.Replace(body, []byte(`"10.00"`), []byte(`"1000.00"`), 1)},
		{"missing header", missing, body},
		{"no headers", http.Header{}, body},
		{"not JSON", header, []byte(`{"id":"WH-1",`)},
		{"not an event", header, []byte(`{"hello":"world"}`)},
	}
	for _, tc := range cases {
		_, err := gw.ParseWebhook(ctx(t), tc.header, tc.body)
		if !errors.Is(err, payments.ErrBadWebhook) {
			t.Errorf("%s: %v, want ErrBadWebhook", tc.name, err)
		}
	}
	// of these, only the three with a full set of headers and a real event reach PayPal
	if n := count(fake, "POST", "/v1/notifications/verify-webhook-signature"); n != 3 {
		t.Errorf("%d verification calls, want 3", n)
	}

	otherWebhook, err := paypal.New(paypal.Config{ClientID: paypalfake.ClientID, Secret: paypalfake.Secret, APIBase: fake.URL(), WebhookID: "8PT597110X687430LKGECATA"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := otherWebhook.ParseWebhook(ctx(t), header, body); !errors.Is(err, payments.ErrBadWebhook) {
		t.Errorf("event signed for another webhook: %v, want ErrBadWebhook", err)
	}
}

func TestWebhookVerificationUnreachable(t *testing.T) {
	gw, fake := newGateway(t)
	body, header := fake.Event("CHECKOUT.ORDER.APPROVED", map[string]any{"id": "5O190127TN364715T"})
	fake.FailNext(http.StatusServiceUnavailable)
	_, err := gw.ParseWebhook(ctx(t), header, body)
	if err == nil || errors.Is(err, payments.ErrBadWebhook) {
		t.Fatalf("PayPal down while verifying: %v, want a plain error (so that PayPal delivers again)", err)
	}
	if _, err := gw.ParseWebhook(ctx(t), header, body); err != nil {
		t.Fatalf("the same delivery once PayPal is back: %v", err)
	}

	unset, err := paypal.New(paypal.Config{ClientID: paypalfake.ClientID, Secret: paypalfake.Secret, APIBase: fake.URL()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = unset.ParseWebhook(ctx(t), header, body)
	if err == nil || errors.Is(err, payments.ErrBadWebhook) || !strings.Contains(err.Error(), paypal.EnvWebhookID) {
		t.Fatalf("no webhook id configured: %v, want a plain error naming %s", err, paypal.EnvWebhookID)
	}
}

func TestWebhookUnknownTypeIgnored(t *testing.T) {
	gw, fake := newGateway(t)
	body, header := fake.EventWithID("WH-4SW78779LY2325805-07E03580SX1414828", "CHECKOUT.ORDER.APPROVED", map[string]any{"id": "5O190127TN364715T", "status": "APPROVED"})
	ev, err := gw.ParseWebhook(ctx(t), header, body)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != payments.EventIgnored || ev.ID != "WH-4SW78779LY2325805-07E03580SX1414828" || ev.Type != "CHECKOUT.ORDER.APPROVED" ||
		ev.Payment != nil || ev.Refunds != nil || ev.Dispute != nil || !bytes.Equal(ev.Payload, body) {
		t.Fatalf("event %+v, want an ignored event with its id, type and payload", ev)
	}
}

func TestWebhookCaptureDenied(t *testing.T) {
	gw, fake := newGateway(t)
	body, header := fake.Event("PAYMENT.CAPTURE.DENIED", map[string]any{
		"id": "7NW873794T343360M", "status": "DECLINED", "custom_id": "inv_7f3k2m9q1w5e8r4",
		"amount": map[string]any{"currency_code": "EUR", "value": "49.90"},
	})
	ev, err := gw.ParseWebhook(ctx(t), header, body)
	if err != nil {
		t.Fatal(err)
	}
	p := ev.Payment
	if ev.Kind != payments.EventPaymentFailed || p == nil || p.Ref != "7NW873794T343360M" || p.Invoice != "inv_7f3k2m9q1w5e8r4" ||
		p.Amount != 4990 || p.Currency != "EUR" || p.DeclineCode != "DECLINED" || p.Message == "" {
		t.Fatalf("event %s %+v", ev.Kind, p)
	}
}

func TestWebhookCaptureReversed(t *testing.T) {
	gw, fake := newGateway(t)
	// PayPal's reversal resource is a refund of the capture that we did not ask for
	body, header := fake.Event("PAYMENT.CAPTURE.REVERSED", map[string]any{
		"id": "09E71677NS257044M", "status": "COMPLETED", "note_to_payer": "Payment reversed",
		"amount": map[string]any{"currency_code": "USD", "value": "2.51"},
		"links": []any{
			map[string]any{"href": "https://api.paypal.com/v2/payments/refunds/09E71677NS257044M", "rel": "self", "method": "GET"},
			map[string]any{"href": "https://api.paypal.com/v2/payments/captures/4L335234718889942", "rel": "up", "method": "GET"},
		},
	})
	ev, err := gw.ParseWebhook(ctx(t), header, body)
	if err != nil {
		t.Fatal(err)
	}
	want := []payments.RefundEvent{{PaymentRef: "4L335234718889942", Ref: "09E71677NS257044M", Amount: 251, Currency: "USD", Succeeded: true}}
	if ev.Kind != payments.EventRefunded || !reflect.DeepEqual(ev.Refunds, want) {
		t.Fatalf("event %s %+v, want %+v", ev.Kind, ev.Refunds, want)
	}

	noCapture, header := fake.Event("PAYMENT.CAPTURE.REFUNDED", map[string]any{
		"id": "1JU08902781691411", "status": "COMPLETED", "amount": map[string]any{"currency_code": "USD", "value": "2.51"},
	})
	if _, err := gw.ParseWebhook(ctx(t), header, noCapture); !errors.Is(err, payments.ErrBadWebhook) {
		t.Errorf("refund without its capture link: %v, want ErrBadWebhook", err)
	}
}

func dispute(outcome string) map[string]any {
	d := map[string]any{
		"dispute_id": "PP-D-27803",
		"reason":     "MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
		"status":     "OPEN",
		"disputed_transactions": []any{map[string]any{
			"seller_transaction_id": "3BC38643YC807283D",
			"buyer_transaction_id":  "4K1234567A1234567",
		}},
		"dispute_amount": map[string]any{"currency_code": "USD", "value": "12.34"},
	}
	if outcome != "" {
		d["status"] = "RESOLVED"
		d["dispute_outcome"] = map[string]any{"outcome_code": outcome, "amount_refunded": map[string]any{"currency_code": "USD", "value": "12.34"}}
	}
	return d
}

func TestWebhookDisputes(t *testing.T) {
	gw, fake := newGateway(t)
	for _, tc := range []struct {
		eventType, outcome string
		kind               payments.EventKind
		want               payments.DisputeEvent
	}{
		{"CUSTOMER.DISPUTE.CREATED", "", payments.EventDisputeOpened,
			payments.DisputeEvent{PaymentRef: "3BC38643YC807283D", Ref: "PP-D-27803", Amount: 1234, Currency: "USD", Reason: "MERCHANDISE_OR_SERVICE_NOT_RECEIVED", Status: "OPEN"}},
		{"CUSTOMER.DISPUTE.RESOLVED", "RESOLVED_SELLER_FAVOUR", payments.EventDisputeClosed,
			payments.DisputeEvent{PaymentRef: "3BC38643YC807283D", Ref: "PP-D-27803", Amount: 1234, Currency: "USD", Reason: "MERCHANDISE_OR_SERVICE_NOT_RECEIVED", Status: "RESOLVED", Won: true}},
		{"CUSTOMER.DISPUTE.RESOLVED", "RESOLVED_BUYER_FAVOUR", payments.EventDisputeClosed,
			payments.DisputeEvent{PaymentRef: "3BC38643YC807283D", Ref: "PP-D-27803", Amount: 1234, Currency: "USD", Reason: "MERCHANDISE_OR_SERVICE_NOT_RECEIVED", Status: "RESOLVED", Lost: true}},
	} {
		body, header := fake.Event(tc.eventType, dispute(tc.outcome))
		ev, err := gw.ParseWebhook(ctx(t), header, body)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.eventType, tc.outcome, err)
		}
		if ev.Kind != tc.kind || ev.Dispute == nil || *ev.Dispute != tc.want {
			t.Errorf("%s %s: %s %+v, want %s %+v", tc.eventType, tc.outcome, ev.Kind, ev.Dispute, tc.kind, tc.want)
		}
	}
}
