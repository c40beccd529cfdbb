// Package hbtest is Hostbase's test harness: apps wired exactly like the
// binary, data dirs seeded once per test binary and cloned per test, and an
// in-process HTTP client that speaks to the real router.
//
//	func TestMain(m *testing.M) { hbtest.Main(m) }
//
//	dir := hbtest.SeedDir(t, "world", seedWorld)
//	app := hbtest.NewApp(t, dir)
//	status, body := app.Do(t, "GET", "/api/health", "", nil)
package hbtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/ezscale/hostbase/hooks"
	"github.com/ezscale/hostbase/hooks/secrets"
	_ "github.com/ezscale/hostbase/pb_migrations" // every migration runs in a test app
)

// TestKey is the encryption key of every test app.
var TestKey = bytes.Repeat([]byte{0x42}, secrets.KeySize)

// App is a test app wired like the binary, with its router built.
type App struct {
	*tests.TestApp
	handler http.Handler
	Keys    *secrets.Keyring
}

// NewApp clones dataDir ("" starts from an empty, freshly migrated dir),
// registers every Hostbase hook and builds the router. The app is cleaned up
// when tb ends. It has no provisioner plugins and no provisioning workers.
func NewApp(tb testing.TB, dataDir string) *App {
	tb.Helper()
	return NewAppWith(tb, dataDir, hooks.Deps{Workers: -1})
}

// NewAppWith is NewApp with deps (its Keys are always the test key).
func NewAppWith(tb testing.TB, dataDir string, deps hooks.Deps) *App {
	tb.Helper()
	if dataDir == "" {
		dataDir = tb.TempDir()
	}
	ta, err := tests.NewTestApp(dataDir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(ta.Cleanup)
	// Request logs are written by a goroutine that may outlive the test.
	ta.Settings().Logs.MaxDays = 0

	c, err := secrets.NewCipher(TestKey)
	if err != nil {
		tb.Fatal(err)
	}
	keys := secrets.StaticKeyring(c)
	deps.Keys = keys
	hooks.Register(ta, deps)

	router, err := apis.NewRouter(ta)
	if err != nil {
		tb.Fatal(err)
	}
	se := &core.ServeEvent{App: ta, Router: router}
	var handler http.Handler
	err = ta.OnServe().Trigger(se, func(e *core.ServeEvent) error {
		mux, err := e.Router.BuildMux()
		handler = mux
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return &App{TestApp: ta, handler: handler, Keys: keys}
}

// Do sends one request through the app's router. token is an auth token
// ("" for an anonymous visitor); body is JSON-encoded unless it is an
// io.Reader or nil.
func (a *App) Do(tb testing.TB, method, url, token string, body any) (int, []byte) {
	tb.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case io.Reader:
		r = b
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			tb.Fatal(err)
		}
		r = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, url, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

var (
	seedMu   sync.Mutex
	seedDirs = map[string]string{}
)

// SeedDir returns a data dir migrated and filled by seed, made once per test
// binary under key. Tests clone it with NewApp and never change it.
func SeedDir(tb testing.TB, key string, seed func(app *App) error) string {
	tb.Helper()
	seedMu.Lock()
	defer seedMu.Unlock()
	if dir, ok := seedDirs[key]; ok {
		return dir
	}
	app := NewApp(tb, "")
	if err := seed(app); err != nil {
		tb.Fatalf("seed %s: %v", key, err)
	}
	dir, err := os.MkdirTemp("", "hostbase-seed-")
	if err != nil {
		tb.Fatal(err)
	}
	// Checkpoint the WAL so that the copy holds every write.
	if _, err := app.DB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute(); err != nil {
		tb.Fatal(err)
	}
	if _, err := app.AuxDB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute(); err != nil {
		tb.Fatal(err)
	}
	if err := os.CopyFS(dir, os.DirFS(app.DataDir())); err != nil {
		tb.Fatal(err)
	}
	seedDirs[key] = dir
	return dir
}

// Main runs a test binary's tests and removes the seeded dirs afterwards,
// after running cleanups (stopping shared test servers).
func Main(m *testing.M, cleanups ...func()) {
	code := m.Run()
	for _, c := range cleanups {
		c()
	}
	seedMu.Lock()
	for _, dir := range seedDirs {
		os.RemoveAll(dir)
	}
	seedMu.Unlock()
	os.Exit(code)
}

// MigratedDir returns a data dir with every migration applied and nothing
// else, made once per test binary: cloning it is ten times faster than
// migrating a fresh dir.
func MigratedDir(tb testing.TB) string {
	return SeedDir(tb, "migrated", func(*App) error { return nil })
}

// ServeHTTP serves a request through the app's router, so that a test can
// send its own headers or put the app behind an httptest.Server.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.handler.ServeHTTP(w, r) }
