package stripe_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	stripego "github.com/stripe/stripe-go/v79"

	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/payments/stripe"
	"github.com/ezscale/hostbase/hooks/payments/stripe/stripetest"
)

// stripe-mock never declines, so these tests answer the PaymentIntent call
// from a small fake in Stripe's documented shapes.

func chargeRequest() payments.ChargeRequest {
	return payments.ChargeRequest{
		Invoice:        "inv3",
		InvoiceNumber:  "2024-0003",
		Customer:       payments.Customer{ID: "c1", GatewayRef: "cus_one"},
		MethodRef:      "pm_card",
		Amount:         2500,
		Currency:       "EUR",
		IdempotencyKey: "charge:inv3:1",
	}
}

// fakeStripe answers POST /v1/payment_intents with status and body.
func fakeStripe(t *testing.T, status int, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/payment_intents" {
			http.Error(w, `{"error":{"type":"invalid_request_error","message":"unexpected"}}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Request-Id", "req_fake")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestChargeSavedOutcomes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   payments.ChargeResult
	}{{
		name:   "succeeded",
		status: 200,
		body:   `{"id":"pi_ok","object":"payment_intent","amount":2500,"amount_received":2500,"currency":"eur","status":"succeeded"}`,
		want:   payments.ChargeResult{Ref: "pi_ok", Amount: 2500, Currency: "EUR", Succeeded: true},
	}, {
		name:   "declined by the issuer",
		status: 402,
		body: `{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",
			"message":"Your card has insufficient funds.",
			"payment_intent":{"id":"pi_declined","object":"payment_intent","status":"requires_payment_method"}}}`,
		want: payments.ChargeResult{Ref: "pi_declined", Amount: 2500, Currency: "EUR", Declined: true,
			DeclineCode: "insufficient_funds", Message: "Your card has insufficient funds."},
	}, {
		name:   "expired card",
		status: 402,
		body:   `{"error":{"type":"card_error","code":"expired_card","message":"Your card has expired."}}`,
		want: payments.ChargeResult{Amount: 2500, Currency: "EUR", Declined: true,
			DeclineCode: "expired_card", Message: "Your card has expired."},
	}, {
		name:   "the bank wants the customer to authenticate",
		status: 402,
		body: `{"error":{"type":"card_error","code":"authentication_required","decline_code":"authentication_required",
			"message":"Your card was declined. This transaction requires authentication.",
			"payment_intent":{"id":"pi_auth","object":"payment_intent","status":"requires_payment_method"}}}`,
		want: payments.ChargeResult{Ref: "pi_auth", Amount: 2500, Currency: "EUR", RequiresAction: true,
			DeclineCode: "authentication_required", Message: "Your card was declined. This transaction requires authentication."},
	}, {
		name:   "requires action",
		status: 200,
		body:   `{"id":"pi_3ds","object":"payment_intent","amount":2500,"currency":"eur","status":"requires_action"}`,
		want:   payments.ChargeResult{Ref: "pi_3ds", Amount: 2500, Currency: "EUR", RequiresAction: true},
	}, {
		name:   "answered with a failed intent",
		status: 200,
		body: `{"id":"pi_failed","object":"payment_intent","amount":2500,"currency":"eur","status":"requires_payment_method",
			"last_payment_error":{"type":"card_error","code":"card_declined","decline_code":"do_not_honor","message":"Your card was declined."}}`,
		want: payments.ChargeResult{Ref: "pi_failed", Amount: 2500, Currency: "EUR", Declined: true,
			DeclineCode: "do_not_honor", Message: "Your card was declined."},
	}, {
		name:   "processing",
		status: 200,
		body:   `{"id":"pi_slow","object":"payment_intent","amount":2500,"currency":"eur","status":"processing"}`,
		want:   payments.ChargeResult{Ref: "pi_slow", Amount: 2500, Currency: "EUR"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			gw := stripetest.NewGateway(t, fakeStripe(t, tc.status, tc.body))
			got, err := gw.ChargeSaved(context.Background(), chargeRequest())
			if err != nil {
				t.Fatalf("error %v, want a result", err)
			}
			if got != tc.want {
				t.Errorf("result\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestChargeSavedUnknownOutcomesAreErrors(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()

	for _, tc := range []struct {
		name, url string
		wantType  stripego.ErrorType
	}{
		{"server error", fakeStripe(t, 500, `{"error":{"type":"api_error","message":"Something went wrong on Stripe's end."}}`), stripego.ErrorTypeAPI},
		{"invalid request", fakeStripe(t, 400, `{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such PaymentMethod: 'pm_card'"}}`), stripego.ErrorTypeInvalidRequest},
		{"idempotency key reused", fakeStripe(t, 400, `{"error":{"type":"idempotency_error","message":"Keys for idempotent requests can only be used with the same parameters they were first used with."}}`), stripego.ErrorTypeIdempotency},
		{"connection refused", closedURL, ""},
		{"not JSON", fakeStripe(t, 502, `<html>Bad gateway</html>`), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gw := stripetest.NewGateway(t, tc.url)
			res, err := gw.ChargeSaved(context.Background(), chargeRequest())
			if err == nil {
				t.Fatalf("result %+v, want an error", res)
			}
			if errors.Is(err, payments.ErrBadWebhook) {
				t.Errorf("error %v wraps ErrBadWebhook", err)
			}
			if !strings.Contains(err.Error(), "inv3") {
				t.Errorf("error %q does not name the invoice", err)
			}
			var se *stripego.Error
			if tc.wantType != "" {
				if !errors.As(err, &se) || se.Type != tc.wantType {
					t.Errorf("error %v: want a *stripe.Error of type %s", err, tc.wantType)
				}
				if strings.Contains(err.Error(), "{") {
					t.Errorf("error %q prints JSON, want a sentence", err)
				}
			}
		})
	}
}

// A request that failed with a 5xx is resent by the library with the same
// idempotency key, so that Stripe replays rather than charges twice.
func TestChargeSavedRetriesWithTheSameKey(t *testing.T) {
	var mu sync.Mutex
	var keys []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		n := len(keys)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if n == 1 {
			w.WriteHeader(500)
			_, _ = w.Write([]byte(`{"error":{"type":"api_error","message":"try again"}}`))
			return
		}
		_, _ = w.Write([]byte(`{"id":"pi_ok","object":"payment_intent","amount":2500,"amount_received":2500,"currency":"eur","status":"succeeded"}`))
	}))
	defer srv.Close()
	gw, err := stripe.New(stripe.Config{SecretKey: stripetest.SecretKey, APIBase: srv.URL, MaxNetworkRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := gw.ChargeSaved(context.Background(), chargeRequest())
	if err != nil || !res.Succeeded || res.Ref != "pi_ok" {
		t.Fatalf("result %+v, %v; want succeeded after one retry", res, err)
	}
	if len(keys) != 2 || keys[0] != "charge:inv3:1" || keys[1] != "charge:inv3:1" {
		t.Errorf("Idempotency-Keys %q, want charge:inv3:1 twice", keys)
	}
}

// The configured timeout bounds a request even on a caller's client that
// has none, and the caller's client is left as it was.
func TestTimeoutAppliesToTheCallersClient(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	own := &http.Client{}
	gw, err := stripe.New(stripe.Config{
		SecretKey: stripetest.SecretKey, APIBase: srv.URL, HTTPClient: own,
		Timeout: 200 * time.Millisecond, MaxNetworkRetries: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := gw.ChargeSaved(context.Background(), chargeRequest()); err == nil {
		t.Fatal("a hanging Stripe gave no error")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("gave up after %v, want about 200ms", d)
	}
	if own.Timeout != 0 {
		t.Errorf("caller's client Timeout changed to %v", own.Timeout)
	}
}
