package virtfusionpanel_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/virtfusion/internal/fakevirtfusion"
)

func sdkError(t *testing.T, err error) *sdk.Error {
	t.Helper()
	var e *sdk.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *sdk.Error", err, err)
	}
	return e
}

// A wrong token is the staff's to fix: invalid config naming the token,
// asked once, never again.
func TestWrongTokenIsInvalidConfigAndNotRetried(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	srv := serverFor(panel)
	srv.Credentials["api_token"] = "not-the-token"
	p := newPlugin()

	_, err := p.TestConnection(ctx(t), sdk.ServerRequest{Server: srv})
	e := sdkError(t, err)
	if e.Kind != sdk.KindInvalidConfig || e.Field != "api_token" {
		t.Fatalf("TestConnection with a wrong token: %v, want invalid config of api_token", err)
	}
	_, err = p.Create(ctx(t), sdk.ServiceRequest{Server: srv, Service: newService("wrongtoken")})
	if sdk.KindOf(err) != sdk.KindInvalidConfig {
		t.Fatalf("Create with a wrong token: %v, want invalid config", err)
	}
	if got := panel.Calls(); got != 2 {
		t.Errorf("the panel saw %d requests for two calls with a wrong token, want 2 (a 401 is not retried)", got)
	}
}

// A 429 is waited out for as long as Retry-After says, then the call goes
// through.
func TestTooManyRequestsIsRetriedAfterRetryAfter(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	panel.FailNext(fakevirtfusion.Fault{Status: 429, RetryAfter: "1", Body: `{"errors":["Too Many Attempts."]}`})
	began := time.Now()
	msg, err := newPlugin().TestConnection(ctx(t), sdk.ServerRequest{Server: serverFor(panel)})
	if err != nil {
		t.Fatalf("TestConnection after one 429: %v", err)
	}
	if took := time.Since(began); took < time.Second {
		t.Errorf("the retry came %s after the 429, before its Retry-After of 1 s", took)
	}
	if got := panel.CallsTo("GET /api/v1/connect"); got != 2 {
		t.Errorf("GET /connect was sent %d times, want 2 (the 429, then the retry)", got)
	}
	if !strings.Contains(msg, "Connected") {
		t.Errorf("TestConnection says %q", msg)
	}
}

// A Retry-After longer than the client waits itself is handed to
// Hostbase's queue, with the wait.
func TestLongRetryAfterIsHandedToTheQueue(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	panel.FailNext(fakevirtfusion.Fault{Status: 429, RetryAfter: "120", Body: `{"errors":["Too Many Attempts."]}`})
	began := time.Now()
	_, err := newPlugin().TestConnection(ctx(t), sdk.ServerRequest{Server: serverFor(panel)})
	e := sdkError(t, err)
	if e.Kind != sdk.KindRetryable || e.RetryAfter != 120*time.Second {
		t.Fatalf("a 429 with Retry-After 120: %v (retry after %s), want retryable after 2m0s", err, e.RetryAfter)
	}
	if took := time.Since(began); took > time.Second {
		t.Errorf("the client waited %s itself instead of handing the wait over", took)
	}
}

// A 500 is retried with backoff; one that persists is retryable.
func TestServerErrorIsRetryable(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	boom := fakevirtfusion.Fault{Match: "GET /api/v1/connect", Status: 500, Body: `{"message":"Server Error"}`}

	panel.FailNext(boom)
	if _, err := newPlugin().TestConnection(ctx(t), sdk.ServerRequest{Server: serverFor(panel)}); err != nil {
		t.Fatalf("one 500 then success: %v, want the retry to succeed", err)
	}

	panel.FailNext(boom, boom, boom)
	_, err := newPlugin().TestConnection(ctx(t), sdk.ServerRequest{Server: serverFor(panel)})
	if e := sdkError(t, err); e.Kind != sdk.KindRetryable || !strings.Contains(e.Message, "500") {
		t.Fatalf("three 500s: %v, want a retryable failure naming the 500", err)
	}
	if got := panel.CallsTo("GET /api/v1/connect"); got != 2+3 {
		t.Errorf("GET /connect was sent %d times, want 5 (1+1, then 3 attempts)", got)
	}
}

// A POST answered 500 may have been done, so the client does not repeat
// it; the next Create looks before making anything, and there is one
// server.
func TestServerErrorOnCreateIsNotRepeatedBlindly(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	panel.FailNext(fakevirtfusion.Fault{Match: "POST /api/v1/servers", Status: 500, Body: `{"message":"Server Error"}`})
	p, srv, svc := newPlugin(), serverFor(panel), newService("post500")
	_, err := p.Create(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
	if sdk.KindOf(err) != sdk.KindRetryable {
		t.Fatalf("Create with POST /servers answered 500: %v, want retryable", err)
	}
	if got := panel.CallsTo("POST /api/v1/servers"); got != 1 {
		t.Errorf("POST /servers was sent %d times, want 1", got)
	}
	res := create(t, p, srv, svc)
	if n := panel.Named("hb-" + svc.IdempotencyKey); n != 1 || panel.State(res.RemoteID) != "running" {
		t.Errorf("after the retried Create: %d servers tagged, %s is %s; want 1 running", n, res.RemoteID, panel.State(res.RemoteID))
	}
}

// A body that is not JSON is a clear, retryable error, not a panic nor a
// zero value taken for an answer.
func TestMalformedJSONIsAClearError(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("garbled")
	res := create(t, p, srv, svc)
	svc.RemoteID = res.RemoteID

	panel.FailNext(fakevirtfusion.Fault{Match: "GET /api/v1/servers/" + res.RemoteID, Status: 200, Body: `{"data": {"id": 1, "state": `})
	st, err := p.Status(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
	if err == nil {
		t.Fatalf("Status with a truncated answer succeeded: %+v", st)
	}
	if e := sdkError(t, err); e.Kind != sdk.KindRetryable || !strings.Contains(e.Message, "malformed JSON") {
		t.Fatalf("Status with a truncated answer: %v, want a retryable error saying malformed JSON", err)
	}
}

// Each other status VirtFusion documents becomes the kind Hostbase acts on,
// with the panel's own message.
func TestStatusesAndErrorBodies(t *testing.T) {
	for _, c := range []struct {
		name  string
		fault fakevirtfusion.Fault
		kind  sdk.ErrorKind
		field string
		after time.Duration
		msg   string
	}{
		{"403 is a token without the permission", fakevirtfusion.Fault{Status: 403, Body: `{"msg":"forbidden"}`},
			sdk.KindInvalidConfig, "api_token", 0, "forbidden"},
		{"423 honours its Retry-After", fakevirtfusion.Fault{Status: 423, RetryAfter: "30", Body: `{"errors":["locked"]}`},
			sdk.KindRetryable, "", 30 * time.Second, "Do Not Disturb"},
		{"400 is permanent, errors[] read", fakevirtfusion.Fault{Status: 400, Body: `{"errors":["bad thing"]}`},
			sdk.KindPermanent, "", 0, "bad thing"},
		{"409 is permanent, Laravel's field errors read", fakevirtfusion.Fault{Status: 409, Body: `{"message":"x","errors":{"packageId":["taken"]}}`},
			sdk.KindPermanent, "", 0, "packageId: taken"},
		{"422 is permanent, message read", fakevirtfusion.Fault{Status: 422, Body: `{"message":"The given data was invalid."}`},
			sdk.KindPermanent, "", 0, "The given data was invalid."},
	} {
		t.Run(c.name, func(t *testing.T) {
			panel := fakevirtfusion.New(t, token, 0)
			c.fault.Match = "GET /api/v1/connect"
			panel.FailNext(c.fault)
			_, err := newPlugin().TestConnection(ctx(t), sdk.ServerRequest{Server: serverFor(panel)})
			e := sdkError(t, err)
			if e.Kind != c.kind || e.Field != c.field || e.RetryAfter != c.after || !strings.Contains(e.Message, c.msg) {
				t.Errorf("got %s (field %q, retry after %s): %s; want %s (field %q, retry after %s) saying %q",
					e.Kind, e.Field, e.RetryAfter, e.Message, c.kind, c.field, c.after, c.msg)
			}
			if n := panel.CallsTo("GET /api/v1/connect"); n != 1 {
				t.Errorf("GET /connect sent %d times, want 1 (not retried in the client)", n)
			}
		})
	}
}
