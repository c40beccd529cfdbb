package paypal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/hbtest/paypalfake"
	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/payments/paypal"
)

const returnURL = "https://billing.example.com/api/hb/paypal/return?invoice=inv_7f3k2m9q1w5e8r4"

func newGateway(t *testing.T) (*paypal.Gateway, *paypalfake.Server) {
	t.Helper()
	fake := paypalfake.Start(t)
	gw, err := paypal.New(paypal.Config{
		ClientID:  paypalfake.ClientID,
		Secret:    paypalfake.Secret,
		APIBase:   fake.URL(),
		WebhookID: paypalfake.WebhookID,
		Timeout:   5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	return gw, fake
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

func paymentRequest(amount int64, currency, key string) payments.PaymentRequest {
	return payments.PaymentRequest{
		Invoice:        "inv_7f3k2m9q1w5e8r4",
		InvoiceNumber:  "INV-2026-0042",
		Customer:       payments.Customer{ID: "cus_a1b2c3", Email: "ada@example.com", Name: "Ada Lovelace"},
		Amount:         amount,
		Currency:       currency,
		Description:    "Invoice INV-2026-0042: VPS Large (monthly)",
		SuccessURL:     returnURL,
		CancelURL:      "https://billing.example.com/invoices/inv_7f3k2m9q1w5e8r4",
		IdempotencyKey: key,
	}
}

// approve follows the approve link as the buyer's browser would and checks
// that PayPal sends them back to the return URL with the order's token.
func approve(t *testing.T, redirect payments.Redirect) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(redirect.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	back, err := url.Parse(loc)
	if err != nil || resp.StatusCode != http.StatusFound {
		t.Fatalf("approve link: %d Location %q, want a redirect", resp.StatusCode, loc)
	}
	q := back.Query()
	if back.Host != "billing.example.com" || back.Path != "/api/hb/paypal/return" ||
		q.Get("invoice") != "inv_7f3k2m9q1w5e8r4" || q.Get("token") != redirect.Ref || q.Get("PayerID") == "" {
		t.Fatalf("approve link sent the buyer to %q, want the return URL with its query, token=%s and a PayerID", loc, redirect.Ref)
	}
}

// paid runs a whole checkout: order, approval, capture.
func paid(t *testing.T, gw *paypal.Gateway, req payments.PaymentRequest) *payments.Event {
	t.Helper()
	redirect, err := gw.StartPayment(ctx(t), req)
	if err != nil {
		t.Fatal(err)
	}
	approve(t, redirect)
	ev, err := gw.Capture(ctx(t), redirect.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != payments.EventPaymentSucceeded {
		t.Fatalf("capture: kind %s, want %s", ev.Kind, payments.EventPaymentSucceeded)
	}
	return ev
}

// lastRequest is the last request the fake received to method and path,
// its JSON body decoded.
func lastRequest(t *testing.T, fake *paypalfake.Server, method, path string) (paypalfake.Request, map[string]any) {
	t.Helper()
	reqs := fake.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		r := reqs[i]
		if r.Method == method && r.Path == path {
			var body map[string]any
			if len(r.Body) > 0 {
				if err := json.Unmarshal(r.Body, &body); err != nil {
					t.Fatalf("%s %s: body is not JSON: %v\n%s", method, r.Path, err, r.Body)
				}
			}
			return r, body
		}
	}
	t.Fatalf("no %s %s request reached the fake", method, path)
	return paypalfake.Request{}, nil
}

// count is how many requests to method and a path starting with prefix the
// fake received.
func count(fake *paypalfake.Server, method, prefix string) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}

// get reads a JSON path like "purchase_units.0.amount.value" out of a
// decoded body.
func get(v any, path string) any {
	for _, key := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[key]
		case []any:
			i := 0
			for _, c := range key {
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}
