package provisioning_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/provisioning"
	"github.com/ezscale/hostbase/plugins/host"
	"github.com/ezscale/hostbase/plugins/sdk"
)

var (
	pluginDirOnce sync.Once
	pluginDir     string
	pluginDirErr  error
)

// builtPlugins builds the example plugin once into a directory shared by
// the tests, beside a file that is not a plugin.
func builtPlugins(t testing.TB) string {
	t.Helper()
	pluginDirOnce.Do(func() {
		pluginDir, pluginDirErr = os.MkdirTemp("", "hostbase-plugins-")
		if pluginDirErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(pluginDir, sdk.BinaryPrefix+"example"), "github.com/ezscale/hostbase/plugins/example")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			pluginDirErr = err
			t.Logf("%s", out)
			return
		}
		pluginDirErr = os.WriteFile(filepath.Join(pluginDir, sdk.BinaryPrefix+"junk"), []byte("#!/bin/sh\necho 'this is not a plugin'\n"), 0o755)
	})
	if pluginDirErr != nil {
		t.Fatalf("build the example plugin: %v", pluginDirErr)
	}
	return pluginDir
}

// processWorld is the world with the example plugin run as a real child
// process through the plugin host.
func processWorld(t testing.TB, callTimeout time.Duration, buildMS int) (*world, *host.Host) {
	t.Helper()
	// The plugin's own log lines would drown the test output.
	h := host.New(host.Config{Dir: builtPlugins(t), CallTimeout: callTimeout, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	t.Cleanup(func() { _ = h.Close() })
	app := hbtest.NewAppWith(t, hbtest.SeedDir(t, "provisioning-world", seedWorld), hooks.Deps{Plugins: h, Workers: -1})
	w := &world{app: app, q: provisioning.QueueOf(app), clock: &clock{}, panelDir: t.TempDir()}
	w.q.WithClock(w.clock.Now)
	w.group = hbtest.Make(t, app, "server_groups", map[string]any{"name": "Amsterdam"}).Id
	w.server = w.makeServer(t, "ams-1", w.panelDir, 0, buildMS)
	pg := hbtest.Make(t, app, "product_groups", map[string]any{"name": "VPS", "slug": "vps"})
	w.product = hbtest.Make(t, app, "products", map[string]any{"name": "VPS S", "slug": "vps-s", "kind": "vps", "group": pg.Id,
		"provisioner": "example", "provisioner_config": `{"plan":"small"}`, "server_group": w.group,
		"pricing": `{"USD":{"monthly":{"price":1299,"setup":0}}}`}).Id
	w.alice = hbtest.Make(t, app, "customers", map[string]any{"name": "Alice Smith", "email": "alice@example.com", "country": "US"}).Id
	return w, h
}

// The plugin process is killed in the middle of Create: the job fails as
// retryable, the next try starts a new process, and the panel holds
// exactly one server.
func TestAPluginKilledMidCreateLeavesExactlyOneServer(t *testing.T) {
	w, h := processWorld(t, 30*time.Second, 1500)
	svc := w.pendingService(t, w.alice)
	w.paid(t, svc)

	done := make(chan error, 1)
	go func() { _, err := w.q.RunOne(context.Background()); done <- err }()
	deadline := time.Now().Add(10 * time.Second)
	for len(panelFiles(t, w.panelDir)) == 0 || h.Pid("example") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("Create never started building")
		}
		time.Sleep(10 * time.Millisecond)
	}
	pid := h.Pid("example")
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	job := w.jobs(t, svc)[0]
	if job.Status() != collections.ProvisioningJobStatusFailed || job.ErrorKind() != collections.ProvisioningJobErrorKindRetryable {
		t.Fatalf("after the kill the job is %s (%s: %s), want failed and retryable", job.Status(), job.ErrorKind(), job.LastError())
	}
	w.clock.Advance(time.Hour)
	w.runDue(t)
	if h.Pid("example") == pid || h.Pid("example") == 0 {
		t.Fatalf("plugin pid %d after the retry; want a new process (killed %d)", h.Pid("example"), pid)
	}
	if files := panelFiles(t, w.panelDir); len(files) != 1 {
		t.Fatalf("panel holds %d servers, want 1", len(files))
	}
	if s := w.svc(t, svc); s.Status() != collections.ServiceStatusActive || s.RemoteID() == "" {
		t.Fatalf("service %s (%q), want active", s.Status(), s.RemoteID())
	}
}

// A plugin that hangs: the call times out, the job is retried later, and
// the plugin keeps answering other calls meanwhile.
func TestAHangingPluginTimesOutAndKeepsServing(t *testing.T) {
	w, h := processWorld(t, 700*time.Millisecond, 60_000)
	svc := w.pendingService(t, w.alice)
	w.paid(t, svc)

	done := make(chan error, 1)
	started := time.Now()
	go func() { _, err := w.q.RunOne(context.Background()); done <- err }()
	time.Sleep(200 * time.Millisecond)
	msg, err := provisioning.TestServer(context.Background(), w.app, w.server)
	if err != nil || msg == "" {
		t.Fatalf("TestConnection beside a hanging Create: %q %v", msg, err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if took := time.Since(started); took > 5*time.Second {
		t.Fatalf("the hanging call held the worker %v", took)
	}
	job := w.jobs(t, svc)[0]
	if job.Status() != collections.ProvisioningJobStatusFailed || job.ErrorKind() != collections.ProvisioningJobErrorKindRetryable {
		t.Fatalf("job %s (%s: %s), want failed, retryable", job.Status(), job.ErrorKind(), job.LastError())
	}
	if h.Pid("example") == 0 {
		t.Fatal("the plugin process is gone after a timeout")
	}
}

// A plugin file that is not a plugin fails its job with a clear,
// not-retried error naming it, and the app goes on provisioning with the
// plugins that work.
func TestABrokenPluginFailsItsJobClearlyAndTheRestGoesOn(t *testing.T) {
	w, _ := processWorld(t, 30*time.Second, 0)
	junk, err := collections.NewServer(w.app)
	if err != nil {
		t.Fatal(err)
	}
	junk.Id = "junkserver00001"
	junk.SetName("junk-1")
	junk.SetPlugin("junk")
	junk.SetEnabled(true)
	junk.SetGroupID(w.group)
	// Saved without hooks: the dashboard refuses a server of a broken plugin.
	if err := w.app.UnsafeWithoutHooks().Save(junk); err != nil {
		t.Fatal(err)
	}
	bad := w.pendingService(t, w.alice)
	setServer(t, w.app, bad, junk.Id)
	w.paid(t, bad)
	good := w.pendingService(t, w.alice)
	w.paid(t, good)
	w.runDue(t)

	job := w.jobs(t, bad)[0]
	if job.Status() != collections.ProvisioningJobStatusDead || job.ErrorKind() != collections.ProvisioningJobErrorKindInvalidConfig || job.Attempts() != 1 {
		t.Fatalf("job of the broken plugin: %s (%s) after %d", job.Status(), job.ErrorKind(), job.Attempts())
	}
	if !strings.Contains(job.LastError(), "junk") || !strings.Contains(job.LastError(), "not a working Hostbase plugin") {
		t.Fatalf("error %q does not say what is wrong", job.LastError())
	}
	if s := w.svc(t, good); s.Status() != collections.ServiceStatusActive {
		t.Fatalf("the working plugin's service is %s", s.Status())
	}
}

func setServer(t testing.TB, app core.App, svc, server string) {
	t.Helper()
	s, err := collections.FindService(app, svc)
	if err != nil {
		t.Fatal(err)
	}
	s.SetServerID(server)
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
}
