// Package host runs Hostbase's provisioner plugins. It finds the
// hostbase-provisioner-* executables in a directory, starts each as a child
// process on first use (hashicorp/go-plugin over gRPC) and hands out
// sdk.Provisioner values that restart a dead child, bound each call with a
// timeout and each plugin with a concurrency limit, and refuse the optional
// methods a plugin does not declare. Plugin logs go to the app's log.
//
//	h := host.New(host.Config{Logger: app.Logger()})
//	defer h.Close()
//	p, err := h.Provisioner("virtfusion")
//	if err != nil { … }
//	res, err := p.Create(ctx, req) // err is an *sdk.Error: retry or not by its Kind
package host

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Config tunes a Host. The zero value is usable.
type Config struct {
	// Dir is where the hostbase-provisioner-* executables live; "" means
	// DefaultDir().
	Dir string
	// CallTimeout bounds each call, including the wait for a free slot and
	// a restart; an earlier deadline on the caller's context wins. Default 30s.
	CallTimeout time.Duration
	// StartTimeout bounds starting a plugin: process, handshake, ping and
	// Metadata. Default 10s.
	StartTimeout time.Duration
	// MaxConcurrent is how many calls may be in flight per plugin; more
	// wait their turn (or their context). Default 16.
	MaxConcurrent int
	// AutoMTLS has go-plugin negotiate mutual TLS on the local connection.
	// Off by default: it adds roughly 150 ms to every start and the
	// connection is a Unix socket readable only by Hostbase's user.
	AutoMTLS bool
	// Logger receives the plugins' logs, each record with plugin=<name> and
	// the level the plugin gave it. Default slog.Default().
	Logger *slog.Logger
	// Checksums optionally pins the sha256 of a plugin's executable, by
	// plugin name; a plugin whose file does not match is refused.
	Checksums map[string][]byte
}

const (
	defaultCallTimeout   = 30 * time.Second
	defaultStartTimeout  = 10 * time.Second
	defaultMaxConcurrent = 16
)

// Registry is what Hostbase's provisioning code depends on: *Host runs
// plugins as processes, InProcess runs implementations in this process.
type Registry interface {
	// Names lists the plugins the registry knows, sorted.
	Names() ([]string, error)
	Metadata(ctx context.Context, name string) (sdk.Metadata, error)
	Provisioner(name string) (sdk.Provisioner, error)
}

var _ Registry = (*Host)(nil)

// Host starts and supervises the plugins of one directory. Its methods are
// safe for concurrent use. Close it on shutdown.
type Host struct {
	cfg Config

	mu       sync.Mutex
	children map[string]*child
	closed   bool
}

// New returns a Host for cfg, with defaults filled in. It starts nothing:
// each plugin starts on its first use.
func New(cfg Config) *Host {
	if cfg.Dir == "" {
		cfg.Dir = DefaultDir()
	}
	if abs, err := filepath.Abs(cfg.Dir); err == nil {
		cfg.Dir = abs
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = defaultCallTimeout
	}
	if cfg.StartTimeout <= 0 {
		cfg.StartTimeout = defaultStartTimeout
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = defaultMaxConcurrent
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Host{cfg: cfg, children: map[string]*child{}}
}

// DefaultDir is $HOSTBASE_PLUGINS_DIR if set, else the "plugins" directory
// beside the running executable (bin/hostbase looks in bin/plugins).
func DefaultDir() string {
	if dir := os.Getenv("HOSTBASE_PLUGINS_DIR"); dir != "" {
		return dir
	}
	exe, err := os.Executable()
	if err != nil {
		return "plugins"
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	return filepath.Join(filepath.Dir(exe), "plugins")
}

// Dir is the directory the host looks in.
func (h *Host) Dir() string { return h.cfg.Dir }

// Metadata returns the plugin's metadata, starting it if it never ran;
// after the first successful start it is answered from memory.
func (h *Host) Metadata(ctx context.Context, name string) (sdk.Metadata, error) {
	c, err := h.child(name)
	if err != nil {
		return sdk.Metadata{}, err
	}
	return c.metadata(ctx)
}

// Provisioner returns the plugin called name, or an error when Dir has no
// such executable. Nothing starts until the first call.
func (h *Host) Provisioner(name string) (sdk.Provisioner, error) {
	c, err := h.child(name)
	if err != nil {
		return nil, err
	}
	return provisioner{c}, nil
}

// Pid is the process id of the plugin's running child, 0 if none runs.
// It is meant for tests and diagnostics.
func (h *Host) Pid(name string) int {
	h.mu.Lock()
	c := h.children[name]
	h.mu.Unlock()
	if c == nil {
		return 0
	}
	return c.pid()
}

// Close stops every plugin process and waits for each to be gone. Calls
// after Close fail with a retryable error. Closing twice is harmless.
func (h *Host) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	children := make([]*child, 0, len(h.children))
	for _, c := range h.children {
		children = append(children, c)
	}
	h.mu.Unlock()

	var wg sync.WaitGroup
	for _, c := range children {
		wg.Go(c.close)
	}
	wg.Wait()
	return nil
}

// child returns the supervisor of the plugin called name, creating it if
// the executable exists.
func (h *Host) child(name string) (*child, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, errClosed
	}
	if c, ok := h.children[name]; ok {
		return c, nil
	}
	path, err := h.executable(name)
	if err != nil {
		return nil, err
	}
	c := newChild(name, path, &h.cfg)
	h.children[name] = c
	return c, nil
}
