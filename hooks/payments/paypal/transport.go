package paypal

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// call sends one authenticated JSON request to PayPal through the
// library's client (which fetches and renews the OAuth2 token) and decodes
// the answer into out. requestID, when set, is the PayPal-Request-Id that
// makes a retried call return the first call's result instead of acting
// twice.
func (g *Gateway) call(ctx context.Context, op, method, path string, body []byte, requestID string, out any) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, g.apiBase+path, rd)
	if err != nil {
		return fmt.Errorf("paypal: %s: %w", op, err)
	}
	req.Header.Set("Content-Type", "application/json")
	// the whole resource, not just id, status and links
	req.Header.Set("Prefer", "return=representation")
	if requestID != "" {
		req.Header.Set("PayPal-Request-Id", requestID)
	}
	return apiErrorOf(op, g.client.SendWithAuth(req, out))
}

// callJSON is call with a body marshalled from v.
func (g *Gateway) callJSON(ctx context.Context, op, method, path string, v any, requestID string, out any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("paypal: %s: %w", op, err)
	}
	return g.call(ctx, op, method, path, body, requestID, out)
}

// jsonErrorBodies turns an error answer that is not JSON (a proxy's HTML
// 502 page) into PayPal's error shape: the library would otherwise report
// only that it could not decode it, hiding the status.
type jsonErrorBodies struct{ next http.RoundTripper }

func (t jsonErrorBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.StatusCode < 400 {
		return resp, err
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt == "application/json" {
		return resp, nil
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	resp.Body.Close()
	text := strings.TrimSpace(string(raw))
	if text == "" {
		text = http.StatusText(resp.StatusCode)
	}
	body, _ := json.Marshal(map[string]string{"name": fmt.Sprintf("HTTP_%d", resp.StatusCode), "message": text})
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Type", "application/json")
	resp.Header.Del("Content-Length")
	return resp, nil
}
