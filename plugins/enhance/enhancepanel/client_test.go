package enhancepanel

import (
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/enhance/internal/fakeenhance"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// count is how many requests the fake saw for "METHOD /path".
func count(f *fakeenhance.Panel, want string) int {
	n := 0
	for _, r := range f.Requests() {
		if r == want {
			n++
		}
	}
	return n
}

// A token the panel refuses is the settings' fault: invalid config naming
// the token, asked once, never retried.
func TestWrongTokenIsInvalidConfigAndNotRetried(t *testing.T) {
	f := fakeenhance.New(t)
	srv := serverFor(f)
	srv.Credentials[keyAPIToken] = "not-the-token"
	_, err := quiet().TestConnection(ctx(t), sdk.ServerRequest{Server: srv})
	e := sdk.AsError(err)
	if e == nil || e.Kind != sdk.KindInvalidConfig || e.Field != keyAPIToken {
		t.Fatalf("TestConnection with a wrong token: %v, want invalid config on %s", err, keyAPIToken)
	}
	if n := len(f.Requests()); n != 1 {
		t.Errorf("the panel saw %d requests, want 1 (a refused token is not retried): %v", n, f.Requests())
	}
}

// A 429 is retried after the panel's Retry-After, and the call succeeds.
func TestTooManyRequestsWaitsForRetryAfter(t *testing.T) {
	fastRetries(t)
	f := fakeenhance.New(t)
	f.FailNext(fakeenhance.Fault{Status: 429, Header: map[string]string{"Retry-After": "1"},
		Body: `{"code":"too_many_requests","detail":"rate_limit"}`})
	start := time.Now()
	msg, err := quiet().TestConnection(ctx(t), sdk.ServerRequest{Server: serverFor(f)})
	if err != nil {
		t.Fatalf("TestConnection after one 429: %v", err)
	}
	if took := time.Since(start); took < time.Second {
		t.Errorf("the retry came after %s, before the Retry-After of 1s", took)
	}
	if n := count(f, "GET /api/orgs/"+fakeenhance.MasterOrg); n != 2 {
		t.Errorf("GET of the organisation was sent %d times, want 2", n)
	}
	if !strings.Contains(msg, "Test Hosting MO") {
		t.Errorf("TestConnection said %q, want the organisation's name", msg)
	}
}

// A Retry-After longer than the client will sleep goes back to Hostbase
// as a retryable failure carrying the wait.
func TestLongRetryAfterIsHandedToHostbase(t *testing.T) {
	fastRetries(t)
	f := fakeenhance.New(t)
	f.FailNext(fakeenhance.Fault{Status: 429, Header: map[string]string{"Retry-After": "120"}})
	_, err := quiet().TestConnection(ctx(t), sdk.ServerRequest{Server: serverFor(f)})
	e := sdk.AsError(err)
	if e == nil || e.Kind != sdk.KindRetryable || e.RetryAfter != 120*time.Second {
		t.Fatalf("TestConnection after a 429 asking for 120s: %#v, want retryable after 120s", e)
	}
	if n := len(f.Requests()); n != 1 {
		t.Errorf("the panel saw %d requests, want 1", n)
	}
}

// A 500 on a read is retried; when it persists, the failure is retryable.
func TestServerErrorIsRetryable(t *testing.T) {
	fastRetries(t)
	f := fakeenhance.New(t)
	boom := fakeenhance.Fault{Status: 500, Body: `{"code":"internal","detail":"db"}`}
	f.FailNext(boom)
	if _, err := quiet().TestConnection(ctx(t), sdk.ServerRequest{Server: serverFor(f)}); err != nil {
		t.Fatalf("TestConnection after one 500: %v, want the retry to succeed", err)
	}

	f.FailNext(boom, boom, boom, boom)
	_, err := quiet().TestConnection(ctx(t), sdk.ServerRequest{Server: serverFor(f)})
	if sdk.KindOf(err) != sdk.KindRetryable || err == nil {
		t.Fatalf("TestConnection after four 500s: %v, want a retryable failure", err)
	}
	if !strings.Contains(err.Error(), "500") {
		t.Errorf("the failure %q does not say the panel answered 500", err)
	}
}

// A POST that failed with a 500 may have been carried out: it is not sent
// again within the call; Hostbase retries the Create, which finds what it
// made.
func TestServerErrorOnCreateIsNotRepeatedButResumed(t *testing.T) {
	fastRetries(t)
	f := fakeenhance.New(t)
	p := quiet()
	svc := service("post500")
	// The first request is the customer listing; the second the create.
	f.FailNext(fakeenhance.Fault{Status: 200, Body: `{"items":[],"total":0}`}, fakeenhance.Fault{Status: 502, Body: "bad gateway"})
	_, err := p.Create(ctx(t), request(f, svc))
	if sdk.KindOf(err) != sdk.KindRetryable || err == nil {
		t.Fatalf("Create with a 502 on the organisation's POST: %v, want retryable", err)
	}
	if n := count(f, "POST /api/orgs/"+fakeenhance.MasterOrg+"/customers"); n != 1 {
		t.Errorf("the organisation's POST was sent %d times, want 1", n)
	}
	res, err := p.Create(ctx(t), request(f, svc))
	if err != nil {
		t.Fatalf("Create again: %v", err)
	}
	if got := f.State(res.RemoteID); got != "running" {
		t.Errorf("the panel holds %q for %s, want running", got, res.RemoteID)
	}
}

// An answer that is not JSON is a clear failure, not a panic or a zero
// value.
func TestMalformedJSONIsAClearError(t *testing.T) {
	f := fakeenhance.New(t)
	f.FailNext(fakeenhance.Fault{Status: 200, Header: map[string]string{"Content-Type": "text/html"}, Body: "<html>Welcome to nginx"})
	_, err := quiet().TestConnection(ctx(t), sdk.ServerRequest{Server: serverFor(f)})
	if err == nil {
		t.Fatal("TestConnection with an HTML answer succeeded")
	}
	if sdk.KindOf(err) != sdk.KindPermanent || !strings.Contains(err.Error(), "JSON") || !strings.Contains(err.Error(), "nginx") {
		t.Errorf("TestConnection with an HTML answer: %v, want a permanent failure naming JSON and quoting the answer", err)
	}

	svc := service("garbled")
	res, err := quiet().Create(ctx(t), request(f, svc))
	if err != nil {
		t.Fatal(err)
	}
	svc.RemoteID = res.RemoteID
	f.FailNext(fakeenhance.Fault{Status: 200, Body: `{"id": 1, "status": `})
	if _, err := quiet().Status(ctx(t), request(f, svc)); err == nil || !strings.Contains(err.Error(), "JSON") {
		t.Errorf("Status with a truncated answer: %v, want a failure naming JSON", err)
	}
}

// The base URL takes the panel's address with or without /api.
func TestSiteURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://cp.example.com":       "https://cp.example.com",
		"https://cp.example.com/":      "https://cp.example.com",
		"https://cp.example.com/api/":  "https://cp.example.com",
		"https://cp.example.com/x/api": "https://cp.example.com/x",
	} {
		got, err := siteURL(in)
		if err != nil || got != want {
			t.Errorf("siteURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := siteURL("cp.example.com"); sdk.KindOf(err) != sdk.KindInvalidConfig {
		t.Errorf("siteURL without a scheme: %v, want invalid config", err)
	}
}
