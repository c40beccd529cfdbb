package host

import (
	"context"
	"crypto/sha256"
	"io"
	"log/slog"
	"os/exec"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/health/grpc_health_v1"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// child supervises one plugin: at most one process at a time, started on
// first use and again after it died.
type child struct {
	name, path string
	cfg        *Config
	log        *slog.Logger
	// slots holds a token per call in flight (MaxConcurrent of them).
	slots chan struct{}
	// lock guards the fields below and is held while a process starts or
	// stops; a channel so that waiting for it respects a context.
	lock    chan struct{}
	proc    *process
	meta    sdk.Metadata
	hasMeta bool
	closed  bool
	// suspect is set when a call lost its connection: the next call pings
	// the process before trusting it.
	suspect atomic.Bool
}

// process is one running plugin child.
type process struct {
	client *goplugin.Client
	cmd    *exec.Cmd
	conn   *grpc.ClientConn
	prov   sdk.Provisioner
}

const (
	// pingTimeout bounds the health check of a process we doubt.
	pingTimeout = 2 * time.Second
	// stopTimeout bounds go-plugin's cleanup after the process was killed;
	// only a grandchild holding the plugin's stderr open could need it.
	stopTimeout = 5 * time.Second
)

// quietLogger stops go-plugin from parsing plugin stderr itself (it would
// panic on a JSON line whose @message is not a string) and from logging its
// own chatter; the host logs what matters.
var quietLogger = hclog.New(&hclog.LoggerOptions{Level: hclog.Off, Output: io.Discard})

func newChild(name, path string, cfg *Config) *child {
	return &child{name: name, path: path, cfg: cfg, log: cfg.Logger.With("plugin", name),
		slots: make(chan struct{}, cfg.MaxConcurrent), lock: make(chan struct{}, 1)}
}

func (c *child) acquire(ctx context.Context) error {
	select {
	case c.lock <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *child) release() { <-c.lock }

// live returns a running, answering process and the plugin's metadata,
// starting one if needed.
func (c *child) live(ctx context.Context) (*process, sdk.Metadata, error) {
	if err := c.acquire(ctx); err != nil {
		return nil, sdk.Metadata{}, err
	}
	defer c.release()
	if c.closed {
		return nil, sdk.Metadata{}, errClosed
	}
	if p := c.proc; p != nil {
		if c.healthy(p) {
			return p, c.meta, nil
		}
		c.log.Warn("plugin process exited or stopped answering; starting a new one", "pid", p.cmd.Process.Pid)
		p.stop()
		c.proc = nil
	}
	p, meta, err := c.start()
	if err != nil {
		c.log.Error("plugin did not start", "error", err)
		return nil, sdk.Metadata{}, err
	}
	c.proc, c.meta, c.hasMeta = p, meta, true
	return p, meta, nil
}

// healthy reports whether p can take calls. A connection that is Ready
// after no lost call is trusted as is; anything else must answer a ping
// (go-plugin's health check), so a dead child is caught before reuse.
func (c *child) healthy(p *process) bool {
	if p.client.Exited() {
		return false
	}
	if !c.suspect.Swap(false) && p.conn.GetState() == connectivity.Ready {
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), pingTimeout)
	defer cancel()
	return ping(ctx, p.conn) == nil
}

// ping is go-plugin's ClientProtocol.Ping with a deadline: that one waits
// forever on a process that is stopped but not dead.
func ping(ctx context.Context, conn *grpc.ClientConn) error {
	_, err := grpc_health_v1.NewHealthClient(conn).Check(ctx, &grpc_health_v1.HealthCheckRequest{Service: goplugin.GRPCServiceName})
	return err
}

// start runs a new process and checks it: handshake, ping, and metadata
// whose name matches the file's, all within StartTimeout.
func (c *child) start() (*process, sdk.Metadata, error) {
	began := time.Now()
	cmd := exec.Command(c.path)
	cmd.SysProcAttr = sysProcAttr()
	cfg := &goplugin.ClientConfig{
		HandshakeConfig:  sdk.Handshake,
		VersionedPlugins: sdk.VersionedPlugins(nil),
		Cmd:              cmd,
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		StartTimeout:     c.cfg.StartTimeout,
		// The plugin gets go-plugin's handshake variables and nothing of
		// Hostbase's environment (database URL, gateway secret keys…).
		SkipHostEnv: true,
		AutoMTLS:    c.cfg.AutoMTLS,
		Logger:      quietLogger,
		// Stderr is the child's stderr before sdk.Serve; SyncStderr and
		// SyncStdout are what the plugin writes once serving.
		Stderr:     newLogStream(c.log, slog.LevelInfo),
		SyncStderr: newLogStream(c.log, slog.LevelInfo),
		SyncStdout: newLogStream(c.log, slog.LevelInfo),
	}
	if sum, ok := c.cfg.Checksums[c.name]; ok {
		cfg.SecureConfig = &goplugin.SecureConfig{Checksum: sum, Hash: sha256.New()}
	}
	client := goplugin.NewClient(cfg)
	p := &process{client: client, cmd: cmd}

	rpc, err := client.Client()
	if err != nil {
		p.stop()
		return nil, sdk.Metadata{}, startError(c.name, c.path, err)
	}
	meta, err := c.check(p, rpc, began.Add(c.cfg.StartTimeout))
	if err != nil {
		p.stop()
		return nil, sdk.Metadata{}, err
	}
	c.log.Info("plugin started", "pid", cmd.Process.Pid, "version", meta.Version,
		"took", time.Since(began).Round(time.Millisecond).String())
	return p, meta, nil
}

// check completes p from the connected client and asks for its metadata.
func (c *child) check(p *process, rpc goplugin.ClientProtocol, deadline time.Time) (sdk.Metadata, error) {
	grpcClient, ok := rpc.(*goplugin.GRPCClient)
	if !ok {
		return sdk.Metadata{}, unusable("plugin %s does not speak gRPC", c.name)
	}
	raw, err := rpc.Dispense(sdk.PluginName)
	if err != nil {
		return sdk.Metadata{}, unusable("plugin %s does not serve %q: %v", c.name, sdk.PluginName, err)
	}
	prov, ok := raw.(sdk.Provisioner)
	if !ok {
		return sdk.Metadata{}, unusable("plugin %s: unexpected client type %T", c.name, raw)
	}
	p.conn, p.prov = grpcClient.Conn, prov

	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	if err := ping(ctx, p.conn); err != nil {
		return sdk.Metadata{}, unusable("plugin %s started but does not answer a ping: %v", c.name, err)
	}
	meta, err := prov.Metadata(ctx)
	if err != nil {
		return sdk.Metadata{}, unusable("plugin %s started but its Metadata failed: %v", c.name, err)
	}
	if meta.Name != c.name {
		return sdk.Metadata{}, unusable("plugin file %s%s declares the name %q; rename the file to %s%s or fix the plugin's Metadata.Name",
			sdk.BinaryPrefix, c.name, meta.Name, sdk.BinaryPrefix, meta.Name)
	}
	if err := sdk.CheckMetadata(meta); err != nil {
		return sdk.Metadata{}, unusable("plugin %s: %v", c.name, err)
	}
	return meta, nil
}

// stop kills the process (and what it started) and waits for go-plugin to
// reap it. Plugins keep no state, so there is nothing to shut down gently,
// and a stuck plugin cannot delay Hostbase's shutdown.
func (p *process) stop() {
	if p.cmd.Process != nil {
		killGroup(p.cmd.Process)
	}
	done := make(chan struct{})
	go func() {
		p.client.Kill()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(stopTimeout):
	}
}

// metadata answers from memory once the plugin has started once.
func (c *child) metadata(ctx context.Context) (sdk.Metadata, error) {
	if err := c.acquire(ctx); err != nil {
		return sdk.Metadata{}, err
	}
	meta, ok := c.meta, c.hasMeta
	c.release()
	if ok {
		return meta, nil
	}
	_, meta, err := c.live(ctx)
	return meta, err
}

func (c *child) pid() int {
	c.lock <- struct{}{}
	defer c.release()
	if c.proc == nil || c.proc.client.Exited() {
		return 0
	}
	return c.proc.cmd.Process.Pid
}

// close stops the process for good.
func (c *child) close() {
	c.lock <- struct{}{}
	defer c.release()
	c.closed = true
	if c.proc != nil {
		c.proc.stop()
		c.proc = nil
	}
}
