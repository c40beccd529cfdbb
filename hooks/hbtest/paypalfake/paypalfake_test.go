package paypalfake_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/hooks/hbtest/paypalfake"
)

type client struct {
	t     *testing.T
	fake  *paypalfake.Server
	token string
}

func newClient(t *testing.T) *client {
	t.Helper()
	c := &client{t: t, fake: paypalfake.Start(t)}
	status, body := c.tokenWith(paypalfake.ClientID, paypalfake.Secret)
	if status != http.StatusOK {
		t.Fatalf("token: %d %v", status, body)
	}
	if _, ok := body["expires_in"].(json.Number); !ok {
		t.Fatalf("expires_in %#v, want a JSON number", body["expires_in"])
	}
	c.token = body["access_token"].(string)
	return c
}

func (c *client) tokenWith(id, secret string) (int, map[string]any) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.fake.URL()+"/v1/oauth2/token", strings.NewReader("grant_type=client_credentials"))
	req.SetBasicAuth(id, secret)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.send(req)
}

// do sends an API call with the bearer token and, when set, a
// PayPal-Request-Id.
func (c *client) do(method, path, requestID string, body any) (int, map[string]any) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		// unescaped, as PayPal writes JSON: an event passed back for
		// verification must keep its bytes
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(body); err != nil {
			c.t.Fatal(err)
		}
		rd = &buf
	}
	req, _ := http.NewRequest(method, c.fake.URL()+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if requestID != "" {
		req.Header.Set("PayPal-Request-Id", requestID)
	}
	return c.send(req)
}

func (c *client) send(req *http.Request) (int, map[string]any) {
	c.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		c.t.Fatalf("%s %s: %d, body is not JSON: %s", req.Method, req.URL.Path, resp.StatusCode, raw)
	}
	return resp.StatusCode, out
}

func orderBody(value, currency, invoiceID string) map[string]any {
	return map[string]any{
		"intent": "CAPTURE",
		"purchase_units": []any{map[string]any{
			"amount":     map[string]string{"currency_code": currency, "value": value},
			"custom_id":  "inv_1",
			"invoice_id": invoiceID,
		}},
		"application_context": map[string]string{"return_url": "https://shop.example/return", "cancel_url": "https://shop.example/cancel"},
	}
}

// wantError checks PayPal's error body: name, message, debug_id and the
// first detail's issue.
func wantError(t *testing.T, status int, body map[string]any, wantStatus int, wantName, wantIssue string) {
	t.Helper()
	if status != wantStatus || body["name"] != wantName || body["message"] == "" || body["debug_id"] == "" {
		t.Fatalf("%d %v, want %d %s with message and debug_id", status, body, wantStatus, wantName)
	}
	details, _ := body["details"].([]any)
	if wantIssue == "" {
		return
	}
	if len(details) == 0 {
		t.Fatalf("%v: no details, want issue %s", body, wantIssue)
	}
	d := details[0].(map[string]any)
	if d["issue"] != wantIssue || d["description"] == "" {
		t.Fatalf("detail %v, want issue %s with a description", d, wantIssue)
	}
}

func TestTokenRefusesWrongCredentials(t *testing.T) {
	c := newClient(t)
	status, body := c.tokenWith(paypalfake.ClientID, "wrong")
	if status != http.StatusUnauthorized || body["error"] != "invalid_client" || body["error_description"] != "Client Authentication failed" {
		t.Fatalf("%d %v, want 401 invalid_client", status, body)
	}
	c.token = "not-a-token"
	status, body = c.do(http.MethodGet, "/v2/checkout/orders/X", "", nil)
	if status != http.StatusUnauthorized || body["error"] != "invalid_token" {
		t.Fatalf("API call with an unknown token: %d %v, want 401 invalid_token", status, body)
	}
}

func TestCreateOrderIdempotentAndInvoiceIDUnique(t *testing.T) {
	c := newClient(t)
	status, first := c.do(http.MethodPost, "/v2/checkout/orders", "req-1", orderBody("10.00", "USD", "INV-1-a"))
	if status != http.StatusCreated || first["status"] != "CREATED" {
		t.Fatalf("create: %d %v", status, first)
	}
	status, again := c.do(http.MethodPost, "/v2/checkout/orders", "req-1", orderBody("10.00", "USD", "INV-1-a"))
	if status != http.StatusOK || again["id"] != first["id"] {
		t.Fatalf("same PayPal-Request-Id: %d %v, want the first order %v", status, again["id"], first["id"])
	}
	status, body := c.do(http.MethodPost, "/v2/checkout/orders", "req-2", orderBody("10.00", "USD", "INV-1-a"))
	wantError(t, status, body, http.StatusUnprocessableEntity, "UNPROCESSABLE_ENTITY", "DUPLICATE_INVOICE_ID")

	var approve string
	for _, l := range first["links"].([]any) {
		if l := l.(map[string]any); l["rel"] == "approve" {
			approve = l["href"].(string)
		}
	}
	if approve != c.fake.URL()+"/checkoutnow?token="+first["id"].(string) {
		t.Fatalf("approve link %q", approve)
	}
}

func TestCreateOrderAmountRules(t *testing.T) {
	c := newClient(t)
	for _, tc := range []struct{ value, currency, issue string }{
		{"15.5", "JPY", "DECIMAL_PRECISION"},
		{"1500.50", "HUF", "DECIMAL_PRECISION"},
		{"1.234", "USD", "DECIMAL_PRECISION"},
		{"0.00", "USD", "CANNOT_BE_ZERO_OR_NEGATIVE"},
		{"-1.00", "USD", "CANNOT_BE_NEGATIVE"},
		{"12", "XYZ", "CURRENCY_NOT_SUPPORTED"},
	} {
		status, body := c.do(http.MethodPost, "/v2/checkout/orders", "", orderBody(tc.value, tc.currency, ""))
		wantError(t, status, body, http.StatusUnprocessableEntity, "UNPROCESSABLE_ENTITY", tc.issue)
	}
	if status, body := c.do(http.MethodPost, "/v2/checkout/orders", "", orderBody("1500", "JPY", "")); status != http.StatusCreated {
		t.Fatalf("1500 JPY: %d %v", status, body)
	}
}

func TestApproveCaptureOnceThenRefund(t *testing.T) {
	c := newClient(t)
	_, order := c.do(http.MethodPost, "/v2/checkout/orders", "", orderBody("10.00", "USD", "INV-2-a"))
	id := order["id"].(string)

	status, body := c.do(http.MethodPost, "/v2/checkout/orders/"+id+"/capture", "", map[string]any{})
	wantError(t, status, body, http.StatusUnprocessableEntity, "UNPROCESSABLE_ENTITY", "ORDER_NOT_APPROVED")

	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(c.fake.URL() + "/checkoutnow?token=" + id)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || loc == nil || loc.Host != "shop.example" || loc.Query().Get("token") != id || loc.Query().Get("PayerID") == "" {
		t.Fatalf("approve: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	status, captured := c.do(http.MethodPost, "/v2/checkout/orders/"+id+"/capture", "", map[string]any{})
	if status != http.StatusCreated || captured["status"] != "COMPLETED" {
		t.Fatalf("capture: %d %v", status, captured)
	}
	capture := captured["purchase_units"].([]any)[0].(map[string]any)["payments"].(map[string]any)["captures"].([]any)[0].(map[string]any)
	breakdown := capture["seller_receivable_breakdown"].(map[string]any)
	if capture["custom_id"] != "inv_1" || capture["invoice_id"] != "INV-2-a" ||
		breakdown["paypal_fee"].(map[string]any)["value"] != "0.83" || breakdown["net_amount"].(map[string]any)["value"] != "9.17" {
		t.Fatalf("capture %v", capture)
	}
	status, body = c.do(http.MethodPost, "/v2/checkout/orders/"+id+"/capture", "", map[string]any{})
	wantError(t, status, body, http.StatusUnprocessableEntity, "UNPROCESSABLE_ENTITY", "ORDER_ALREADY_CAPTURED")

	capID := capture["id"].(string)
	refund := func(requestID, value string) (int, map[string]any) {
		return c.do(http.MethodPost, "/v2/payments/captures/"+capID+"/refund", requestID,
			map[string]any{"amount": map[string]string{"currency_code": "USD", "value": value}, "custom_id": "cn_1"})
	}
	status, first := refund("r-1", "4.00")
	if status != http.StatusCreated || first["status"] != "COMPLETED" || first["custom_id"] != "cn_1" {
		t.Fatalf("refund: %d %v", status, first)
	}
	if status, again := refund("r-1", "4.00"); status != http.StatusOK || again["id"] != first["id"] {
		t.Fatalf("same PayPal-Request-Id: %d %v, want refund %v again", status, again["id"], first["id"])
	}
	status, body = refund("r-2", "6.01")
	wantError(t, status, body, http.StatusUnprocessableEntity, "UNPROCESSABLE_ENTITY", "REFUND_AMOUNT_EXCEEDED")
	// no amount refunds the rest
	status, rest := c.do(http.MethodPost, "/v2/payments/captures/"+capID+"/refund", "r-3", map[string]any{})
	if status != http.StatusCreated || rest["amount"].(map[string]any)["value"] != "6.00" {
		t.Fatalf("refund of the rest: %d %v", status, rest)
	}
	if _, shown := c.do(http.MethodGet, "/v2/payments/captures/"+capID, "", nil); shown["status"] != "REFUNDED" {
		t.Errorf("capture status %v after refunding all of it", shown["status"])
	}
	status, body = c.do(http.MethodPost, "/v2/payments/captures/NOSUCHCAPTURE/refund", "", map[string]any{})
	wantError(t, status, body, http.StatusNotFound, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID")
}

func TestFailNext(t *testing.T) {
	c := newClient(t)
	c.fake.FailNext(http.StatusInternalServerError)
	status, body := c.do(http.MethodPost, "/v2/checkout/orders", "req-1", orderBody("10.00", "USD", "INV-3-a"))
	wantError(t, status, body, http.StatusInternalServerError, "INTERNAL_SERVER_ERROR", "")
	if status, body := c.do(http.MethodPost, "/v2/checkout/orders", "req-1", orderBody("10.00", "USD", "INV-3-a")); status != http.StatusCreated {
		t.Fatalf("after the failure: %d %v, want the order created now", status, body)
	}
}

func TestVerifyWebhookSignature(t *testing.T) {
	c := newClient(t)
	body, header := c.fake.Event("PAYMENT.CAPTURE.COMPLETED", map[string]any{"id": "CAP1", "note": "Tom & Jerry <3"})
	if bytes.Contains(body, []byte(`\u0026`)) {
		t.Errorf("event body escapes &: %s", body)
	}
	var ev map[string]any
	if err := json.Unmarshal(body, &ev); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ev["id"].(string), "WH-") || ev["event_type"] != "PAYMENT.CAPTURE.COMPLETED" || ev["resource_type"] != "capture" || ev["create_time"] == "" || ev["summary"] == "" {
		t.Fatalf("event %s", body)
	}

	verify := func(webhookID string, header http.Header, event []byte) (int, map[string]any) {
		req := map[string]any{
			"auth_algo":         header.Get("PAYPAL-AUTH-ALGO"),
			"cert_url":          header.Get("PAYPAL-CERT-URL"),
			"transmission_id":   header.Get("PAYPAL-TRANSMISSION-ID"),
			"transmission_sig":  header.Get("PAYPAL-TRANSMISSION-SIG"),
			"transmission_time": header.Get("PAYPAL-TRANSMISSION-TIME"),
			"webhook_id":        webhookID,
			"webhook_event":     json.RawMessage(event),
		}
		return c.do(http.MethodPost, "/v1/notifications/verify-webhook-signature", "", req)
	}
	if _, res := verify(paypalfake.WebhookID, header, body); res["verification_status"] != "SUCCESS" {
		t.Fatalf("genuine event: %v", res)
	}
	if _, res := verify("OTHERWEBHOOK", header, body); res["verification_status"] != "FAILURE" {
		t.Errorf("another webhook id: %v, want FAILURE", res)
	}
	tampered := bytes.Replace(body, []byte("CAP1"), []byte("CAP2"), 1)
	if _, res := verify(paypalfake.WebhookID, header, tampered); res["verification_status"] != "FAILURE" {
		t.Errorf("tampered body: %v, want FAILURE", res)
	}
	forged := header.Clone()
	forged.Set("PAYPAL-TRANSMISSION-SIG", "Zm9yZ2Vk")
	if _, res := verify(paypalfake.WebhookID, forged, body); res["verification_status"] != "FAILURE" {
		t.Errorf("forged signature: %v, want FAILURE", res)
	}
	_, otherHeader := c.fake.Event("PAYMENT.CAPTURE.COMPLETED", map[string]any{"id": "CAP1", "note": "Tom & Jerry <3"})
	if _, res := verify(paypalfake.WebhookID, otherHeader, body); res["verification_status"] != "FAILURE" {
		t.Errorf("headers of another delivery: %v, want FAILURE", res)
	}
	missing := header.Clone()
	missing.Del("PAYPAL-CERT-URL")
	status, res := verify(paypalfake.WebhookID, missing, body)
	wantError(t, status, res, http.StatusBadRequest, "VALIDATION_ERROR", "Required field cannot be blank")
}
