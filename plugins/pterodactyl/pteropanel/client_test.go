package pteropanel_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/pterodactyl/internal/fakeptero"
	"github.com/ezscale/hostbase/plugins/pterodactyl/pteropanel"
	"github.com/ezscale/hostbase/plugins/sdk"
)

func count(reqs []string, want string) int {
	n := 0
	for _, r := range reqs {
		if r == want {
			n++
		}
	}
	return n
}

// A well-formed but wrong application key is the settings at fault, named,
// and asked once: trying again will not mend it.
func TestAWrongApplicationKeyIsInvalidConfigAndNotRetried(t *testing.T) {
	pn := fakeptero.New(t)
	srv := server(pn)
	srv.Credentials["application_api_key"] = "ptla_NotTheKeyThePanelGaveUs0123456789abcdefgh"
	_, err := pteropanel.New(nil).TestConnection(ctx(t), sdk.ServerRequest{Server: srv})
	e := sdk.AsError(err)
	if e == nil || e.Kind != sdk.KindInvalidConfig || e.Field != "application_api_key" {
		t.Fatalf("TestConnection with a wrong key: %v, want invalid config of application_api_key", err)
	}
	if n := count(pn.Requests(), "GET /api/application/nodes"); n != 1 {
		t.Errorf("the panel was asked %d times, want once", n)
	}
}

func TestAWrongClientKeyIsInvalidConfig(t *testing.T) {
	pn := fakeptero.New(t)
	srv := server(pn)
	srv.Credentials["client_api_key"] = "ptlc_NotTheKeyThePanelGaveUs0123456789abcdefgh"
	_, err := pteropanel.New(nil).TestConnection(ctx(t), sdk.ServerRequest{Server: srv})
	if e := sdk.AsError(err); e == nil || e.Kind != sdk.KindInvalidConfig || e.Field != "client_api_key" {
		t.Fatalf("TestConnection with a wrong client key: %v, want invalid config of client_api_key", err)
	}
}

// A key without the ptla_ prefix never reaches the panel.
func TestAKeyOfTheWrongKindIsRefusedBeforeAnyCall(t *testing.T) {
	pn := fakeptero.New(t)
	srv := server(pn)
	srv.Credentials["application_api_key"] = fakeptero.ClientKey
	_, err := pteropanel.New(nil).TestConnection(ctx(t), sdk.ServerRequest{Server: srv})
	if e := sdk.AsError(err); e == nil || e.Kind != sdk.KindInvalidConfig || e.Field != "application_api_key" {
		t.Fatalf("TestConnection with a ptlc_ key as the application key: %v, want invalid config", err)
	}
	if reqs := pn.Requests(); len(reqs) != 0 {
		t.Errorf("the panel was called: %v", reqs)
	}
}

// 429 with Retry-After: 1 is waited out and retried within the call.
func TestTooManyRequestsIsRetriedAfterRetryAfter(t *testing.T) {
	pn := fakeptero.New(t)
	pn.Inject(fakeptero.Fault{Method: "GET", PathPrefix: "/api/application/nodes", Status: 429, RetryAfter: "1", Times: 1})
	start := time.Now()
	msg, err := pteropanel.New(nil).TestConnection(ctx(t), sdk.ServerRequest{Server: server(pn)})
	if err != nil {
		t.Fatalf("TestConnection after one 429: %v", err)
	}
	if took := time.Since(start); took < time.Second {
		t.Errorf("the retry came %s after the 429, sooner than its Retry-After of 1s", took)
	}
	if n := count(pn.Requests(), "GET /api/application/nodes"); n != 2 {
		t.Errorf("GET /nodes was sent %d times, want 2 (the 429, then the retry)", n)
	}
	if !strings.Contains(msg, "1 nodes") {
		t.Errorf("TestConnection said %q", msg)
	}
}

// A Retry-After longer than the client will hold a call goes back to
// Hostbase as a retryable failure that carries it.
func TestALongRetryAfterIsHandedToHostbase(t *testing.T) {
	pn := fakeptero.New(t)
	pn.Inject(fakeptero.Fault{PathPrefix: "/api/application/servers", Status: 429, RetryAfter: "60"})
	r := request(pn, "long-wait")
	start := time.Now()
	_, err := pteropanel.New(nil).Status(ctx(t), r)
	e := sdk.AsError(err)
	if e == nil || e.Kind != sdk.KindRetryable || e.RetryAfter != time.Minute {
		t.Fatalf("Status under a 60s Retry-After: %+v, want retryable after 1m", e)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the plugin held the call %s instead of handing the wait back", took)
	}
}

// A 500 is retried a few times, then reported as retryable.
func TestAServerErrorIsRetryable(t *testing.T) {
	pn := fakeptero.New(t)
	pn.Inject(fakeptero.Fault{PathPrefix: "/api/application/servers", Status: 500})
	_, err := pteropanel.New(nil).Status(ctx(t), request(pn, "boom"))
	if sdk.KindOf(err) != sdk.KindRetryable {
		t.Fatalf("Status on a 500: %v, want retryable", err)
	}
	if !strings.Contains(err.Error(), "HTTP 500") || !strings.Contains(err.Error(), "unexpected error") {
		t.Errorf("the error does not carry the panel's answer: %v", err)
	}
	if n := count(pn.Requests(), "GET /api/application/servers/external/boom"); n != pteropanel.MaxAttempts {
		t.Errorf("sent %d times, want %d", n, pteropanel.MaxAttempts)
	}
}

// A 500 that clears on the second try is not seen by Hostbase.
func TestAPassingServerErrorIsRetriedWithinTheCall(t *testing.T) {
	pn := fakeptero.New(t)
	p := pteropanel.New(nil)
	res := create(t, p, request(pn, "flaky"))
	pn.Inject(fakeptero.Fault{Method: "POST", PathPrefix: "/api/application/servers/" + res.RemoteID + "/suspend", Status: 503, Times: 1})
	r := request(pn, "flaky")
	r.Service.RemoteID = res.RemoteID
	if _, err := p.Suspend(ctx(t), r); err != nil {
		t.Fatalf("Suspend after one 503: %v", err)
	}
	if got := pn.State(res.RemoteID); got != "suspended" {
		t.Errorf("the panel holds %q, want suspended", got)
	}
}

// Malformed JSON from the panel is a clear, retryable error, not a panic.
func TestMalformedJSONIsAClearError(t *testing.T) {
	pn := fakeptero.New(t)
	pn.Inject(fakeptero.Fault{PathPrefix: "/api/application/servers", Status: 200, Body: `{"object":"server","attributes":{"id":`})
	_, err := pteropanel.New(nil).Status(ctx(t), request(pn, "garbled"))
	if err == nil {
		t.Fatal("Status on a truncated answer succeeded")
	}
	if sdk.KindOf(err) != sdk.KindRetryable || !strings.Contains(err.Error(), "not the JSON expected") {
		t.Errorf("Status on a truncated answer: %v, want a retryable error saying the JSON is wrong", err)
	}
	pn.ClearFaults()
	pn.Inject(fakeptero.Fault{PathPrefix: "/api/application/nodes", Status: 200, Body: `<html>Bad gateway</html>`})
	if _, err := pteropanel.New(nil).TestConnection(ctx(t), sdk.ServerRequest{Server: server(pn)}); err == nil || !strings.Contains(err.Error(), "<html>") {
		t.Errorf("TestConnection on an HTML page: %v, want an error quoting it", err)
	}
}

// An error body that is not the panel's shape still gives the status.
func TestAnErrorWithoutTheEnvelopeStillSaysWhat(t *testing.T) {
	pn := fakeptero.New(t)
	pn.Inject(fakeptero.Fault{PathPrefix: "/api/application/servers", Status: 400, Body: `nonsense`})
	_, err := pteropanel.New(nil).Status(ctx(t), request(pn, "odd"))
	if sdk.KindOf(err) != sdk.KindPermanent || !strings.Contains(err.Error(), "HTTP 400") {
		t.Errorf("Status on a bare 400: %v, want permanent with the status", err)
	}
}
