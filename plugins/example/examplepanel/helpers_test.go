package examplepanel

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

const testToken = "tok-123"

// newPanel makes a panel directory with a token file and returns a server
// configured against it, with extra settings merged in.
func newPanel(t *testing.T, extra map[string]string) (sdk.Server, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".token"), []byte(testToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := map[string]string{keyDirectory: dir}
	for k, v := range extra {
		cfg[k] = v
	}
	return sdk.Server{ID: "srv1", Name: "Example Amsterdam", Config: cfg, Credentials: map[string]string{keyAPIToken: testToken}}, dir
}

func quiet() *Provisioner { return New(hclog.NewNullLogger()) }

func request(srv sdk.Server, key string) sdk.ServiceRequest {
	return sdk.ServiceRequest{Server: srv, Service: sdk.Service{ID: "svc-" + key, IdempotencyKey: key,
		ProductConfig: map[string]string{keyPlan: "medium", keyMemoryMB: "2048", keyOS: "debian-12"}}}
}

func ctxFor(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// serverFiles lists the server files in dir.
func serverFiles(t *testing.T, dir string) []string {
	t.Helper()
	ids, err := store{dir: dir}.ids()
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func mustCreate(t *testing.T, p *Provisioner, r sdk.ServiceRequest) sdk.CreateResult {
	t.Helper()
	res, err := p.Create(ctxFor(t, 10*time.Second), r)
	if err != nil {
		t.Fatalf("Create %s: %v", r.Service.IdempotencyKey, err)
	}
	return res
}

func wantKind(t *testing.T, err error, kind sdk.ErrorKind, what string) *sdk.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("%s succeeded, want a %s failure", what, kind)
	}
	e := sdk.AsError(err)
	if e.Kind != kind {
		t.Fatalf("%s failed as %s (%v), want %s", what, e.Kind, err, kind)
	}
	return e
}
