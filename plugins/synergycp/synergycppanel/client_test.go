package synergycppanel

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// A wrong API key is the panel's 401: invalid config naming api_key, sent
// once, not retried.
func TestWrongKeyIsInvalidConfigAndNotRetried(t *testing.T) {
	f := stock(t, 1)
	srv := serverFor(f)
	srv.Credentials[keyAPIKey] = "not-the-key"
	_, err := newTestProvisioner().TestConnection(context.Background(), sdk.ServerRequest{Server: srv})
	var e *sdk.Error
	if !errors.As(err, &e) || e.Kind != sdk.KindInvalidConfig || e.Field != keyAPIKey {
		t.Fatalf("TestConnection with a wrong key: %v, want invalid config of %s", err, keyAPIKey)
	}
	if n := f.Calls("GET server"); n != 1 {
		t.Errorf("the panel saw %d requests, want 1 (a refused key is not retried)", n)
	}
	if strings.Contains(err.Error(), "not-the-key") {
		t.Errorf("the error shows the key: %v", err)
	}
}

// A 429 with Retry-After: 1 is waited out and the call sent again.
func TestTooManyRequestsHonoursRetryAfter(t *testing.T) {
	f := stock(t, 1)
	f.Fail(http.StatusTooManyRequests, "1", "")
	start := time.Now()
	msg, err := newTestProvisioner().TestConnection(context.Background(), sdk.ServerRequest{Server: serverFor(f)})
	if err != nil {
		t.Fatalf("TestConnection after one 429: %v", err)
	}
	if took := time.Since(start); took < 900*time.Millisecond {
		t.Errorf("the retry came %s after the 429, before its Retry-After of 1s", took)
	}
	if n := f.Calls("GET server"); n != 2 {
		t.Errorf("the panel saw %d requests, want 2", n)
	}
	if !strings.Contains(msg, "2 servers free") {
		t.Errorf("TestConnection said %q", msg)
	}
}

// A Retry-After beyond the cap is not slept on: Hostbase is told when to
// come back.
func TestRetryAfterBeyondTheCapGoesBackToHostbase(t *testing.T) {
	f := stock(t, 1)
	f.Fail(http.StatusTooManyRequests, "120", "")
	start := time.Now()
	_, err := newTestProvisioner().TestConnection(context.Background(), sdk.ServerRequest{Server: serverFor(f)})
	e := sdk.AsError(err)
	if err == nil || e.Kind != sdk.KindRetryable || e.RetryAfter != 120*time.Second {
		t.Fatalf("after a 429 asking for 120s: %v (retry after %s), want retryable after 2m0s", err, e.RetryAfter)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("the call took %s: it waited instead of handing the wait to Hostbase", took)
	}
}

// A 500 on a read is retried, and once the attempts run out the failure
// is retryable.
func TestServerErrorIsRetryable(t *testing.T) {
	f := stock(t, 1)
	for range 3 {
		f.Fail(http.StatusInternalServerError, "", "")
	}
	_, err := newTestProvisioner().TestConnection(context.Background(), sdk.ServerRequest{Server: serverFor(f)})
	if err == nil || sdk.KindOf(err) != sdk.KindRetryable {
		t.Fatalf("after three 500s: %v, want retryable", err)
	}
	if n := f.Calls("GET server"); n != 3 {
		t.Errorf("the panel saw %d requests, want 3 attempts", n)
	}

	f.Fail(http.StatusInternalServerError, "", "")
	if _, err := newTestProvisioner().TestConnection(context.Background(), sdk.ServerRequest{Server: serverFor(f)}); err != nil {
		t.Errorf("after one 500 the retry should succeed: %v", err)
	}
}

// A 500 from server/provision is not sent again in the same call (the
// panel may have acted), but the Create fails retryable, and the retried
// Create allocates one server.
func TestServerErrorOnProvisionIsNotRepeatedBlindly(t *testing.T) {
	f := stock(t, 2)
	p := newTestProvisioner()
	r := request(f, service("svc-500"))
	f.FailOn("POST server/provision", http.StatusInternalServerError, "", "")
	_, err := p.Create(context.Background(), r)
	if err == nil || sdk.KindOf(err) != sdk.KindRetryable {
		t.Fatalf("Create with a 500 from server/provision: %v, want retryable", err)
	}
	if n := f.Calls("POST server/provision"); n != 1 {
		t.Errorf("server/provision was sent %d times in one Create, want 1", n)
	}
	res, err := p.Create(context.Background(), r)
	if err != nil {
		t.Fatalf("the retried Create: %v", err)
	}
	if n := f.Assigned("svc-500"); n != 1 || f.State(res.RemoteID) != "running" {
		t.Errorf("after the retry %d servers hold the key (%s is %s), want 1 running", n, res.RemoteID, f.State(res.RemoteID))
	}
}

// Malformed JSON from the panel is a clear, retryable error, not a panic.
func TestMalformedJSONIsAClearError(t *testing.T) {
	f := stock(t, 1)
	p := newTestProvisioner()
	for _, body := range []string{"<html>502 Bad Gateway</html>", `{"data": {"data": [}`, `{"data":{"data":"nope","total":"x"},"error":false}`} {
		f.Fail(http.StatusOK, "", body)
		_, err := p.TestConnection(context.Background(), sdk.ServerRequest{Server: serverFor(f)})
		if err == nil || sdk.KindOf(err) != sdk.KindRetryable || !strings.Contains(err.Error(), "not the API's JSON") {
			t.Errorf("answer %q: %v, want a retryable error saying the answer is not the API's JSON", body, err)
		}
	}
}

// An error envelope with a 2xx status is still a failure, with the
// panel's message.
func TestErrorEnvelopeIsAFailure(t *testing.T) {
	f := stock(t, 1)
	f.Fail(http.StatusOK, "", `{"data":null,"error":true,"messages":[{"text":"License expired."}]}`)
	_, err := newTestProvisioner().TestConnection(context.Background(), sdk.ServerRequest{Server: serverFor(f)})
	if err == nil || sdk.KindOf(err) != sdk.KindPermanent || !strings.Contains(err.Error(), "License expired.") {
		t.Errorf("an error envelope: %v, want a permanent failure with the panel's message", err)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	for in, want := range map[string]time.Duration{"": 0, "3": 3 * time.Second, "-1": 0, "soon": 0} {
		if got := retryAfter(in); got != want {
			t.Errorf("retryAfter(%q) = %s, want %s", in, got, want)
		}
	}
	if got := retryAfter(time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)); got < 59*time.Minute {
		t.Errorf("an HTTP date an hour ahead gave %s", got)
	}
}
