package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/ezscale/hostbase/hooks/hbtest/mailpit"
	"github.com/ezscale/hostbase/hooks/hbtest/paypalfake"
	"github.com/ezscale/hostbase/hooks/hbtest/stripemock"
	"github.com/ezscale/hostbase/hooks/payments/stripe/stripetest"
)

const chromiumPath = "/usr/bin/chromium"

// browserWorld is a running shop for the browser journeys: the built
// binary with the demo catalog, stripe-mock, the fake PayPal, mailpit as
// SMTP and the example provisioner plugin behind the Cloud VPS S.
type browserWorld struct {
	srv     *server
	mail    *mailpit.Server
	owner   string // superuser token
	control *httptest.Server
}

// needBrowser skips when this machine cannot run the journeys; .ci/run
// installs both, so CI always runs them.
func needBrowser(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser journeys need Chromium at %s (apt-get install chromium)", chromiumPath)
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("browser journeys need node (apt-get install nodejs npm)")
	}
	if _, err := os.Stat(filepath.Join("node_modules", "playwright-core", "package.json")); err != nil {
		t.Skip("browser journeys need node_modules/playwright-core: run npm ci")
	}
}

// examplePlugin returns a directory holding the example provisioner
// plugin: make build's bin/plugins beside $HOSTBASE_BIN, or a fresh build.
func examplePlugin(t *testing.T, bin string) string {
	t.Helper()
	const name = "hostbase-provisioner-example"
	if dir := filepath.Join(filepath.Dir(bin), "plugins"); fileExists(filepath.Join(dir, name)) {
		return dir
	}
	dir := t.TempDir()
	out, err := exec.Command("go", "build", "-o", filepath.Join(dir, name), "./plugins/example").CombinedOutput()
	if err != nil {
		t.Fatalf("build the example plugin: %v\n%s", err, out)
	}
	return dir
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// serveWithEnv is serve with extra environment (gateways, plugins).
func serveWithEnv(t *testing.T, bin, dir string, env []string) *server {
	t.Helper()
	addr := freePort(t)
	var log bytes.Buffer
	cmd := exec.Command(bin, "serve", "--dir", dir, "--http", addr)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = &log, &log
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{base: "http://" + addr, cmd: cmd, log: &log}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			t.Error("hostbase did not stop within 10s of SIGTERM")
		}
		if t.Failed() {
			t.Logf("hostbase log:\n%s", log.String())
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(s.base + "/api/health"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("hostbase never became healthy:\n%s", log.String())
	return nil
}

func newBrowserWorld(t *testing.T) *browserWorld {
	t.Helper()
	bin := hostbaseBinary(t)
	dir := filepath.Join(t.TempDir(), "pb_data")
	pw := seedDemo(t, bin, dir)
	stripe := stripemock.Start(t)
	paypal := paypalfake.Start(t)
	mail := mailpit.Start(t)
	srv := serveWithEnv(t, bin, dir, []string{
		"HOSTBASE_STRIPE_SECRET_KEY=" + stripetest.SecretKey,
		"HOSTBASE_STRIPE_WEBHOOK_SECRET=" + stripetest.WebhookSecret,
		"HOSTBASE_STRIPE_API_BASE=" + stripe.URL(),
		"HOSTBASE_PAYPAL_CLIENT_ID=" + paypalfake.ClientID,
		"HOSTBASE_PAYPAL_SECRET=" + paypalfake.Secret,
		"HOSTBASE_PAYPAL_API_BASE=" + paypal.URL(),
		"HOSTBASE_PAYPAL_WEBHOOK_ID=" + paypalfake.WebhookID,
		"HOSTBASE_PLUGINS_DIR=" + examplePlugin(t, bin),
	})
	w := &browserWorld{srv: srv, mail: mail}

	status, auth := srv.call(t, "POST", "/api/collections/_superusers/auth-with-password", "", map[string]any{"identity": "owner@example.com", "password": pw["owner@example.com"]})
	if status != http.StatusOK {
		t.Fatalf("owner login: %d %v", status, auth)
	}
	w.owner = auth["token"].(string)
	// Payment pages return to the address the browser uses, and mail goes
	// to mailpit.
	w.must(t, "PATCH", "/api/settings", map[string]any{
		"meta": map[string]any{"appURL": srv.base, "senderAddress": "noreply@example.com", "senderName": "Hostbase"},
		"smtp": map[string]any{"enabled": true, "host": mail.SMTPHost(), "port": mail.SMTPPort(), "tls": false},
	})
	if _, settings := w.list(t, "settings/records"); len(settings) == 1 {
		w.must(t, "PATCH", "/api/collections/settings/records/"+settings[0]["id"].(string), map[string]any{"storefront_url": srv.base})
	}
	// The Cloud VPS S is built by the example plugin, on a server whose
	// "panel" is a directory.
	group := w.must(t, "POST", "/api/collections/server_groups/records", map[string]any{"name": "Example panel", "strategy": "least_full"})
	w.must(t, "POST", "/api/collections/servers/records", map[string]any{"name": "example-1", "plugin": "example", "group": group["id"], "enabled": true,
		"capacity": 10, "config": map[string]any{"directory": t.TempDir()}, "credentials": `{"api_token":"panel-token-123"}`})
	status, products := w.list(t, "products/records?filter="+urlQuery("slug='cloud-vps-s'"))
	if len(products) != 1 {
		t.Fatalf("the demo has no cloud-vps-s product: %d", status)
	}
	w.must(t, "PATCH", "/api/collections/products/records/"+products[0]["id"].(string), map[string]any{
		"provisioner": "example", "provisioner_config": map[string]any{"plan": "small", "memory_mb": 2048}, "server_group": group["id"], "auto_setup": "on_payment"})

	w.control = httptest.NewServer(http.HandlerFunc(w.controlHandler(t)))
	t.Cleanup(w.control.Close)
	return w
}

func urlQuery(s string) string { return url.QueryEscape(s) }

func (w *browserWorld) must(t *testing.T, method, path string, body any) map[string]any {
	t.Helper()
	status, out := w.srv.call(t, method, path, w.owner, body)
	if status >= 300 {
		t.Fatalf("%s %s: %d %v", method, path, status, out)
	}
	return out
}

func (w *browserWorld) list(t *testing.T, collectionQuery string) (int, []map[string]any) {
	t.Helper()
	status, out := w.srv.call(t, "GET", "/api/collections/"+collectionQuery, w.owner, nil)
	var items []map[string]any
	raw, _ := json.Marshal(out["items"])
	_ = json.Unmarshal(raw, &items)
	return status, items
}

// controlHandler is what a journey asks of the outside world. POST
// /stripe/checkout-completed {invoice, customer, amount, currency} delivers
// the signed checkout.session.completed that Stripe sends once the hosted
// page has taken the card.
func (w *browserWorld) controlHandler(t *testing.T) func(http.ResponseWriter, *http.Request) {
	return func(rw http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/stripe/checkout-completed" {
			http.NotFound(rw, r)
			return
		}
		var in struct {
			Invoice  string `json:"invoice"`
			Customer string `json:"customer"`
			Amount   int64  `json:"amount"`
			Currency string `json:"currency"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Invoice == "" || in.Customer == "" || in.Amount <= 0 {
			http.Error(rw, "want {invoice, customer, amount, currency}", http.StatusBadRequest)
			return
		}
		session := stripetest.CheckoutSession(stripetest.NewID("cs_test"), in.Invoice, in.Customer, stripetest.NewID("pi"), in.Amount, in.Currency)
		body, header := stripetest.SignedEvent(t, "checkout.session.completed", session)
		req, _ := http.NewRequestWithContext(r.Context(), http.MethodPost, w.srv.base+"/api/hb/webhooks/stripe", bytes.NewReader(body))
		req.Header = header
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(rw, err.Error(), http.StatusBadGateway)
			return
		}
		defer res.Body.Close()
		answer, _ := io.ReadAll(res.Body)
		rw.WriteHeader(res.StatusCode)
		_, _ = rw.Write(answer)
	}
}

// runJourney runs tools/browser/<name>.mjs against the world, streaming its
// steps into the test log; a non-zero exit fails the test.
func (w *browserWorld) runJourney(t *testing.T, name string, env ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	artifacts, _ := filepath.Abs(filepath.Join("bin", "artifacts", "browser", name))
	_ = os.RemoveAll(artifacts)
	cmd := exec.CommandContext(ctx, "node", filepath.Join("tools", "browser", name+".mjs"))
	cmd.Env = append(os.Environ(), append([]string{
		"HOSTBASE_URL=" + w.srv.base,
		"HOSTBASE_CONTROL=" + w.control.URL,
		"HOSTBASE_MAILPIT=" + w.mail.URL(),
		"HOSTBASE_ARTIFACTS=" + artifacts,
		"CHROMIUM=" + chromiumPath,
	}, env...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	out, err := cmd.CombinedOutput()
	t.Logf("%s (screenshots in %s):\n%s", name, artifacts, out)
	if err != nil {
		t.Fatalf("journey %s failed: %v", name, err)
	}
}

// The shop's journeys, in one world: (1) a visitor configures a Cloud VPS
// with options and an add-on, applies a coupon (after a refused one), signs
// up at checkout, pays by card on Stripe's page, comes back, and watches the
// service become active; the welcome email arrives; the first load of the
// home page is under 300 KB and does not shift. Then the same customer
// resets the password from the email and logs in with it and with an
// emailed code; and a second customer signs up, verifies the address and
// pays with PayPal.
func TestBrowserJourneysShop(t *testing.T) {
	needBrowser(t)
	w := newBrowserWorld(t)
	email := fmt.Sprintf("visitor-%d@example.com", time.Now().UnixNano())
	w.runJourney(t, "journey_order_vps", "HOSTBASE_JOURNEY_EMAIL="+email)

	w.mail.WaitFor(t, func(m mailpit.Message) bool {
		return m.HasRecipient(email) && strings.Contains(m.Subject, "Cloud VPS S is ready")
	}, 20*time.Second)
	_, services := w.list(t, "services/records?filter="+urlQuery("status='active'"))
	if len(services) != 1 {
		t.Fatalf("exactly one service is active after one order, got %d", len(services))
	}
	// The journey pressed "Place order" twice (once refused for the terms):
	// one order exists, with its one invoice, paid.
	_, orders := w.list(t, "orders/records")
	_, invoices := w.list(t, "invoices/records")
	if len(orders) != 1 || len(invoices) != 1 || invoices[0]["status"] != "paid" {
		t.Fatalf("one order with one paid invoice, got %d orders and %v", len(orders), invoices)
	}

	// The same customer forgets the password, resets it from the email and
	// logs in with the new one.
	w.runJourney(t, "journey_password_reset", "HOSTBASE_JOURNEY_EMAIL="+email)

	// A second customer signs up, orders and pays with PayPal.
	w.runJourney(t, "journey_order_paypal")
	_, orders = w.list(t, "orders/records")
	_, paid := w.list(t, "invoices/records?filter="+urlQuery("status='paid'"))
	if len(orders) != 2 || len(paid) != 2 {
		t.Fatalf("two orders, both paid, after the PayPal journey: %d orders, %d paid invoices", len(orders), len(paid))
	}
}

// The storefront's own paths load the app (the browser routes them), a
// missing file is a 404 rather than the app's page, and the API and the
// dashboard stay PocketBase's.
func TestBinaryServesAppPaths(t *testing.T) {
	bin := hostbaseBinary(t)
	dir := filepath.Join(t.TempDir(), "pb_data")
	seedDemo(t, bin, dir)
	s := serve(t, bin, dir)
	get := func(path string) (int, string, string) {
		t.Helper()
		res, err := http.Get(s.base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Type"), string(body)
	}
	jwt := "/reset-password/eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjEyMyJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
	for _, path := range []string{"/", "/product/cloud-vps-s", "/client/invoices/abc123", "/client/orders/abc123", "/checkout", "/shop/", jwt} {
		status, ctype, body := get(path)
		if status != http.StatusOK || !strings.HasPrefix(ctype, "text/html") || !strings.Contains(body, `src="/app.js"`) {
			t.Errorf("GET %s: want the app's index.html, got %d %s", path, status, ctype)
		}
	}
	for _, path := range []string{"/missing.js", "/lib/nope.css", "/vendor/x-1.0/x.mjs"} {
		if status, _, body := get(path); status != http.StatusNotFound || strings.Contains(body, `src="/app.js"`) {
			t.Errorf("GET %s: a missing file must be a 404, got %d", path, status)
		}
	}
	if status, ctype, _ := get("/app.js"); status != http.StatusOK || !strings.Contains(ctype, "javascript") {
		t.Errorf("GET /app.js: %d %s", status, ctype)
	}
	if status, ctype, _ := get("/api/health"); status != http.StatusOK || !strings.Contains(ctype, "json") {
		t.Errorf("GET /api/health: %d %s", status, ctype)
	}
	if status, _, body := get("/api/no-such-route"); status != http.StatusNotFound || strings.Contains(body, `src="/app.js"`) {
		t.Errorf("an unknown API path is PocketBase's 404, not the app: %d", status)
	}
	if status, _, body := get("/_/"); status != http.StatusOK || strings.Contains(body, `src="/app.js"`) {
		t.Errorf("/_/ is the dashboard: %d", status)
	}
}

// The storefront's pure modules (money formatting, error reading, the
// after-login redirect) under node's test runner.
func TestStorefrontModules(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("the storefront's module tests need node (apt-get install nodejs)")
	}
	out, err := exec.Command("node", "--test", filepath.Join("tools", "browser", "modules.test.mjs")).CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
}

// serveStorefront answers one GET from the embedded pb_public through the
// storefront handler, as the router would call it.
func serveStorefront(tb testing.TB, handler func(*core.RequestEvent) error, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.SetPathValue(apis.StaticWildcardParam, strings.TrimPrefix(path, "/"))
	rec := httptest.NewRecorder()
	e := &core.RequestEvent{}
	e.Request, e.Response = req, rec
	if err := handler(e); err != nil {
		var apiErr *router.ApiError
		if !errors.As(err, &apiErr) && !errors.Is(err, router.ErrFileNotFound) {
			tb.Fatalf("GET %s: %v", path, err)
		}
		rec.Code = http.StatusNotFound
	}
	return rec
}

// BenchmarkStorefrontAppPath: a deep link (/product/…) answered with the
// app's index.html, and an asset answered as itself.
func BenchmarkStorefrontAppPath(b *testing.B) {
	handler := storefront(apis.MustSubFS(publicFS, "pb_public"))
	for _, path := range []string{"/product/cloud-vps-s", "/lib/money.js"} {
		b.Run(strings.TrimPrefix(path, "/"), func(b *testing.B) {
			if rec := serveStorefront(b, handler, path); rec.Code != http.StatusOK {
				b.Fatalf("GET %s: %d", path, rec.Code)
			}
			for b.Loop() {
				serveStorefront(b, handler, path)
			}
		})
	}
}
