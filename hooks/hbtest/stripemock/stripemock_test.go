package stripemock_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/hbtest/stripemock"
)

func TestMain(m *testing.M) {
	code := m.Run()
	stripemock.Stop()
	os.Exit(code)
}

func get(t *testing.T, client *http.Client, u string) (int, map[string]any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+stripemock.APIKey)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]any
	if err := json.Unmarshal(body, &obj); err != nil {
		t.Fatalf("GET %s: %s: not JSON: %v\n%s", u, resp.Status, err, body)
	}
	return resp.StatusCode, obj
}

func TestCustomer(t *testing.T) {
	s := stripemock.Start(t)
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL %q", s.URL())
	}
	code, obj := get(t, http.DefaultClient, s.URL()+"/v1/customers/cus_123")
	if code != http.StatusOK || obj["object"] != "customer" {
		t.Fatalf("GET /v1/customers/cus_123: %d %v", code, obj)
	}
	if obj["id"] != "cus_123" {
		t.Errorf("id %v, want the requested cus_123", obj["id"])
	}

	// The HTTPS listener (self-signed) is on loopback too.
	insecure := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	defer insecure.CloseIdleConnections()
	code, obj = get(t, insecure, s.HTTPSURL()+"/v1/customers/cus_123")
	if code != http.StatusOK || obj["object"] != "customer" {
		t.Fatalf("HTTPS GET: %d %v", code, obj)
	}
}

func TestUnauthenticatedIsRejected(t *testing.T) {
	s := stripemock.Shared(t)
	resp, err := http.PostForm(s.URL()+"/v1/customers", url.Values{"email": {"a@example.test"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("POST without a key: %s, want 401", resp.Status)
	}
	if stripemock.Shared(t) != s {
		t.Error("Shared returned two servers")
	}
}
