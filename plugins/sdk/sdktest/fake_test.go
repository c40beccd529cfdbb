package sdktest

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// fake is an in-memory panel and its plugin in one, correct unless one of
// its bugs is switched on: the suite's tests prove each check passes it
// healthy and fails it broken.
type fake struct {
	caps sdk.Capabilities
	// buildPolls is how many times Create of a new key answers Pending
	// before the service is ready.
	buildPolls int
	bugs       bugs

	mu      sync.Mutex
	lookups int // racyCreate's lookups of absent keys
	token   string
	byKey   map[string]string
	servers map[string]*fakeServer
	next    int
}

// bugs are the ways a plugin goes wrong that the checks must catch.
type bugs struct {
	nonIdempotent         bool // every Create makes a new server
	racyCreate            bool // looks the key up, then makes the server later, unlocked
	acceptsWrongToken     bool
	wrongTokenRetryable   bool // a wrong token fails, but as retryable
	terminateMissingFails bool // Terminate of a missing server is NotFound
	statusIgnoresRemoval  bool // Status of a removed server still says running
	suspendTwiceFails     bool
	undeclaredSucceeds    bool // optional methods succeed though undeclared
	undeclaredPanics      bool
	negativeUsage         bool
	relativeSSO           bool
	expiredSSO            bool
	pendingForever        bool
	remoteIDChanges       bool // each pending poll reports a new RemoteID
	listWithoutKey        bool
	listKeepsRemoved      bool
	emptyTestMessage      bool
}

type fakeServer struct {
	id, key   string
	state     sdk.State
	polls     int
	removed   bool
	plan      string
	passwords int
}

func newFake(caps sdk.Capabilities) *fake {
	return &fake{caps: caps, token: "s3cret", byKey: map[string]string{}, servers: map[string]*fakeServer{}}
}

func allCaps() sdk.Capabilities {
	return sdk.Capabilities{CheckAvailability: true, Suspend: true, ChangePackage: true, ChangePassword: true,
		Usage: true, ClientActions: true, SingleSignOn: true, ListRemote: true}
}

// panel is the sdktest.Panel for f, with quick polling.
func (f *fake) panel() Panel {
	return Panel{
		Server:               sdk.Server{ID: "srv1", Name: "fake", Config: map[string]string{"region": "eu"}, Credentials: map[string]string{"token": "s3cret"}},
		ProductConfig:        map[string]string{"plan": "small"},
		ChangedProductConfig: map[string]string{"plan": "large"},
		DeleteBehindBack: func(id string) error {
			f.mu.Lock()
			defer f.mu.Unlock()
			if s, ok := f.servers[id]; ok {
				s.removed = true
				return nil
			}
			return fmt.Errorf("no server %s", id)
		},
		PollInterval: time.Millisecond,
		PollTimeout:  200 * time.Millisecond,
		CallTimeout:  5 * time.Second,
	}
}

func (f *fake) Metadata(context.Context) (sdk.Metadata, error) {
	return sdk.Metadata{Name: "fake", Version: "0.1.0", DisplayName: "Fake",
		ServerConfig: []sdk.ConfigField{{Key: "region", Type: sdk.FieldText}, {Key: "token", Type: sdk.FieldText, Secret: true, Required: true}},
		ProductConfig: []sdk.ConfigField{{Key: "plan", Type: sdk.FieldSelect, Required: true,
			Options: []sdk.Option{{Value: "small"}, {Value: "large"}}}},
		Capabilities: f.caps}, nil
}

func (f *fake) auth(s sdk.Server) error {
	if s.Credentials["token"] == f.token || f.bugs.acceptsWrongToken {
		return nil
	}
	if f.bugs.wrongTokenRetryable {
		return sdk.Retryable(fmt.Errorf("401 from panel"))
	}
	return sdk.InvalidConfig("token", "the panel refused the token")
}

func (f *fake) TestConnection(_ context.Context, r sdk.ServerRequest) (string, error) {
	if err := f.auth(r.Server); err != nil {
		return "", err
	}
	if f.bugs.emptyTestMessage {
		return "", nil
	}
	return "Connected to the fake panel", nil
}

// find returns the live server for the service: by RemoteID, else by key.
func (f *fake) find(svc sdk.Service) *fakeServer {
	id := svc.RemoteID
	if id == "" {
		id = f.byKey[svc.IdempotencyKey]
	}
	s, ok := f.servers[id]
	if !ok || (s.removed && !f.bugs.statusIgnoresRemoval) {
		return nil
	}
	return s
}

func (f *fake) newServer(key string) *fakeServer {
	f.next++
	s := &fakeServer{id: fmt.Sprintf("vm-%d", f.next), key: key, state: sdk.StateRunning, plan: "small"}
	f.servers[s.id] = s
	f.byKey[key] = s.id
	return s
}

func (f *fake) Create(_ context.Context, r sdk.ServiceRequest) (sdk.CreateResult, error) {
	if err := f.auth(r.Server); err != nil {
		return sdk.CreateResult{}, err
	}
	if f.bugs.racyCreate {
		f.mu.Lock()
		id, ok := f.byKey[r.Service.IdempotencyKey]
		if !ok {
			f.lookups++
		}
		f.mu.Unlock()
		if ok {
			return sdk.CreateResult{RemoteID: id}, nil
		}
		// The panel's API call, during which another Create looks too:
		// wait (briefly) for one, so that the race happens on any machine.
		for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			f.mu.Lock()
			n := f.lookups
			f.mu.Unlock()
			if n >= 2 {
				break
			}
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		return sdk.CreateResult{RemoteID: f.newServer(r.Service.IdempotencyKey).id}, nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.find(sdk.Service{IdempotencyKey: r.Service.IdempotencyKey})
	if s == nil || f.bugs.nonIdempotent {
		s = f.newServer(r.Service.IdempotencyKey)
	}
	if s.polls < f.buildPolls || f.bugs.pendingForever {
		s.polls++
		id := s.id
		if f.bugs.remoteIDChanges {
			id = fmt.Sprintf("%s-poll%d", s.id, s.polls)
		}
		return sdk.CreateResult{RemoteID: id, Pending: true}, nil
	}
	return sdk.CreateResult{RemoteID: s.id, Hostname: s.id + ".fake.test", Credentials: map[string]string{"password": "pw"}}, nil
}

func (f *fake) Status(_ context.Context, r sdk.ServiceRequest) (sdk.Status, error) {
	if err := f.auth(r.Server); err != nil {
		return sdk.Status{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.find(r.Service)
	if s == nil {
		return sdk.Status{State: sdk.StateMissing}, nil
	}
	if s.polls < f.buildPolls {
		return sdk.Status{State: sdk.StatePending}, nil
	}
	return sdk.Status{State: s.state}, nil
}

func (f *fake) Terminate(_ context.Context, r sdk.ServiceRequest) (sdk.ActionResult, error) {
	if err := f.auth(r.Server); err != nil {
		return sdk.ActionResult{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.find(r.Service)
	if s == nil {
		if f.bugs.terminateMissingFails {
			return sdk.ActionResult{}, sdk.NotFound("no server %q", r.Service.RemoteID)
		}
		return sdk.ActionResult{Message: "already gone"}, nil
	}
	s.removed = true
	delete(f.byKey, s.key)
	return sdk.ActionResult{}, nil
}

// optional answers for an undeclared optional method: nil to go on with
// the method, or what the bugs say to answer.
func (f *fake) optional(declared bool) error {
	switch {
	case declared || f.bugs.undeclaredSucceeds:
		return nil
	case f.bugs.undeclaredPanics:
		panic("TODO: not written yet")
	}
	return sdk.ErrUnsupported
}

// setState is Suspend and Unsuspend.
func (f *fake) setState(r sdk.ServiceRequest, want sdk.State) (sdk.ActionResult, error) {
	if err := f.optional(f.caps.Suspend); err != nil {
		return sdk.ActionResult{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.find(r.Service)
	if s == nil {
		if f.bugs.undeclaredSucceeds {
			return sdk.ActionResult{}, nil
		}
		return sdk.ActionResult{}, sdk.NotFound("no server %q", r.Service.RemoteID)
	}
	if s.state == want && f.bugs.suspendTwiceFails {
		return sdk.ActionResult{}, sdk.Permanent(fmt.Errorf("server is already %s", want))
	}
	s.state = want
	return sdk.ActionResult{}, nil
}

func (f *fake) Suspend(_ context.Context, r sdk.ServiceRequest) (sdk.ActionResult, error) {
	return f.setState(r, sdk.StateSuspended)
}

func (f *fake) Unsuspend(_ context.Context, r sdk.ServiceRequest) (sdk.ActionResult, error) {
	return f.setState(r, sdk.StateRunning)
}

func (f *fake) CheckAvailability(context.Context, sdk.AvailabilityRequest) (sdk.Availability, error) {
	if err := f.optional(f.caps.CheckAvailability); err != nil {
		return sdk.Availability{}, err
	}
	return sdk.Availability{Available: true, Remaining: -1}, nil
}

func (f *fake) ChangePackage(_ context.Context, r sdk.ServiceRequest) (sdk.ActionResult, error) {
	if err := f.optional(f.caps.ChangePackage); err != nil {
		return sdk.ActionResult{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if s := f.find(r.Service); s != nil {
		s.plan = r.Service.ProductConfig["plan"]
	}
	return sdk.ActionResult{}, nil
}

func (f *fake) ChangePassword(_ context.Context, r sdk.ChangePasswordRequest) (sdk.ActionResult, error) {
	if err := f.optional(f.caps.ChangePassword); err != nil {
		return sdk.ActionResult{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if s := f.find(r.Service); s != nil {
		s.passwords++
	}
	return sdk.ActionResult{}, nil
}

func (f *fake) Usage(context.Context, sdk.ServiceRequest) (sdk.Usage, error) {
	if err := f.optional(f.caps.Usage); err != nil {
		return sdk.Usage{}, err
	}
	u := sdk.NoUsage()
	u.DiskUsedBytes, u.DiskLimitBytes = 1<<30, 20<<30
	if f.bugs.negativeUsage {
		u.MemoryUsedBytes = -5
	}
	return u, nil
}

func (f *fake) ClientActions(context.Context, sdk.ServiceRequest) ([]sdk.ClientAction, error) {
	if err := f.optional(f.caps.ClientActions); err != nil {
		return nil, err
	}
	return []sdk.ClientAction{{Key: "reboot", Label: "Reboot"}}, nil
}

func (f *fake) RunClientAction(context.Context, sdk.ClientActionRequest) (sdk.ActionResult, error) {
	if err := f.optional(f.caps.ClientActions); err != nil {
		return sdk.ActionResult{}, err
	}
	return sdk.ActionResult{}, nil
}

func (f *fake) SingleSignOn(context.Context, sdk.ServiceRequest) (sdk.SingleSignOn, error) {
	if err := f.optional(f.caps.SingleSignOn); err != nil {
		return sdk.SingleSignOn{}, err
	}
	sso := sdk.SingleSignOn{URL: "https://panel.fake.test/sso?t=abc", ExpiresAt: time.Now().Add(5 * time.Minute)}
	if f.bugs.relativeSSO {
		sso.URL = "/sso?t=abc"
	}
	if f.bugs.expiredSSO {
		sso.ExpiresAt = time.Now().Add(-time.Minute)
	}
	return sso, nil
}

func (f *fake) ListRemote(context.Context, sdk.ServerRequest) ([]sdk.RemoteResource, error) {
	if err := f.optional(f.caps.ListRemote); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []sdk.RemoteResource
	for _, s := range f.servers {
		if s.removed && !f.bugs.listKeepsRemoved {
			continue
		}
		r := sdk.RemoteResource{RemoteID: s.id, IdempotencyKey: s.key, State: s.state}
		if f.bugs.listWithoutKey {
			r.IdempotencyKey = ""
		}
		out = append(out, r)
	}
	return out, nil
}
