package stripe

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	stripego "github.com/stripe/stripe-go/v79"
	"github.com/stripe/stripe-go/v79/webhook"

	"github.com/ezscale/hostbase/hooks/payments"
)

// WebhookTolerance is how old a signature may be: Stripe's own 300 s, the
// window that makes a captured request useless for replay later.
const WebhookTolerance = 300 * time.Second

// SignatureHeader carries Stripe's webhook signature.
const SignatureHeader = "Stripe-Signature"

// ParseWebhook verifies the Stripe-Signature header on the raw body (HMAC
// with the endpoint's secret, timestamp within WebhookTolerance, event API
// version equal to stripe-go's) and turns the event into a payments.Event.
// Every refusal wraps payments.ErrBadWebhook. A different error means a
// lookup at Stripe needed to read the event failed: nothing was stored, and
// Stripe delivers the event again later.
func (g *Gateway) ParseWebhook(ctx context.Context, header http.Header, body []byte) (*payments.Event, error) {
	if g.webhookSecret == "" {
		return nil, badWebhook("no webhook secret is configured (%s)", EnvWebhookSecret)
	}
	sig := header.Get(SignatureHeader)
	if sig == "" {
		return nil, badWebhook("no %s header", SignatureHeader)
	}
	e, err := webhook.ConstructEventWithOptions(body, sig, g.webhookSecret, webhook.ConstructEventOptions{
		Tolerance: WebhookTolerance,
	})
	if err != nil {
		return nil, badWebhook("%v", err)
	}
	if e.Object != "event" || e.ID == "" || e.Type == "" || e.Data == nil || len(e.Data.Raw) == 0 {
		return nil, badWebhook("not a Stripe event (object %q, id %q, type %q)", e.Object, e.ID, e.Type)
	}
	ev := &payments.Event{
		Gateway: payments.Stripe,
		ID:      e.ID,
		Type:    string(e.Type),
		Kind:    payments.EventIgnored,
		Created: e.Created,
		Payload: body,
	}
	if err := g.interpret(ctx, &e, ev); err != nil {
		return nil, err
	}
	return ev, nil
}

// interpret fills ev from the event's object according to its type; types
// we do not act on stay EventIgnored.
func (g *Gateway) interpret(ctx context.Context, e *stripego.Event, ev *payments.Event) error {
	switch e.Type {
	case stripego.EventTypeCheckoutSessionCompleted, stripego.EventTypeCheckoutSessionAsyncPaymentSucceeded:
		return g.checkoutCompleted(ctx, e, ev)
	case stripego.EventTypePaymentIntentSucceeded:
		return paymentIntentSucceeded(e, ev)
	case stripego.EventTypePaymentIntentPaymentFailed:
		return paymentIntentFailed(e, ev)
	case stripego.EventTypeChargeRefunded:
		return g.chargeRefunded(ctx, e, ev)
	case stripego.EventTypeChargeRefundUpdated, stripego.EventTypeRefundCreated, stripego.EventTypeRefundUpdated:
		return refundChanged(e, ev)
	case stripego.EventTypeChargeDisputeCreated, stripego.EventTypeChargeDisputeClosed:
		return disputeChanged(e, ev)
	case stripego.EventTypePaymentMethodAttached:
		return methodAttached(e, ev)
	case stripego.EventTypePaymentMethodDetached:
		return methodDetached(e, ev)
	case stripego.EventTypeChargeSucceeded, stripego.EventTypeChargeUpdated:
		return g.chargeFee(ctx, e, ev)
	}
	return nil
}

// decodeObject reads the event's object as T after checking that it is the
// kind of object the event type promises.
func decodeObject[T any](e *stripego.Event, object string) (*T, error) {
	var head struct {
		Object string `json:"object"`
	}
	if err := json.Unmarshal(e.Data.Raw, &head); err != nil {
		return nil, badWebhook("%s: object: %v", e.Type, err)
	}
	if head.Object != object {
		return nil, badWebhook("%s carries a %q object, want %q", e.Type, head.Object, object)
	}
	v := new(T)
	if err := json.Unmarshal(e.Data.Raw, v); err != nil {
		return nil, badWebhook("%s: %s: %v", e.Type, object, err)
	}
	return v, nil
}

func badWebhook(format string, args ...any) error {
	return fmt.Errorf("%w: stripe: %s", payments.ErrBadWebhook, fmt.Sprintf(format, args...))
}
