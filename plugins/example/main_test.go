package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"

	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/sdk/sdktest"
)

// binary is the plugin, built once for the package's tests under the name
// Hostbase would give it.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hostbase-example-plugin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, sdk.BinaryPrefix+"example")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build the plugin: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const token = "tok-binary"

// newPanel makes a panel directory with a token file and a server for it.
func newPanel(t *testing.T, extra map[string]string) (sdk.Server, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".token"), []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := map[string]string{"directory": dir}
	for k, v := range extra {
		cfg[k] = v
	}
	return sdk.Server{ID: "srv1", Name: "Example", Config: cfg, Credentials: map[string]string{"api_token": token}}, dir
}

func request(srv sdk.Server, key string) sdk.ServiceRequest {
	return sdk.ServiceRequest{Server: srv, Service: sdk.Service{ID: key, IdempotencyKey: key,
		ProductConfig: map[string]string{"plan": "small"}}}
}

// serverFiles lists the server files in dir, leaving out the token and
// temporary files.
func serverFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	return names
}

// TestConformanceThroughTheBinary runs the conformance suite against the
// built plugin, over gRPC, as Hostbase would call it.
func TestConformanceThroughTheBinary(t *testing.T) {
	srv, dir := newPanel(t, nil)
	p := sdktest.Launch(t, binary)
	sdktest.Run(t, p, sdktest.Panel{
		Server:               srv,
		ProductConfig:        map[string]string{"plan": "small", "memory_mb": "1024", "os": "debian-12"},
		ChangedProductConfig: map[string]string{"plan": "medium", "memory_mb": "4096", "os": "debian-12"},
		DeleteBehindBack: func(remoteID string) error {
			return os.Remove(filepath.Join(dir, remoteID+".json"))
		},
	})
}

// TestConcurrentCreatesAcrossProcesses: two plugin processes, each taking
// several Creates for one key during a build, make one server between them.
func TestConcurrentCreatesAcrossProcesses(t *testing.T) {
	srv, dir := newPanel(t, map[string]string{"build_ms": "200"})
	procs := []sdk.Provisioner{sdktest.Launch(t, binary), sdktest.Launch(t, binary)}
	const perProcess = 4
	ids := make([]string, 2*perProcess)
	errs := make([]error, 2*perProcess)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			res, err := procs[i%2].Create(ctx, request(srv, "hostbase-two-procs"))
			ids[i], errs[i] = res.RemoteID, err
		})
	}
	wg.Wait()
	for i := range ids {
		if errs[i] != nil {
			t.Fatalf("Create %d (process %d): %v", i, i%2, errs[i])
		}
		if ids[i] != ids[0] {
			t.Errorf("Create %d returned %s, Create 0 %s", i, ids[i], ids[0])
		}
	}
	if files := serverFiles(t, dir); len(files) != 1 {
		t.Errorf("server files %v, want exactly 1", files)
	}
}

// start launches the plugin as sdktest.Launch does, but hands back the
// go-plugin client so that a test can kill the process, and the plugin's
// log.
func start(t *testing.T) (*plugin.Client, sdk.Provisioner, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig: sdk.Handshake, VersionedPlugins: sdk.VersionedPlugins(nil),
		Cmd: exec.Command(binary), AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC}, SkipHostEnv: true,
		Logger: hclog.New(&hclog.LoggerOptions{Output: logs, Level: hclog.Debug}),
	})
	t.Cleanup(client.Kill)
	rpc, err := client.Client()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := rpc.Dispense(sdk.PluginName)
	if err != nil {
		t.Fatal(err)
	}
	return client, raw.(sdk.Provisioner), logs
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestPluginKilledMidCreate: the plugin process dies while a Create is
// building; the caller sees a retryable failure, and a new process's
// Create for the key finishes the same server rather than making another.
func TestPluginKilledMidCreate(t *testing.T) {
	srv, dir := newPanel(t, map[string]string{"build_ms": "1500"})
	client, p, _ := start(t)
	began := time.Now()
	failed := make(chan error, 1)
	go func() {
		_, err := p.Create(context.Background(), request(srv, "hostbase-killed"))
		failed <- err
	}()
	for len(serverFiles(t, dir)) == 0 {
		if time.Since(began) > 5*time.Second {
			t.Fatal("the plugin wrote no server file within 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	client.Kill()
	err := <-failed
	if err == nil || sdk.KindOf(err) != sdk.KindRetryable {
		t.Fatalf("the Create cut off by the kill returned %v, want a retryable failure", err)
	}

	_, again, _ := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := again.Create(ctx, request(srv, "hostbase-killed"))
	if err != nil {
		t.Fatalf("Create after the restart: %v", err)
	}
	files := serverFiles(t, dir)
	if len(files) != 1 || files[0] != res.RemoteID+".json" {
		t.Errorf("server files %v, want exactly %s.json", files, res.RemoteID)
	}
	if took := time.Since(began); took < 1500*time.Millisecond {
		t.Errorf("the server was ready %s after the first Create, before its 1.5s build", took)
	}
	st, err := again.Status(ctx, request(srv, "hostbase-killed"))
	if err != nil || st.State != sdk.StateRunning {
		t.Errorf("Status after the resumed Create: %+v, %v; want running", st, err)
	}
}

// TestLogsALinePerCallWithoutSecrets: the plugin's log, as Hostbase reads
// it, has the call and the service but never the token or a password.
func TestLogsALinePerCallWithoutSecrets(t *testing.T) {
	srv, _ := newPanel(t, nil)
	client, p, logs := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := p.Create(ctx, request(srv, "hostbase-logged"))
	if err != nil {
		t.Fatal(err)
	}
	r := request(srv, "hostbase-logged")
	if _, err := p.ChangePassword(ctx, sdk.ChangePasswordRequest{ServiceRequest: r, Password: "Sup3r-secret-pw"}); err != nil {
		t.Fatal(err)
	}
	srv.Credentials["api_token"] = "wrong-token-value"
	if _, err := p.Status(ctx, request(srv, "hostbase-logged")); sdk.KindOf(err) != sdk.KindInvalidConfig {
		t.Fatalf("Status with a wrong token: %v, want invalid config", err)
	}
	client.Kill() // flushes the log

	log := logs.String()
	for _, want := range []string{"create", "key=hostbase-logged", "change password", "status failed"} {
		if !strings.Contains(log, want) {
			t.Errorf("the plugin's log lacks %q:\n%s", want, log)
		}
	}
	for _, secret := range []string{token, "wrong-token-value", "Sup3r-secret-pw", res.Credentials["root_password"]} {
		if strings.Contains(log, secret) {
			t.Errorf("the plugin's log holds the secret %q:\n%s", secret, log)
		}
	}
}

// BenchmarkCreateStatusThroughBinary is a provisioning job's calls over
// gRPC, 8 per CPU at once, about as many as the plugin host lets through. Creating the
// server file dominates: on this project's VMs an ext4 file creation takes
// 0.1–0.6 ms, a tmpfs one (/dev/shm) 0.04 ms.
func BenchmarkCreateStatusThroughBinary(b *testing.B) {
	dir := b.TempDir()
	srv := sdk.Server{Config: map[string]string{"directory": dir}, Credentials: map[string]string{"api_token": "t"}}
	p := sdktest.Launch(b, binary)
	var n atomic.Int64
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			r := request(srv, "hostbase-bench-"+strconv.FormatInt(n.Add(1), 10))
			res, err := p.Create(ctx, r)
			if err != nil {
				b.Error(err)
				return
			}
			r.Service.RemoteID = res.RemoteID
			if _, err := p.Status(ctx, r); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
