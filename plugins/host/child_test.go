package host

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

func TestPluginStartsOnlyOnFirstUse(t *testing.T) {
	h := newHost(t, Config{})
	path := filepath.Join(pluginDir, sdk.BinaryPrefix+"testplugin")
	p := mustProvisioner(t, h, "testplugin")
	if pid := h.Pid("testplugin"); pid != 0 {
		t.Fatalf("pid %d before any call", pid)
	}
	if pids := processesOf(t, path); len(pids) != 0 {
		t.Fatalf("processes %v running the plugin before any call", pids)
	}
	if _, err := p.Status(context.Background(), request(nil)); err != nil {
		t.Fatal(err)
	}
	pid := h.Pid("testplugin")
	if pid == 0 || !alive(pid) {
		t.Fatalf("pid %d after a call", pid)
	}
	if pids := processesOf(t, path); len(pids) != 1 || pids[0] != pid {
		t.Fatalf("processes %v, want just %d", pids, pid)
	}
	// Later calls reuse the process.
	for range 3 {
		if _, err := p.Status(context.Background(), request(nil)); err != nil {
			t.Fatal(err)
		}
	}
	if again := h.Pid("testplugin"); again != pid {
		t.Fatalf("pid changed from %d to %d without a death", pid, again)
	}
}

func TestPluginKilledBetweenCallsIsRestartedByTheNextCall(t *testing.T) {
	h := newHost(t, Config{})
	p := mustProvisioner(t, h, "testplugin")
	ctx := context.Background()
	if _, err := p.Create(ctx, request(nil)); err != nil {
		t.Fatal(err)
	}
	first := h.Pid("testplugin")
	if err := syscall.Kill(first, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Between calls: the host has seen the death. (A call racing the death
	// by a few milliseconds fails retryably instead; the mid-call test
	// covers that.)
	eventually(t, 2*time.Second, "the host sees the plugin gone", func() bool { return h.Pid("testplugin") == 0 })

	st, err := p.Status(ctx, request(nil))
	if err != nil {
		t.Fatalf("first call after the kill: %v", err)
	}
	// A new process: memprov's memory went with the old one.
	if st.State != sdk.StateMissing {
		t.Fatalf("state %s, want missing from a fresh process", st.State)
	}
	if second := h.Pid("testplugin"); second == 0 || second == first || !alive(second) {
		t.Fatalf("pid after restart %d (first %d)", second, first)
	}
}

func TestPluginKilledMidCallFailsRetryablyAndNextCallRestarts(t *testing.T) {
	h := newHost(t, Config{})
	p := mustProvisioner(t, h, "testplugin")
	ctx := context.Background()
	if _, err := p.Status(ctx, request(nil)); err != nil {
		t.Fatal(err)
	}
	first := h.Pid("testplugin")

	done := make(chan error, 1)
	began := time.Now()
	go func() {
		_, err := p.Status(ctx, request(map[string]string{"sleep_ms": "10000"}))
		done <- err
	}()
	time.Sleep(200 * time.Millisecond) // the call is now inside the plugin
	if err := syscall.Kill(first, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := <-done
	if took := time.Since(began); took > 3*time.Second {
		t.Fatalf("the call took %s to notice the death", took)
	}
	e := asError(t, err)
	if e.Kind != sdk.KindRetryable || !strings.Contains(e.Message, "lost the process during Status") {
		t.Fatalf("got %s %q, want retryable lost process", e.Kind, e.Message)
	}

	if _, err := p.Status(ctx, request(nil)); err != nil {
		t.Fatalf("next call: %v", err)
	}
	if second := h.Pid("testplugin"); second == first || second == 0 {
		t.Fatalf("pid %d after restart, first %d", second, first)
	}
}

func TestPluginCrashingMidCallFailsRetryablyAndNextCallRestarts(t *testing.T) {
	h := newHost(t, Config{})
	p := mustProvisioner(t, h, "testplugin")
	ctx := context.Background()
	_, err := p.Create(ctx, request(map[string]string{"crash": "true"}))
	if e := asError(t, err); e.Kind != sdk.KindRetryable {
		t.Fatalf("crash gave %s %q, want retryable", e.Kind, e.Message)
	}
	if _, err := p.Create(ctx, request(nil)); err != nil {
		t.Fatalf("next call: %v", err)
	}
}

func TestCloseLeavesNoProcess(t *testing.T) {
	h := newHost(t, Config{})
	ctx := context.Background()
	var pids []int
	for _, name := range []string{"testplugin", "second"} {
		if _, err := mustProvisioner(t, h, name).Status(ctx, request(nil)); err != nil {
			t.Fatal(err)
		}
		pids = append(pids, h.Pid(name))
	}
	// One more pid: a restart of testplugin after a crash.
	p := mustProvisioner(t, h, "testplugin")
	p.Status(ctx, request(map[string]string{"crash": "true"}))
	if _, err := p.Status(ctx, request(nil)); err != nil {
		t.Fatal(err)
	}
	pids = append(pids, h.Pid("testplugin"))
	// And one in the middle of a call when Close comes.
	go p.Status(ctx, request(map[string]string{"sleep_ms": "10000", "ignore_cancel": "true"}))
	time.Sleep(100 * time.Millisecond)

	began := time.Now()
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took > 2*time.Second {
		t.Errorf("Close took %s", took)
	}
	for _, pid := range pids {
		if exists(pid) {
			t.Errorf("pid %d still in /proc after Close", pid)
		}
	}
	if err := h.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	_, err := p.Status(ctx, request(nil))
	if e := asError(t, err); e.Kind != sdk.KindRetryable || !strings.Contains(e.Message, "shutting down") {
		t.Fatalf("call after Close: %v", err)
	}
	if _, err := h.Provisioner("testplugin"); err == nil {
		t.Fatal("Provisioner after Close succeeded")
	}
}

func TestHostKilledLeavesNoOrphan(t *testing.T) {
	helper := exec.Command(os.Args[0], "-test.run=^$")
	helper.Env = append(os.Environ(), orphanHelperEnv+"="+pluginDir)
	out, err := helper.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { helper.Process.Kill(); helper.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the helper's plugin pid: %v (%q)", err, line)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || pid == 0 || !alive(pid) {
		t.Fatalf("helper said %q", line)
	}
	if ppid(pid) != helper.Process.Pid {
		t.Fatalf("plugin %d is not the helper's child", pid)
	}

	// SIGKILL: the helper's deferred cleanups and Close never run.
	if err := helper.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	helper.Wait()
	eventually(t, 2*time.Second, "the plugin of a killed host is gone (Pdeathsig)", func() bool { return !alive(pid) })
}

func TestPluginDoesNotSeeTheHostEnvironment(t *testing.T) {
	t.Setenv("HOSTBASE_TEST_SECRET", "sk_live_must_not_leak")
	h := newHost(t, Config{})
	p := mustProvisioner(t, h, "testplugin")
	ctx := context.Background()

	got, err := p.TestConnection(ctx, serverRequest(map[string]string{"print_env": "HOSTBASE_TEST_SECRET"}))
	if err != nil {
		t.Fatal(err)
	}
	if got != "HOSTBASE_TEST_SECRET=" {
		t.Fatalf("the plugin saw %q", got)
	}
	// The probe works: the handshake cookie, set for the plugin, is visible.
	got, err = p.TestConnection(ctx, serverRequest(map[string]string{"print_env": sdk.Handshake.MagicCookieKey}))
	if err != nil || got != sdk.Handshake.MagicCookieKey+"="+sdk.Handshake.MagicCookieValue {
		t.Fatalf("cookie probe: %q, %v", got, err)
	}
}

func TestFrozenPluginTimesOutAndCloseStillEndsIt(t *testing.T) {
	h := newHost(t, Config{CallTimeout: 300 * time.Millisecond})
	p := mustProvisioner(t, h, "testplugin")
	ctx := context.Background()
	if _, err := p.Status(ctx, request(nil)); err != nil {
		t.Fatal(err)
	}
	pid := h.Pid("testplugin")
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	eventually(t, 2*time.Second, "every thread of the plugin stopped", func() bool { return stopped(pid) })
	_, err := p.Status(ctx, request(nil))
	if e := asError(t, err); e.Kind != sdk.KindRetryable || !strings.Contains(e.Message, "did not answer within") {
		t.Fatalf("call to a frozen plugin: %v", err)
	}
	began := time.Now()
	h.Close()
	if took := time.Since(began); took > 2*time.Second {
		t.Fatalf("Close took %s on a frozen plugin", took)
	}
	if exists(pid) {
		t.Fatalf("frozen plugin %d survived Close", pid)
	}
}
