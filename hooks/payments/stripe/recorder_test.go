package stripe_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/hbtest/stripemock"
	"github.com/ezscale/hostbase/hooks/payments/stripe"
	"github.com/ezscale/hostbase/hooks/payments/stripe/stripetest"
)

// recorded is one request the gateway sent.
type recorded struct {
	Method string
	Path   string
	Header http.Header
	Form   url.Values // the form body of a POST, the query of a GET
}

// recorder is an http.RoundTripper that keeps every request it passes on,
// so tests can assert what reached Stripe.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	reqs []recorded
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := recorded{Method: req.Method, Path: req.URL.Path, Header: req.Header.Clone(), Form: req.URL.Query()}
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		if len(body) > 0 {
			form, err := url.ParseQuery(string(body))
			if err != nil {
				return nil, err
			}
			rec.Form = form
		}
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, rec)
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

func (r *recorder) requests() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.reqs...)
}

// only returns the one request sent to method path, failing the test when
// there is not exactly one.
func (r *recorder) only(t *testing.T, method, path string) recorded {
	t.Helper()
	var found []recorded
	for _, req := range r.requests() {
		if req.Method == method && req.Path == path {
			found = append(found, req)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d requests %s %s, want 1; all: %v", len(found), method, path, r.paths())
	}
	return found[0]
}

func (r *recorder) paths() []string {
	var out []string
	for _, req := range r.requests() {
		out = append(out, req.Method+" "+req.Path)
	}
	return out
}

// mockGateway is a Gateway talking to the shared stripe-mock through a
// recorder.
func mockGateway(t *testing.T) (*stripe.Gateway, *recorder) {
	t.Helper()
	return gatewayAt(t, stripemock.Shared(t).URL())
}

func gatewayAt(t *testing.T, apiBase string) (*stripe.Gateway, *recorder) {
	t.Helper()
	rec := &recorder{next: http.DefaultTransport}
	gw, err := stripe.New(stripe.Config{
		SecretKey:         stripemock.APIKey,
		WebhookSecret:     stripetest.WebhookSecret,
		APIBase:           apiBase,
		HTTPClient:        &http.Client{Transport: rec},
		Timeout:           10 * time.Second,
		MaxNetworkRetries: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return gw, rec
}

// wantForm checks form fields of a recorded request.
func wantForm(t *testing.T, req recorded, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got, ok := req.Form[k]; !ok || len(got) != 1 || got[0] != v {
			t.Errorf("%s %s: %s = %q, want %q", req.Method, req.Path, k, got, v)
		}
	}
}

// wantNoForm checks that fields were not sent.
func wantNoForm(t *testing.T, req recorded, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if got, ok := req.Form[k]; ok {
			t.Errorf("%s %s: %s = %q sent, want absent", req.Method, req.Path, k, got)
		}
	}
}
