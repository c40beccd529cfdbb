// Package memprov is an in-memory provisioner for the plugin host's tests
// and benchmarks. The same code runs in-process and, through
// testdata/testplugin, as a plugin process, so the two can be compared.
//
// Its behaviour is steered by the server config of each call:
//
//	sleep_ms=N          Create, Status and Suspend wait N ms (or until cancelled)
//	ignore_cancel=true  ... and keep waiting after cancellation, like a hung panel
//	crash=true          Create and Status end the process mid-call
//	log=MSG             Create logs MSG (at log_level, default info) to stderr
//	print_env=NAME      TestConnection answers "NAME=<value>"
//	report=max_in_flight|calls  TestConnection answers the count asked for
package memprov

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Provisioner keeps services in a map. It declares Suspend but not Usage,
// and implements both, so a test can tell that the host refused Usage
// without calling it.
type Provisioner struct {
	sdk.Unsupported
	name string

	mu       sync.RWMutex
	services map[string]sdk.Status // by RemoteID

	inFlight, maxInFlight atomic.Int64
	callsMu               sync.Mutex
	calls                 map[string]int

	logOnce sync.Once
	log     hclog.Logger
}

// New returns an empty provisioner that calls itself name.
func New(name string) *Provisioner {
	return &Provisioner{name: name, services: map[string]sdk.Status{}, calls: map[string]int{}}
}

// Calls returns how many times each method ran.
func (p *Provisioner) Calls() map[string]int {
	p.callsMu.Lock()
	defer p.callsMu.Unlock()
	out := make(map[string]int, len(p.calls))
	for k, v := range p.calls {
		out[k] = v
	}
	return out
}

// enter counts a call in and returns the function that counts it out.
func (p *Provisioner) enter(method string) func() {
	n := p.inFlight.Add(1)
	for {
		top := p.maxInFlight.Load()
		if n <= top || p.maxInFlight.CompareAndSwap(top, n) {
			break
		}
	}
	p.callsMu.Lock()
	p.calls[method]++
	p.callsMu.Unlock()
	return func() { p.inFlight.Add(-1) }
}

// behave applies the steering keys shared by the slow methods.
func (p *Provisioner) behave(ctx context.Context, s sdk.Server) error {
	if s.Config["crash"] == "true" {
		os.Exit(3)
	}
	ms, _ := strconv.Atoi(s.Config["sleep_ms"])
	if ms <= 0 {
		return nil
	}
	if s.Config["ignore_cancel"] == "true" {
		time.Sleep(time.Duration(ms) * time.Millisecond)
		return nil
	}
	select {
	case <-time.After(time.Duration(ms) * time.Millisecond):
		return nil
	case <-ctx.Done():
		return sdk.Retryable(ctx.Err())
	}
}

// logger is created on first use, after sdk.Serve has taken over stderr, so
// its lines travel the way a plugin author's would.
func (p *Provisioner) logger() hclog.Logger {
	p.logOnce.Do(func() { p.log = sdk.Logger() })
	return p.log
}

func (p *Provisioner) Metadata(context.Context) (sdk.Metadata, error) {
	return sdk.Metadata{
		Name: p.name, Version: "1.2.3", DisplayName: "In-memory test panel",
		ServerConfig: []sdk.ConfigField{
			{Key: "sleep_ms", Label: "Sleep (ms)", Type: sdk.FieldNumber},
			{Key: "ignore_cancel", Label: "Ignore cancellation", Type: sdk.FieldBool},
			{Key: "crash", Label: "Crash", Type: sdk.FieldBool},
			{Key: "log", Label: "Log line", Type: sdk.FieldText},
			{Key: "log_level", Label: "Log level", Type: sdk.FieldText},
			{Key: "print_env", Label: "Print env var", Type: sdk.FieldText},
			{Key: "report", Label: "Report", Type: sdk.FieldText},
		},
		Capabilities: sdk.Capabilities{Suspend: true},
	}, nil
}

func (p *Provisioner) TestConnection(_ context.Context, r sdk.ServerRequest) (string, error) {
	defer p.enter("TestConnection")()
	if name := r.Server.Config["print_env"]; name != "" {
		return name + "=" + os.Getenv(name), nil
	}
	switch r.Server.Config["report"] {
	case "max_in_flight":
		return strconv.FormatInt(p.maxInFlight.Load(), 10), nil
	case "calls":
		b, err := json.Marshal(p.Calls())
		return string(b), err
	}
	return "connected to memory", nil
}

func (p *Provisioner) Create(ctx context.Context, r sdk.ServiceRequest) (sdk.CreateResult, error) {
	defer p.enter("Create")()
	if msg := r.Server.Config["log"]; msg != "" {
		p.logger().Log(hclog.LevelFromString(r.Server.Config["log_level"]), msg, "service", r.Service.ID)
	}
	if err := p.behave(ctx, r.Server); err != nil {
		return sdk.CreateResult{}, err
	}
	id := "mem-" + r.Service.IdempotencyKey
	p.mu.Lock()
	p.services[id] = sdk.Status{State: sdk.StateRunning, Hostname: r.Service.Hostname, IP: "192.0.2.10"}
	p.mu.Unlock()
	return sdk.CreateResult{RemoteID: id, Hostname: r.Service.Hostname, IP: "192.0.2.10"}, nil
}

func (p *Provisioner) Status(ctx context.Context, r sdk.ServiceRequest) (sdk.Status, error) {
	defer p.enter("Status")()
	if err := p.behave(ctx, r.Server); err != nil {
		return sdk.Status{}, err
	}
	p.mu.RLock()
	st, ok := p.services[r.Service.RemoteID]
	p.mu.RUnlock()
	if !ok {
		return sdk.Status{State: sdk.StateMissing}, nil
	}
	return st, nil
}

func (p *Provisioner) Suspend(ctx context.Context, r sdk.ServiceRequest) (sdk.ActionResult, error) {
	defer p.enter("Suspend")()
	if err := p.behave(ctx, r.Server); err != nil {
		return sdk.ActionResult{}, err
	}
	return p.setState(r.Service.RemoteID, sdk.StateSuspended)
}

func (p *Provisioner) Unsuspend(_ context.Context, r sdk.ServiceRequest) (sdk.ActionResult, error) {
	defer p.enter("Unsuspend")()
	return p.setState(r.Service.RemoteID, sdk.StateRunning)
}

func (p *Provisioner) Terminate(_ context.Context, r sdk.ServiceRequest) (sdk.ActionResult, error) {
	defer p.enter("Terminate")()
	p.mu.Lock()
	delete(p.services, r.Service.RemoteID)
	p.mu.Unlock()
	return sdk.ActionResult{Message: "terminated"}, nil
}

func (p *Provisioner) setState(id string, state sdk.State) (sdk.ActionResult, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.services[id]
	if !ok {
		return sdk.ActionResult{}, sdk.NotFound("no service %q", id)
	}
	st.State = state
	p.services[id] = st
	return sdk.ActionResult{Message: string(state)}, nil
}

// Usage is implemented but not declared: the host must never call it.
func (p *Provisioner) Usage(context.Context, sdk.ServiceRequest) (sdk.Usage, error) {
	defer p.enter("Usage")()
	return sdk.NoUsage(), nil
}

var _ sdk.Provisioner = (*Provisioner)(nil)
