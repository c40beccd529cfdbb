package sdk

import (
	"context"
	"errors"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"

	pb "github.com/ezscale/hostbase/plugins/proto"
)

// scripted is a Provisioner that records each request and answers with
// canned results, or with err when set.
type scripted struct {
	err       error
	server    ServerRequest
	avail     AvailabilityRequest
	service   ServiceRequest
	password  ChangePasswordRequest
	action    ClientActionRequest
	meta      Metadata
	create    CreateResult
	result    ActionResult
	status    Status
	usage     Usage
	actions   []ClientAction
	sso       SingleSignOn
	resources []RemoteResource
	available Availability
}

func (s *scripted) Metadata(context.Context) (Metadata, error) { return s.meta, s.err }
func (s *scripted) TestConnection(_ context.Context, r ServerRequest) (string, error) {
	s.server = r
	return "connected", s.err
}
func (s *scripted) CheckAvailability(_ context.Context, r AvailabilityRequest) (Availability, error) {
	s.avail = r
	return s.available, s.err
}
func (s *scripted) Create(_ context.Context, r ServiceRequest) (CreateResult, error) {
	s.service = r
	return s.create, s.err
}
func (s *scripted) act(r ServiceRequest) (ActionResult, error) { s.service = r; return s.result, s.err }
func (s *scripted) Suspend(_ context.Context, r ServiceRequest) (ActionResult, error) {
	return s.act(r)
}
func (s *scripted) Unsuspend(_ context.Context, r ServiceRequest) (ActionResult, error) {
	return s.act(r)
}
func (s *scripted) Terminate(_ context.Context, r ServiceRequest) (ActionResult, error) {
	return s.act(r)
}
func (s *scripted) ChangePackage(_ context.Context, r ServiceRequest) (ActionResult, error) {
	return s.act(r)
}
func (s *scripted) ChangePassword(_ context.Context, r ChangePasswordRequest) (ActionResult, error) {
	s.password = r
	return s.result, s.err
}
func (s *scripted) Status(_ context.Context, r ServiceRequest) (Status, error) {
	s.service = r
	return s.status, s.err
}
func (s *scripted) Usage(_ context.Context, r ServiceRequest) (Usage, error) {
	s.service = r
	return s.usage, s.err
}
func (s *scripted) ClientActions(_ context.Context, r ServiceRequest) ([]ClientAction, error) {
	s.service = r
	return s.actions, s.err
}
func (s *scripted) RunClientAction(_ context.Context, r ClientActionRequest) (ActionResult, error) {
	s.action = r
	return s.result, s.err
}
func (s *scripted) SingleSignOn(_ context.Context, r ServiceRequest) (SingleSignOn, error) {
	s.service = r
	return s.sso, s.err
}
func (s *scripted) ListRemote(_ context.Context, r ServerRequest) ([]RemoteResource, error) {
	s.server = r
	return s.resources, s.err
}

// overWire serves impl on an in-memory connection and returns the client
// Hostbase would use.
func overWire(t *testing.T, impl Provisioner) Provisioner {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	srv := grpc.NewServer()
	pb.RegisterProvisionerServer(srv, &grpcServer{impl: impl})
	go func() { _ = srv.Serve(lis) }()
	conn, err := grpc.NewClient("passthrough:///bufconn",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.Close()
		srv.Stop()
	})
	return NewClient(pb.NewProvisionerClient(conn))
}

func sampleRequest() ServiceRequest {
	return ServiceRequest{
		Server: Server{ID: "srv1", Name: "Amsterdam", Endpoint: "https://panel.example",
			Config: map[string]string{"location": "ams"}, Credentials: map[string]string{"token": "t0k"}},
		Service: Service{ID: "svc1", IdempotencyKey: "hostbase-svc1", RemoteID: "vm-7", Hostname: "h.example",
			Username: "u1", Domain: "d.example", ProductID: "p1", ProductName: "VPS S",
			ProductConfig: map[string]string{"plan": "s"}, Credentials: map[string]string{"root": "pw"},
			Customer: Customer{ID: "c1", Email: "a@example.com", FirstName: "Ada", LastName: "L", Company: "Co", Country: "DE"}},
		CallKey: "job-1",
		Reason:  "Overdue invoice 2026-0042",
	}
}

func TestWireCarriesRequestsAndResults(t *testing.T) {
	ctx := context.Background()
	impl := &scripted{
		meta: Metadata{Name: "x", Version: "1", DisplayName: "X", Description: "d",
			ServerConfig: []ConfigField{{Key: "token", Label: "Token", Help: "h", Type: FieldText, Required: true, Secret: true, Pattern: "[a-z]+"}},
			ProductConfig: []ConfigField{{Key: "plan", Type: FieldSelect, Default: "s", Options: []Option{{"s", "Small"}}},
				{Key: "mem", Type: FieldNumber, Min: Int64(0), Max: Int64(64)}, {Key: "b", Type: FieldBool}, {Key: "u", Type: FieldURL}, {Key: "n", Type: FieldTextarea}},
			Capabilities: Capabilities{Suspend: true, Usage: true, ListRemote: true}},
		create: CreateResult{RemoteID: "vm-7", Hostname: "h", IP: "192.0.2.1", ExtraIPs: []string{"192.0.2.2"}, Username: "root",
			Credentials: map[string]string{"root_password": "x"}, Pending: true, Message: "building"},
		result:    ActionResult{Message: "done", Pending: true, Credentials: map[string]string{"root_password": "r00t-New"}},
		status:    Status{State: StateSuspended, Detail: "d", Hostname: "h", IP: "192.0.2.1"},
		usage:     Usage{1, 2, 3, 4, 5, 6, Unreported, time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)},
		actions:   []ClientAction{{Key: "reinstall", Label: "Reinstall", Confirm: "Sure?", Dangerous: true, Params: []ConfigField{{Key: "os", Type: FieldSelect, Options: []Option{{"deb", "Debian"}}}}}},
		sso:       SingleSignOn{URL: "https://p/login", ExpiresAt: time.Date(2026, 3, 1, 10, 5, 0, 0, time.UTC)},
		resources: []RemoteResource{{RemoteID: "vm-7", Name: "n", IdempotencyKey: "k", State: StateRunning, Hostname: "h", IP: "i"}},
		available: Availability{Available: false, Reason: "full", Remaining: 0},
	}
	p := overWire(t, impl)
	req := sampleRequest()

	if m, err := p.Metadata(ctx); err != nil || !reflect.DeepEqual(m, impl.meta) {
		t.Errorf("Metadata: %+v, %v; want %+v", m, err, impl.meta)
	}
	if msg, err := p.TestConnection(ctx, ServerRequest{Server: req.Server, CallKey: "k"}); err != nil || msg != "connected" ||
		!reflect.DeepEqual(impl.server, ServerRequest{Server: req.Server, CallKey: "k"}) {
		t.Errorf("TestConnection: %q, %v; the plugin got %+v", msg, err, impl.server)
	}
	areq := AvailabilityRequest{Server: req.Server, ProductConfig: map[string]string{"plan": "s"}, CallKey: "k"}
	if a, err := p.CheckAvailability(ctx, areq); err != nil || a != impl.available || !reflect.DeepEqual(impl.avail, areq) {
		t.Errorf("CheckAvailability: %+v, %v; the plugin got %+v", a, err, impl.avail)
	}
	if c, err := p.Create(ctx, req); err != nil || !reflect.DeepEqual(c, impl.create) || !reflect.DeepEqual(impl.service, req) {
		t.Errorf("Create: %+v, %v; the plugin got %+v", c, err, impl.service)
	}
	for name, fn := range map[string]func(context.Context, ServiceRequest) (ActionResult, error){
		"Suspend": p.Suspend, "Unsuspend": p.Unsuspend, "Terminate": p.Terminate, "ChangePackage": p.ChangePackage,
	} {
		impl.service = ServiceRequest{}
		if a, err := fn(ctx, req); err != nil || !reflect.DeepEqual(a, impl.result) || !reflect.DeepEqual(impl.service, req) {
			t.Errorf("%s: %+v, %v; the plugin got %+v", name, a, err, impl.service)
		}
	}
	if st, err := p.Status(ctx, req); err != nil || st != impl.status {
		t.Errorf("Status: %+v, %v", st, err)
	}
	if u, err := p.Usage(ctx, req); err != nil || u != impl.usage {
		t.Errorf("Usage: %+v, %v; want %+v", u, err, impl.usage)
	}
	if acts, err := p.ClientActions(ctx, req); err != nil || !reflect.DeepEqual(acts, impl.actions) {
		t.Errorf("ClientActions: %+v, %v", acts, err)
	}
	if sso, err := p.SingleSignOn(ctx, req); err != nil || sso != impl.sso {
		t.Errorf("SingleSignOn: %+v, %v", sso, err)
	}
	if list, err := p.ListRemote(ctx, ServerRequest{Server: req.Server}); err != nil || !reflect.DeepEqual(list, impl.resources) {
		t.Errorf("ListRemote: %+v, %v", list, err)
	}

	// ChangePassword and RunClientAction arrive whole, reason included.
	pw := ChangePasswordRequest{ServiceRequest: req, Password: "n3w"}
	if _, err := p.ChangePassword(ctx, pw); err != nil || !reflect.DeepEqual(impl.password, pw) {
		t.Errorf("ChangePassword: %v; the plugin got %+v", err, impl.password)
	}
	run := ClientActionRequest{ServiceRequest: req, Action: "reinstall", Params: map[string]string{"os": "deb"}}
	if _, err := p.RunClientAction(ctx, run); err != nil || !reflect.DeepEqual(impl.action, run) {
		t.Errorf("RunClientAction: %v; the plugin got %+v", err, impl.action)
	}
}

func TestWireGivesEmptyMapsForMissingOnes(t *testing.T) {
	impl := &scripted{}
	p := overWire(t, impl)
	if _, err := p.Create(context.Background(), ServiceRequest{}); err != nil {
		t.Fatal(err)
	}
	s := impl.service
	if s.Server.Config == nil || s.Server.Credentials == nil || s.Service.ProductConfig == nil || s.Service.Credentials == nil {
		t.Errorf("the plugin got nil maps: %+v", s)
	}
}

func TestWireCarriesErrorKinds(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want Error
	}{
		{"retryable", Retryable(errors.New("panel 503")), Error{Kind: KindRetryable, Message: "panel 503"}},
		{"retry after", RetryableAfter(errors.New("429"), 90*time.Second), Error{Kind: KindRetryable, Message: "429", RetryAfter: 90 * time.Second}},
		{"untyped", errors.New("boom"), Error{Kind: KindRetryable, Message: "boom"}},
		{"permanent", Permanent(errors.New("refused")), Error{Kind: KindPermanent, Message: "refused"}},
		{"out of capacity", OutOfCapacity("no %d GB nodes", 64), Error{Kind: KindPermanent, Reason: ReasonOutOfCapacity, Message: "no 64 GB nodes"}},
		{"invalid config", InvalidConfig("token", "refused"), Error{Kind: KindInvalidConfig, Field: "token", Message: "refused"}},
		{"not found", NotFound("no vm %d", 7), Error{Kind: KindNotFound, Message: "no vm 7"}},
		{"unsupported", ErrUnsupported, Error{Kind: KindUnsupported, Message: "not supported by this plugin"}},
		{"wrapped", errors.Join(errors.New("ctx"), InvalidConfig("plan", "unknown")), Error{Kind: KindInvalidConfig, Field: "plan", Message: "unknown"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := overWire(t, &scripted{err: c.err})
			_, err := p.Terminate(context.Background(), ServiceRequest{})
			var got *Error
			if !errors.As(err, &got) {
				t.Fatalf("the host got %T %v, want an *sdk.Error", err, err)
			}
			got.Err = nil
			if *got != c.want {
				t.Errorf("the host got %+v, want %+v", *got, c.want)
			}
		})
	}
}

func TestWireDeadlineIsRetryable(t *testing.T) {
	p := overWire(t, &scripted{err: context.DeadlineExceeded})
	_, err := p.Status(context.Background(), ServiceRequest{})
	if KindOf(err) != KindRetryable {
		t.Errorf("a plugin's deadline came back as %s (%v), want retryable", KindOf(err), err)
	}
}

// TestStatusWithoutDetail is a plugin in another language that sets only
// the gRPC code.
func TestStatusWithoutDetail(t *testing.T) {
	for code, want := range map[codes.Code]ErrorKind{
		codes.Unavailable: KindRetryable, codes.Internal: KindRetryable, codes.ResourceExhausted: KindRetryable,
		codes.DeadlineExceeded: KindRetryable, codes.FailedPrecondition: KindPermanent, codes.InvalidArgument: KindInvalidConfig,
		codes.Unauthenticated: KindInvalidConfig, codes.NotFound: KindNotFound, codes.Unimplemented: KindUnsupported,
	} {
		if got := KindOf(fromStatus(status.Error(code, "x"))); got != want {
			t.Errorf("gRPC %s came back as %s, want %s", code, got, want)
		}
	}
}

// A panic in a plugin's method is answered as a retryable error instead of
// ending the plugin.
func TestAPanicInAMethodIsARetryableError(t *testing.T) {
	info := &grpc.UnaryServerInfo{FullMethod: "/hostbase.provisioner.v1.Provisioner/Create"}
	_, err := recoverPanics(context.Background(), nil, info, func(context.Context, any) (any, error) { panic("nil map") })
	e := AsError(fromStatus(err))
	if e == nil || e.Kind != KindRetryable || !strings.Contains(e.Message, "nil map") {
		t.Fatalf("a panicking method answered %v, want a retryable error naming the panic", err)
	}
}

// A call's log line names the method and its outcome: Warn with the error
// when it failed, the caller's level otherwise.
func TestLogCallWritesOneLinePerOutcome(t *testing.T) {
	var buf strings.Builder
	log := hclog.New(&hclog.LoggerOptions{Output: &buf, Level: hclog.Debug})
	LogCall(log, hclog.Info, "create", time.Now(), nil, "service", "svc1")
	LogCall(log, hclog.Info, "suspend", time.Now(), errors.New("panel down"), "service", "svc1")
	out := buf.String()
	if !strings.Contains(out, "[INFO]  create: service=svc1 took=") || !strings.Contains(out, "[WARN]  suspend failed: service=svc1 took=") ||
		!strings.Contains(out, `error="panel down"`) {
		t.Fatalf("log lines:\n%s", out)
	}
}
