package sdktest

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Launch starts the plugin binary at binaryPath as Hostbase does (the
// handshake, gRPC only, none of the test's environment) and returns it as a
// Provisioner. The plugin's log goes to t.Log; the process is killed when
// the test ends. A binary named hostbase-provisioner-<name> must report
// <name> in its Metadata.
func Launch(t testing.TB, binaryPath string) sdk.Provisioner {
	t.Helper()
	cmd := exec.Command(binaryPath)
	setDeathSignal(cmd)
	logs := &testLog{t: t}
	level := hclog.Info
	if _, ok := t.(*testing.B); ok {
		// A benchmark prints its log even when it passes.
		level = hclog.Warn
	}
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  sdk.Handshake,
		VersionedPlugins: sdk.VersionedPlugins(nil),
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		// Hostbase starts plugins without its environment (which holds its
		// payment keys); a plugin that works here works there.
		SkipHostEnv: true,
		Logger: hclog.New(&hclog.LoggerOptions{Name: filepath.Base(binaryPath), Output: logs,
			Level: level, DisableTime: true}),
	})
	t.Cleanup(func() {
		client.Kill()
		logs.stop()
	})
	rpc, err := client.Client()
	if err != nil {
		t.Fatalf("start plugin %s: %v", binaryPath, err)
	}
	raw, err := rpc.Dispense(sdk.PluginName)
	if err != nil {
		t.Fatalf("dispense %q from plugin %s: %v", sdk.PluginName, binaryPath, err)
	}
	p := raw.(sdk.Provisioner)

	if name, ok := strings.CutPrefix(filepath.Base(binaryPath), sdk.BinaryPrefix); ok {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		m, err := p.Metadata(ctx)
		if err != nil {
			t.Fatalf("Metadata of plugin %s: %v", binaryPath, err)
		}
		if m.Name != name {
			t.Fatalf("plugin %s says its name is %q: Hostbase finds a plugin by its binary's name, so Metadata.Name must be %q",
				binaryPath, m.Name, name)
		}
	}
	return p
}

// testLog writes the plugin's log lines to the test's log until the test
// ends (testing panics on a Log after that).
type testLog struct {
	mu      sync.Mutex
	t       testing.TB
	stopped bool
}

func (l *testLog) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.t.Log(string(bytes.TrimRight(b, "\n")))
	}
	return len(b), nil
}

func (l *testLog) stop() {
	l.mu.Lock()
	l.stopped = true
	l.mu.Unlock()
}
