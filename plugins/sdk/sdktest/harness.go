package sdktest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// suite is what a check works with: the plugin, the panel, the plugin's
// metadata, and calls that turn a plugin's panic into an error so that one
// bad method fails its check instead of the whole test binary.
type suite struct {
	t     T
	p     sdk.Provisioner
	panel Panel
	meta  sdk.Metadata
}

func begin(t T, p sdk.Provisioner, panel Panel) *suite {
	t.Helper()
	s := &suite{t: t, p: p, panel: panel.withDefaults()}
	m, err := call(s, "Metadata", func(ctx context.Context) (sdk.Metadata, error) { return p.Metadata(ctx) })
	if err != nil {
		t.Fatalf("Metadata failed: %v", err)
	}
	s.meta = m
	return s
}

// call runs one plugin method within the call timeout, recovering a panic.
func call[R any](s *suite, method string, fn func(ctx context.Context) (R, error)) (r R, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), s.panel.CallTimeout)
	defer cancel()
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%s panicked: %v (a plugin must return an error, e.g. sdk.ErrUnsupported, never panic)", method, v)
		}
	}()
	return fn(ctx)
}

// newKey returns a key no earlier run used, e.g. "sdktest-3f9a…".
func newKey(prefix string) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return prefix + "-" + hex.EncodeToString(b)
}

// newService returns a service that was never created, with a fresh
// idempotency key and the panel's product config.
func (s *suite) newService() sdk.Service {
	key := newKey("sdktest")
	id := key[len("sdktest-"):]
	return sdk.Service{
		ID:             "sdktest-svc-" + id,
		IdempotencyKey: key,
		Hostname:       "sdktest-" + id[:8] + ".example.com",
		Username:       "sdk" + id[:8],
		Domain:         "sdktest-" + id[:8] + ".example.com",
		ProductID:      "sdktest-product",
		ProductName:    "sdktest product",
		ProductConfig:  maps.Clone(s.panel.ProductConfig),
		Credentials:    map[string]string{},
		Customer: sdk.Customer{ID: "sdktest-customer", Email: "sdktest@example.com", FirstName: "Sdk",
			LastName: "Test", Country: "DE"},
	}
}

// server returns a copy of the panel's server, so that a plugin changing
// its request's maps cannot change the next request.
func (s *suite) server() sdk.Server {
	srv := s.panel.Server
	srv.Config = maps.Clone(srv.Config)
	srv.Credentials = maps.Clone(srv.Credentials)
	if srv.Config == nil {
		srv.Config = map[string]string{}
	}
	if srv.Credentials == nil {
		srv.Credentials = map[string]string{}
	}
	return srv
}

func (s *suite) serverRequest() sdk.ServerRequest {
	return sdk.ServerRequest{Server: s.server(), CallKey: newKey("sdktest-call")}
}

func (s *suite) request(svc sdk.Service, callKey string) sdk.ServiceRequest {
	svc.ProductConfig = maps.Clone(svc.ProductConfig)
	svc.Credentials = maps.Clone(svc.Credentials)
	return sdk.ServiceRequest{Server: s.server(), Service: svc, CallKey: callKey, Reason: "sdktest conformance check"}
}

// action calls one of the ActionResult methods by name.
func (s *suite) action(method string, svc sdk.Service) (sdk.ActionResult, error) {
	req := s.request(svc, newKey("sdktest-call"))
	fns := map[string]func(context.Context, sdk.ServiceRequest) (sdk.ActionResult, error){
		"Suspend": s.p.Suspend, "Unsuspend": s.p.Unsuspend, "Terminate": s.p.Terminate, "ChangePackage": s.p.ChangePackage,
	}
	return call(s, method, func(ctx context.Context) (sdk.ActionResult, error) { return fns[method](ctx, req) })
}

func (s *suite) status(svc sdk.Service) (sdk.Status, error) {
	req := s.request(svc, newKey("sdktest-call"))
	return call(s, "Status", func(ctx context.Context) (sdk.Status, error) { return s.p.Status(ctx, req) })
}

func (s *suite) listRemote() ([]sdk.RemoteResource, error) {
	req := s.serverRequest()
	return call(s, "ListRemote", func(ctx context.Context) ([]sdk.RemoteResource, error) { return s.p.ListRemote(ctx, req) })
}

// maxRetryable is how many retryable failures in a row a Create may give
// before the suite calls it broken (Hostbase would keep retrying).
const maxRetryable = 5

// create calls Create as Hostbase does: again while it reports Pending,
// and again after a retryable failure, with the same call key, until it
// finishes or PollTimeout passes. It returns an error rather than failing
// the test so that it can run on several goroutines.
func (s *suite) create(svc sdk.Service) (sdk.CreateResult, error) {
	callKey := newKey("sdktest-call")
	deadline := time.Now().Add(s.panel.PollTimeout)
	var firstID string
	retryable := 0
	for {
		req := s.request(svc, callKey)
		res, err := call(s, "Create", func(ctx context.Context) (sdk.CreateResult, error) { return s.p.Create(ctx, req) })
		if err != nil {
			e := sdk.AsError(err)
			if e.Kind != sdk.KindRetryable || retryable >= maxRetryable || time.Now().After(deadline) {
				return res, fmt.Errorf("Create failed (%s): %v", e.Kind, err)
			}
			retryable++
			s.t.Logf("Create failed with a retryable error, trying again as Hostbase would: %v", err)
			time.Sleep(max(s.panel.PollInterval, min(e.RetryAfter, 5*time.Second)))
			continue
		}
		retryable = 0
		if res.RemoteID != "" {
			if firstID == "" {
				firstID = res.RemoteID
			} else if res.RemoteID != firstID {
				return res, fmt.Errorf("Create returned RemoteID %q, then %q on a later poll of the same service: "+
					"a RemoteID, once reported, must not change", firstID, res.RemoteID)
			}
		}
		if !res.Pending {
			if res.RemoteID == "" {
				return res, fmt.Errorf("Create finished (Pending false) without a RemoteID: Hostbase needs the panel's id to manage the service")
			}
			return res, nil
		}
		if time.Now().After(deadline) {
			return res, fmt.Errorf("Create still reports Pending after %s of polling: a build must finish or fail "+
				"(raise Panel.PollTimeout if the test panel is slow)", s.panel.PollTimeout)
		}
		time.Sleep(s.panel.PollInterval)
	}
}

// mustCreate creates svc, fails the check if it cannot, and terminates it
// when the check ends. It fills in svc's RemoteID and Credentials as
// Hostbase does after a Create.
func (s *suite) mustCreate(svc *sdk.Service) sdk.CreateResult {
	s.t.Helper()
	s.cleanupTerminate(svc)
	res, err := s.create(*svc)
	if err != nil {
		s.t.Fatalf("%v", err)
	}
	svc.RemoteID = res.RemoteID
	svc.Credentials = maps.Clone(res.Credentials)
	return res
}

// cleanupTerminate terminates svc when the check ends, so that the test
// panel does not fill up; a failure is logged, since the checks on
// Terminate report it.
func (s *suite) cleanupTerminate(svc *sdk.Service) {
	s.t.Cleanup(func() {
		if _, err := s.action("Terminate", *svc); err != nil {
			s.t.Logf("cleanup: Terminate of %s (remote %q) failed, remove it from the test panel by hand: %v",
				svc.IdempotencyKey, svc.RemoteID, err)
		}
	})
}

// stateOf is Status's state, counting a NotFound failure as missing.
func (s *suite) stateOf(svc sdk.Service) (sdk.State, error) {
	st, err := s.status(svc)
	if sdk.IsNotFound(err) {
		return sdk.StateMissing, nil
	}
	if err != nil {
		return "", err
	}
	return st.State, nil
}

// waitState polls Status until it says want. It keeps polling while
// Status says pending, or on any state when the action that led here
// reported Pending; otherwise the state must already be right.
func (s *suite) waitState(svc sdk.Service, actionPending bool, want sdk.State, after string) {
	s.t.Helper()
	deadline := time.Now().Add(s.panel.PollTimeout)
	for {
		state, err := s.stateOf(svc)
		if err != nil {
			s.t.Fatalf("Status after %s failed: %v", after, err)
		}
		if state == want {
			return
		}
		if state != sdk.StatePending && !actionPending {
			s.t.Fatalf("Status after %s says %q, want %q (if the panel finishes later, report Pending from the action "+
				"or StatePending from Status until it has)", after, state, want)
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("Status after %s still says %q after %s of polling, want %q", after, state, s.panel.PollTimeout, want)
		}
		time.Sleep(s.panel.PollInterval)
	}
}

// madeUpService is a service that was never created: a fresh key and a
// RemoteID the panel never gave.
func (s *suite) madeUpService() sdk.Service {
	svc := s.newService()
	svc.RemoteID = newKey("sdktest-never-created")
	return svc
}
