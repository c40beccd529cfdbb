// Package stripetest builds signed Stripe webhook events and the objects
// they carry, and a Gateway pointed at stripe-mock, for the tests of every
// package that takes Stripe payments. stripe-mock sends no webhooks, so
// payment outcomes are driven by events made here.
package stripetest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v79/webhook"

	"github.com/ezscale/hostbase/hooks/payments/stripe"
)

// WebhookSecret is the signing secret of test gateways and events.
const WebhookSecret = "whsec_test_hostbase"

// APIVersion is the API version of events: stripe-go v79's, the only one
// its webhook check accepts.
const APIVersion = "2024-06-20"

// SecretKey is a test key stripe-mock accepts (it takes any sk_test_ key).
const SecretKey = "sk_test_hostbase"

// NewGateway is a Gateway for apiBase (stripe-mock's URL) with SecretKey
// and WebhookSecret. Requests are not retried, so that a failing fake fails
// the test at once.
func NewGateway(tb testing.TB, apiBase string) *stripe.Gateway {
	tb.Helper()
	gw, err := stripe.New(stripe.Config{
		SecretKey:         SecretKey,
		WebhookSecret:     WebhookSecret,
		APIBase:           apiBase,
		Timeout:           10 * time.Second,
		MaxNetworkRetries: -1,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return gw
}

// NewID is a fresh Stripe-style id: prefix, "_", 24 random hex digits.
func NewID(prefix string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return prefix + "_" + hex.EncodeToString(b)
}

// EventOptions changes what Event would choose.
type EventOptions struct {
	ID      string    // default: a new evt_ id; reuse one to redeliver
	Created time.Time // default: now
	// APIVersion defaults to APIVersion; set another to test refusal.
	APIVersion string
	// PreviousAttributes is data.previous_attributes (*.updated, detached).
	PreviousAttributes map[string]any
}

// Event is the JSON body of a Stripe event of eventType carrying object,
// with a new id.
func Event(tb testing.TB, eventType string, object map[string]any) []byte {
	tb.Helper()
	return EventWithOptions(tb, eventType, object, EventOptions{})
}

// EventWithID is Event with the given id, for redelivery tests.
func EventWithID(tb testing.TB, id, eventType string, object map[string]any) []byte {
	tb.Helper()
	return EventWithOptions(tb, eventType, object, EventOptions{ID: id})
}

// EventWithOptions is Event with opts applied.
func EventWithOptions(tb testing.TB, eventType string, object map[string]any, opts EventOptions) []byte {
	tb.Helper()
	if opts.ID == "" {
		opts.ID = NewID("evt")
	}
	if opts.Created.IsZero() {
		opts.Created = time.Now()
	}
	if opts.APIVersion == "" {
		opts.APIVersion = APIVersion
	}
	data := map[string]any{"object": object}
	if opts.PreviousAttributes != nil {
		data["previous_attributes"] = opts.PreviousAttributes
	}
	body, err := json.Marshal(map[string]any{
		"id":               opts.ID,
		"object":           "event",
		"api_version":      opts.APIVersion,
		"created":          opts.Created.Unix(),
		"data":             data,
		"livemode":         false,
		"pending_webhooks": 1,
		"request":          map[string]any{"id": nil, "idempotency_key": nil},
		"type":             eventType,
	})
	if err != nil {
		tb.Fatalf("stripetest: event %s: %v", eventType, err)
	}
	return body
}

// Sign is the header Stripe would send with body, signed with secret at the
// given time.
func Sign(body []byte, secret string, at time.Time) http.Header {
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{
		Payload:   body,
		Secret:    secret,
		Timestamp: at,
	})
	h := http.Header{}
	h.Set(stripe.SignatureHeader, signed.Header)
	h.Set("Content-Type", "application/json; charset=utf-8")
	return h
}

// SignedEvent is an Event and its header, signed now with WebhookSecret:
// what a test POSTs to /api/hb/webhooks/stripe.
func SignedEvent(tb testing.TB, eventType string, object map[string]any) ([]byte, http.Header) {
	tb.Helper()
	body := Event(tb, eventType, object)
	return body, Sign(body, WebhookSecret, time.Now())
}
