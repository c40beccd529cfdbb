package paypal_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/hbtest/paypalfake"
	"github.com/ezscale/hostbase/hooks/payments/paypal"
)

func TestBadCredentials(t *testing.T) {
	fake := paypalfake.Start(t)
	gw, err := paypal.New(paypal.Config{ClientID: paypalfake.ClientID, Secret: "wrong", APIBase: fake.URL(), WebhookID: paypalfake.WebhookID})
	if err != nil {
		t.Fatal(err)
	}
	_, err = gw.StartPayment(ctx(t), paymentRequest(1234, "USD", "pay:inv_7f3k2m9q1w5e8r4:1"))
	if !errors.Is(err, paypal.ErrBadCredentials) {
		t.Fatalf("error %v, want ErrBadCredentials", err)
	}
	for _, want := range []string{paypal.EnvClientID, paypal.EnvSecret, paypal.EnvAPIBase, "401"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	if n := count(fake, "POST", "/v2/checkout/orders"); n != 0 {
		t.Errorf("%d orders sent without a token", n)
	}
}

func TestServerErrorThenRetry(t *testing.T) {
	gw, fake := newGateway(t)
	req := paymentRequest(1234, "USD", "pay:inv_7f3k2m9q1w5e8r4:1")

	fake.FailNext(http.StatusInternalServerError)
	_, err := gw.StartPayment(ctx(t), req)
	var ae *paypal.APIError
	if !errors.As(err, &ae) || ae.Status != 500 || !ae.Temporary() || ae.Name != "INTERNAL_SERVER_ERROR" {
		t.Fatalf("error %v, want a temporary 500 INTERNAL_SERVER_ERROR", err)
	}
	first, err := gw.StartPayment(ctx(t), req)
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	again, err := gw.StartPayment(ctx(t), req)
	if err != nil || again.Ref != first.Ref {
		t.Fatalf("second retry: %+v %v, want order %s", again, err, first.Ref)
	}

	approve(t, first)
	fake.FailNext(http.StatusServiceUnavailable)
	if _, err := gw.Capture(ctx(t), first.Ref); !errors.As(err, &ae) || ae.Status != 503 {
		t.Fatalf("capture during an outage: %v, want a 503", err)
	}
	if _, err := gw.Capture(ctx(t), first.Ref); err != nil {
		t.Fatalf("capture after the outage: %v", err)
	}
}

// A proxy in front of PayPal answering HTML still gives an error with the
// status in it, not a JSON decoding error.
func TestNonJSONErrorBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/oauth2/token" {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"access_token":"T","token_type":"Bearer","expires_in":32400}`))
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte("<html><body>502 Bad Gateway</body></html>"))
	}))
	t.Cleanup(srv.Close)
	gw, err := paypal.New(paypal.Config{ClientID: "id", Secret: "secret", APIBase: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = gw.Capture(ctx(t), "5O190127TN364715T")
	var ae *paypal.APIError
	if !errors.As(err, &ae) || ae.Status != http.StatusBadGateway || !strings.Contains(err.Error(), "502 Bad Gateway") {
		t.Fatalf("error %v, want a 502 APIError quoting the page", err)
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	gw, err := paypal.New(paypal.Config{ClientID: "id", Secret: "secret", APIBase: srv.URL, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = gw.Capture(context.Background(), "5O190127TN364715T")
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("capture against a silent server: %v after %s, want a timeout error after 200ms", err, time.Since(start))
	}
}
