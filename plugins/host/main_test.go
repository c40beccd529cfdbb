package host

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// pluginDir holds the plugin files every test uses, built by TestMain:
//
//	testplugin  memprov serving as "testplugin"
//	second      the same program linked to call itself "second"
//	impostor    testplugin under another file name
//	oldproto    a plugin of protocol version 2
//	notaplugin  a shell script printing junk
//	quits       a shell script exiting at once
//	noexec      a file without the executable bit
//	Bad.Name    an executable whose name is not a plugin name
var pluginDir string

var discardLogger = slog.New(slog.DiscardHandler)

// orphanHelperEnv switches the test binary into the helper process of
// TestHostKilledLeavesNoOrphan; its value is the plugins directory.
const orphanHelperEnv = "HOSTBASE_HOST_TEST_ORPHAN_HELPER"

func TestMain(m *testing.M) {
	if dir := os.Getenv(orphanHelperEnv); dir != "" {
		runOrphanHelper(dir)
		return
	}
	dir, err := os.MkdirTemp("", "hostbase-plugins-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := buildPlugins(dir); err != nil {
		fmt.Fprintln(os.Stderr, "building test plugins:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	pluginDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func buildPlugins(dir string) error {
	bin := func(name string) string { return filepath.Join(dir, sdk.BinaryPrefix+name) }
	builds := [][]string{
		{"-o", bin("testplugin"), "./testdata/testplugin"},
		{"-ldflags", "-X main.name=second", "-o", bin("second"), "./testdata/testplugin"},
		{"-o", bin("oldproto"), "./testdata/oldproto"},
	}
	for _, args := range builds {
		cmd := exec.Command("go", append([]string{"build"}, args...)...)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	if err := os.Link(bin("testplugin"), bin("impostor")); err != nil {
		return err
	}
	files := []struct {
		name, content string
		mode          os.FileMode
	}{
		{"notaplugin", "#!/bin/sh\necho 'hello, I am not a plugin'\n", 0o755},
		{"quits", "#!/bin/sh\nexit 1\n", 0o755},
		{"noexec", "#!/bin/sh\n", 0o644},
		{"Bad.Name", "#!/bin/sh\n", 0o755},
	}
	for _, f := range files {
		if err := os.WriteFile(bin(f.name), []byte(f.content), f.mode); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "README"), []byte("not a plugin, ignored"), 0o644)
}

// runOrphanHelper is a Hostbase in miniature: it starts the testplugin,
// prints its pid and waits to be killed.
func runOrphanHelper(dir string) {
	h := New(Config{Dir: dir, Logger: discardLogger})
	if _, err := h.Metadata(context.Background(), "testplugin"); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println(h.Pid("testplugin"))
	time.Sleep(time.Hour)
}

// newHost returns a host on pluginDir (unless cfg says otherwise), closed
// when the test ends.
func newHost(t *testing.T, cfg Config) *Host {
	t.Helper()
	if cfg.Dir == "" {
		cfg.Dir = pluginDir
	}
	if cfg.Logger == nil {
		cfg.Logger = discardLogger
	}
	h := New(cfg)
	t.Cleanup(func() { h.Close() })
	return h
}

func mustProvisioner(t *testing.T, h *Host, name string) sdk.Provisioner {
	t.Helper()
	p, err := h.Provisioner(name)
	if err != nil {
		t.Fatalf("Provisioner(%q): %v", name, err)
	}
	return p
}

// request is a service request whose server config steers memprov.
func request(config map[string]string) sdk.ServiceRequest {
	return sdk.ServiceRequest{
		Server:  sdk.Server{ID: "srv1", Name: "memory", Config: config},
		Service: sdk.Service{ID: "svc1", IdempotencyKey: "svc1", RemoteID: "mem-svc1", Hostname: "vm1.example.com"},
	}
}

func serverRequest(config map[string]string) sdk.ServerRequest {
	return sdk.ServerRequest{Server: sdk.Server{ID: "srv1", Config: config}}
}

// alive reports whether pid is a running process (a zombie is not).
func alive(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// The state follows the command name, which is in parentheses.
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || i+2 >= len(stat) || stat[i+2] != 'Z'
}

// stopped reports whether every thread of pid is stopped by a signal.
// SIGSTOP takes effect thread by thread, after kill returns: a call sent
// before the last thread stopped could still be answered.
func stopped(pid int) bool {
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/[0-9]*/stat", pid))
	if err != nil || len(tasks) == 0 {
		return false
	}
	for _, task := range tasks {
		stat, err := os.ReadFile(task)
		if err != nil {
			continue // a thread that ended meanwhile
		}
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 || i+2 >= len(stat) || (stat[i+2] != 'T' && stat[i+2] != 't') {
			return false
		}
	}
	return true
}

// exists reports whether /proc still has pid, zombie or not.
func exists(pid int) bool {
	_, err := os.Stat("/proc/" + strconv.Itoa(pid))
	return err == nil
}

// processesOf returns the pids of processes running the executable at path.
func processesOf(t *testing.T, path string) []int {
	t.Helper()
	dirs, err := filepath.Glob("/proc/[0-9]*")
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, d := range dirs {
		cmdline, err := os.ReadFile(filepath.Join(d, "cmdline"))
		if err != nil {
			continue
		}
		argv0, _, _ := bytes.Cut(cmdline, []byte{0})
		if string(argv0) == path {
			pid, _ := strconv.Atoi(filepath.Base(d))
			if alive(pid) {
				pids = append(pids, pid)
			}
		}
	}
	return pids
}

// eventually fails the test unless cond holds within d.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// asError returns err as an *sdk.Error, failing the test if it is not one.
func asError(t *testing.T, err error) *sdk.Error {
	t.Helper()
	e, ok := err.(*sdk.Error)
	if !ok {
		t.Fatalf("error %v (%T) is not an *sdk.Error", err, err)
	}
	return e
}

// capture is a slog handler keeping every record, for log assertions.
type capture struct {
	mu      sync.Mutex
	records []capturedRecord
}

type capturedRecord struct {
	level slog.Level
	msg   string
	attrs map[string]any
}

func (c *capture) Enabled(context.Context, slog.Level) bool { return true }

func (c *capture) Handle(_ context.Context, r slog.Record) error {
	rec := capturedRecord{level: r.Level, msg: r.Message, attrs: map[string]any{}}
	r.Attrs(func(a slog.Attr) bool {
		rec.attrs[a.Key] = a.Value.Any()
		return true
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	c.records = append(c.records, rec)
	return nil
}

func (c *capture) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &captureView{c, attrs}
}

func (c *capture) WithGroup(string) slog.Handler { return c }

// find returns the first record with message msg.
func (c *capture) find(msg string) (capturedRecord, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range c.records {
		if r.msg == msg {
			return r, true
		}
	}
	return capturedRecord{}, false
}

// captureView is a capture with attributes added by slog.Logger.With.
type captureView struct {
	root  *capture
	attrs []slog.Attr
}

func (v *captureView) Enabled(context.Context, slog.Level) bool { return true }

func (v *captureView) Handle(ctx context.Context, r slog.Record) error {
	r = r.Clone()
	r.AddAttrs(v.attrs...)
	return v.root.Handle(ctx, r)
}

func (v *captureView) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &captureView{v.root, append(append([]slog.Attr{}, v.attrs...), attrs...)}
}

func (v *captureView) WithGroup(string) slog.Handler { return v }

// ppid returns the parent of pid, 0 if unknown.
func ppid(pid int) int {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0
	}
	fields := strings.Fields(string(stat[i+1:])) // state, ppid, …
	if len(fields) < 2 {
		return 0
	}
	n, _ := strconv.Atoi(fields[1])
	return n
}
