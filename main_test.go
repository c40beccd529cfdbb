package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/hbtest/mailpit"
)

// hostbaseBinary returns the binary under test: $HOSTBASE_BIN (make test
// builds it first), or a fresh build of this package.
func hostbaseBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("HOSTBASE_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "hostbase")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// server is a running `hostbase serve`.
type server struct {
	base string
	cmd  *exec.Cmd
	log  *bytes.Buffer
}

func serve(t *testing.T, bin, dir string) *server {
	t.Helper()
	return serveWithEnv(t, bin, dir, nil)
}

func (s *server) call(t *testing.T, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.base+path, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return res.StatusCode, out
}

var passwordLine = regexp.MustCompile(`(?m)^\s+(?:customers|staff)\s+\w+\s+(\S+@\S+)\s+(\S+)$`)
var ownerLine = regexp.MustCompile(`owner@example.com\s+password: (\S+)`)

// seedDemo runs `hostbase demo` on a fresh data dir and returns the printed
// passwords by email.
func seedDemo(t *testing.T, bin, dir string) map[string]string {
	t.Helper()
	out, err := exec.Command(bin, "demo", "--dir", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("demo on a fresh data dir: %v\n%s", err, out)
	}
	pw := map[string]string{}
	for _, m := range passwordLine.FindAllStringSubmatch(string(out), -1) {
		pw[m[1]] = m[2]
	}
	if m := ownerLine.FindStringSubmatch(string(out)); m != nil {
		pw["owner@example.com"] = m[1]
	}
	if len(pw) != 5 {
		t.Fatalf("demo should print five accounts with passwords, got %v\n%s", pw, out)
	}
	return pw
}

// The two commands a self-hoster runs: demo on an empty dir, then serve.
func TestBinaryDemoThenServe(t *testing.T) {
	bin := hostbaseBinary(t)
	dir := filepath.Join(t.TempDir(), "pb_data")
	seedDemo(t, bin, dir)

	out, err := exec.Command(bin, "demo", "--if-empty", "--dir", dir).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "already seeded") {
		t.Fatalf("demo --if-empty on a seeded shop must exit quietly: %v %s", err, out)
	}
	if out, err := exec.Command(bin, "demo", "--dir", dir).CombinedOutput(); err == nil {
		t.Fatalf("demo on a seeded shop without --if-empty must fail: %s", out)
	}

	s := serve(t, bin, dir)
	status, list := s.call(t, "GET", "/api/collections/products/records?perPage=50", "", nil)
	if status != http.StatusOK {
		t.Fatalf("product list: %d", status)
	}
	if items := list["items"].([]any); len(items) != 13 {
		t.Errorf("anonymous visitors see the 13 visible demo products, got %d", len(items))
	}
	status, list = s.call(t, "GET", "/api/collections/customers/records", "", nil)
	if status != http.StatusOK || len(list["items"].([]any)) != 0 {
		t.Errorf("anonymous visitors must see no customers: %d %v", status, list)
	}

	res, err := http.Get(s.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.Contains(page, []byte(`src="app.js"`)) && !bytes.Contains(page, []byte(`src="/app.js"`)) {
		t.Fatalf("the storefront page is not served at /: %d %s", res.StatusCode, page)
	}
	for _, asset := range []string{"/app.js", "/style.css", "/_/"} {
		res, err := http.Get(s.base + asset)
		if err != nil || res.StatusCode != 200 {
			t.Errorf("GET %s: %v %v", asset, err, res.Status)
		}
		res.Body.Close()
	}
}

// Logins are rate limited per client: a password-guessing run hits 429.
func TestBinaryRateLimitsLogins(t *testing.T) {
	bin := hostbaseBinary(t)
	dir := filepath.Join(t.TempDir(), "pb_data")
	seedDemo(t, bin, dir)
	s := serve(t, bin, dir)
	limited := 0
	for i := 0; i < 30; i++ {
		status, _ := s.call(t, "POST", "/api/collections/customers/auth-with-password", "", map[string]any{"identity": "demo@example.com", "password": fmt.Sprintf("guess-%d", i)})
		if status == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("30 wrong passwords in a row were never rate limited")
	}
}

var otpCode = regexp.MustCompile(`one-time password is:\s*(?:<strong>)?\s*(\d+)`)

// Staff sign in with two factors: the password alone gets an MFA challenge,
// the second factor is a code sent by email (read here from a real SMTP
// server), and the completed sign-in lands in the login history.
func TestBinaryStaffNeedTwoFactors(t *testing.T) {
	bin := hostbaseBinary(t)
	dir := filepath.Join(t.TempDir(), "pb_data")
	pw := seedDemo(t, bin, dir)
	mail := mailpit.Start(t)
	s := serve(t, bin, dir)

	status, auth := s.call(t, "POST", "/api/collections/_superusers/auth-with-password", "", map[string]any{"identity": "owner@example.com", "password": pw["owner@example.com"]})
	if status != 200 {
		t.Fatalf("owner login: %d %v", status, auth)
	}
	owner := auth["token"].(string)
	status, body := s.call(t, "PATCH", "/api/settings", owner, map[string]any{
		"meta": map[string]any{"senderAddress": "noreply@example.com", "senderName": "Hostbase"},
		"smtp": map[string]any{"enabled": true, "host": mail.SMTPHost(), "port": mail.SMTPPort(), "tls": false},
	})
	if status != 200 {
		t.Fatalf("configure SMTP: %d %v", status, body)
	}

	status, body = s.call(t, "POST", "/api/collections/staff/auth-with-password", "", map[string]any{"identity": "admin@example.com", "password": pw["admin@example.com"]})
	mfaID, _ := body["mfaId"].(string)
	if status != http.StatusUnauthorized || mfaID == "" || body["token"] != nil {
		t.Fatalf("a staff password alone must not sign in: %d %v", status, body)
	}

	status, body = s.call(t, "POST", "/api/collections/staff/request-otp", "", map[string]any{"email": "admin@example.com"})
	otpID, _ := body["otpId"].(string)
	if status != 200 || otpID == "" {
		t.Fatalf("request OTP: %d %v", status, body)
	}
	msg := mail.WaitFor(t, func(m mailpit.Message) bool { return m.HasRecipient("admin@example.com") }, 10*time.Second)
	full, err := mail.Message(context.Background(), msg.ID)
	if err != nil {
		t.Fatal(err)
	}
	m := otpCode.FindStringSubmatch(full.HTML + full.Text)
	if m == nil {
		t.Fatalf("no code in the OTP email: %q", full.Text)
	}

	status, body = s.call(t, "POST", "/api/collections/staff/auth-with-otp", "", map[string]any{"otpId": otpID, "password": "00000000", "mfaId": mfaID})
	if status == 200 {
		t.Fatal("a wrong code signed in")
	}
	status, body = s.call(t, "POST", "/api/collections/staff/auth-with-otp", "", map[string]any{"otpId": otpID, "password": m[1], "mfaId": mfaID})
	token, _ := body["token"].(string)
	if status != 200 || token == "" {
		t.Fatalf("password + emailed code must sign in: %d %v", status, body)
	}

	status, list := s.call(t, "GET", "/api/collections/login_history/records", token, nil)
	if status != 200 || len(list["items"].([]any)) != 1 {
		t.Fatalf("the completed sign-in (and only it) is in the login history: %d %v", status, list)
	}
	if method := list["items"].([]any)[0].(map[string]any)["method"]; method != "otp" {
		t.Errorf("login history method = %v, want otp (the factor that completed it)", method)
	}
}
