package host

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

func TestHangingCallTimesOutWhileOtherCallsAndPluginsProceed(t *testing.T) {
	h := newHost(t, Config{CallTimeout: time.Second})
	ctx := context.Background()
	hung, other := mustProvisioner(t, h, "testplugin"), mustProvisioner(t, h, "second")
	for _, p := range []sdk.Provisioner{hung, other} { // started, so timings are calls only
		if _, err := p.Status(ctx, request(nil)); err != nil {
			t.Fatal(err)
		}
	}

	hangs := request(map[string]string{"sleep_ms": "10000", "ignore_cancel": "true"})
	done := make(chan error, 1)
	began := time.Now()
	go func() {
		_, err := hung.Status(ctx, hangs)
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)

	// Meanwhile the other plugin, and the hung plugin's other calls, answer.
	for _, p := range []sdk.Provisioner{other, hung} {
		callBegan := time.Now()
		if _, err := p.Status(ctx, request(nil)); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(callBegan); took > 700*time.Millisecond { // queued behind the hung call: 900ms or more
			t.Fatalf("a call beside the hung one took %s", took)
		}
	}

	err := <-done
	took := time.Since(began)
	if took < time.Second || took > 2*time.Second {
		t.Fatalf("the hung call returned after %s, want about the 1s CallTimeout", took)
	}
	e := asError(t, err)
	if e.Kind != sdk.KindRetryable || !strings.Contains(e.Message, "plugin testplugin: Status did not answer within 1") {
		t.Fatalf("got %s %q", e.Kind, e.Message)
	}

	// An earlier deadline of the caller wins over CallTimeout.
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	began = time.Now()
	_, err = hung.Status(short, hangs)
	if took := time.Since(began); took > 700*time.Millisecond || sdk.KindOf(err) != sdk.KindRetryable {
		t.Fatalf("with a 200ms caller deadline: %v after %s", err, took)
	}
}

func TestConcurrentCallsPerPluginAreBounded(t *testing.T) {
	h := newHost(t, Config{MaxConcurrent: 2})
	p := mustProvisioner(t, h, "testplugin")
	ctx := context.Background()
	if _, err := p.Status(ctx, request(nil)); err != nil {
		t.Fatal(err)
	}

	slow := request(map[string]string{"sleep_ms": "200"})
	var wg sync.WaitGroup
	began := time.Now()
	for range 6 {
		wg.Go(func() {
			if _, err := p.Status(ctx, slow); err != nil {
				t.Error(err)
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	// With both slots taken, a caller who cannot wait gives up without
	// reaching the plugin.
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err := p.Usage(short, request(nil))
	if e := asError(t, err); e.Kind != sdk.KindRetryable || !strings.Contains(e.Message, "found none of its 2 call slots free") ||
		!errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waiting caller: %s %q", e.Kind, e.Message)
	}
	wg.Wait()
	if took := time.Since(began); took < 600*time.Millisecond {
		t.Fatalf("6 calls of 200ms, 2 at a time, took %s", took)
	}

	// Counted inside the plugin.
	max, err := p.TestConnection(ctx, serverRequest(map[string]string{"report": "max_in_flight"}))
	if err != nil || max != "2" {
		t.Fatalf("max in flight in the plugin = %q, %v; want 2", max, err)
	}
}

func TestUndeclaredOptionalMethodIsRefusedWithoutCallingThePlugin(t *testing.T) {
	h := newHost(t, Config{})
	p := mustProvisioner(t, h, "testplugin")
	ctx := context.Background()
	if _, err := p.Create(ctx, request(nil)); err != nil {
		t.Fatal(err)
	}

	// memprov implements Usage but does not declare it.
	_, err := p.Usage(ctx, request(nil))
	if !errors.Is(err, sdk.ErrUnsupported) || sdk.KindOf(err) != sdk.KindUnsupported ||
		!strings.Contains(err.Error(), "plugin testplugin does not declare Usage") {
		t.Fatalf("Usage: %v", err)
	}
	// It declares Suspend, which goes through.
	if res, err := p.Suspend(ctx, request(nil)); err != nil || res.Message != string(sdk.StateSuspended) {
		t.Fatalf("Suspend: %+v, %v", res, err)
	}
	report, err := p.TestConnection(ctx, serverRequest(map[string]string{"report": "calls"}))
	if err != nil {
		t.Fatal(err)
	}
	var calls map[string]int
	if err := json.Unmarshal([]byte(report), &calls); err != nil {
		t.Fatal(err)
	}
	if calls["Usage"] != 0 || calls["Suspend"] != 1 {
		t.Fatalf("calls seen by the plugin: %v; want Suspend once and no Usage", calls)
	}
}

func TestChecksumPinsTheExecutable(t *testing.T) {
	bin, err := os.ReadFile(filepath.Join(pluginDir, sdk.BinaryPrefix+"testplugin"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(bin)
	h := newHost(t, Config{Checksums: map[string][]byte{"testplugin": sum[:], "second": make([]byte, 32)}})
	ctx := context.Background()

	if _, err := mustProvisioner(t, h, "testplugin").Status(ctx, request(nil)); err != nil {
		t.Fatalf("matching checksum: %v", err)
	}
	_, err = mustProvisioner(t, h, "second").Status(ctx, request(nil))
	if e := asError(t, err); e.Reason != ReasonPluginUnusable || !strings.Contains(e.Message, "does not match its configured sha256 checksum") {
		t.Fatalf("wrong checksum: %v", err)
	}
	if h.Pid("second") != 0 {
		t.Fatal("a plugin with a wrong checksum runs")
	}
}
