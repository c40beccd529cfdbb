package pteropanel

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Tunables of the HTTP client; tests shorten them.
var (
	// RequestTimeout bounds one HTTP request.
	RequestTimeout = 30 * time.Second
	// MaxAttempts is how many times a request is sent on 429 or 5xx.
	MaxAttempts = 3
	// RetryAfterCap bounds how long the client itself waits on a 429's
	// Retry-After; a longer wait is handed to Hostbase as RetryableAfter.
	RetryAfterCap = 10 * time.Second
	// BackoffBase is the first wait between attempts after a 5xx.
	BackoffBase = 500 * time.Millisecond
)

// client talks to one panel's API with one key: the application API
// (/api/application, a ptla_ key) or the client API (/api/client, ptlc_).
type client struct {
	base    string // e.g. https://panel.example.com/api/application
	key     string
	keyName string // the config field holding key, for InvalidConfig
	http    *http.Client
	limit   *limiter
}

// apiError is one entry of the panel's error body:
// {"errors":[{"code":"NotFoundHttpException","status":"404","detail":"…","meta":{…}}]}.
type apiError struct {
	Code   string `json:"code"`
	Status string `json:"status"`
	Detail string `json:"detail"`
	Meta   struct {
		SourceField string `json:"source_field"`
		Rule        string `json:"rule"`
	} `json:"meta"`
}

// httpError is a non-2xx answer, kept whole so that callers can look at the
// status and the failing field before it is typed for Hostbase.
type httpError struct {
	Method, Path string
	Status       int
	Errors       []apiError
	RetryAfter   time.Duration
}

func (e *httpError) Error() string {
	var parts []string
	for _, a := range e.Errors {
		d := a.Detail
		if a.Meta.SourceField != "" {
			d = a.Meta.SourceField + ": " + d
		}
		parts = append(parts, d)
	}
	msg := strings.Join(parts, "; ")
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	return fmt.Sprintf("pterodactyl %s %s: HTTP %d: %s", e.Method, e.Path, e.Status, msg)
}

// field returns the first validation error's source field, "" if none.
func (e *httpError) field() string {
	for _, a := range e.Errors {
		if a.Meta.SourceField != "" {
			return a.Meta.SourceField
		}
	}
	return ""
}

func statusOf(err error) int {
	var h *httpError
	if errors.As(err, &h) {
		return h.Status
	}
	return 0
}

// isStatus reports whether err is the panel answering with one of codes.
func isStatus(err error, codes ...int) bool {
	s := statusOf(err)
	for _, c := range codes {
		if s == c {
			return true
		}
	}
	return false
}

// typed turns a failure into the SDK's kinds: a refused key is for staff
// to mend, a missing resource is NotFound, a throttle or a panel error is
// worth retrying, any other refusal will not mend by itself.
func (c *client) typed(err error) error {
	var h *httpError
	if !errors.As(err, &h) {
		var se *sdk.Error
		if errors.As(err, &se) {
			return err
		}
		return sdk.Retryable(err)
	}
	switch {
	case h.Status == http.StatusUnauthorized || h.Status == http.StatusForbidden:
		return sdk.InvalidConfig(c.keyName, "the panel refused the API key (HTTP %d): check that it is a valid %s key with read and write access", h.Status, keyPrefix(c.keyName))
	case h.Status == http.StatusNotFound:
		return &sdk.Error{Kind: sdk.KindNotFound, Message: h.Error(), Err: h}
	case h.Status == http.StatusTooManyRequests:
		return sdk.RetryableAfter(h, h.RetryAfter)
	case h.Status == http.StatusConflict || h.Status == http.StatusRequestTimeout || h.Status >= 500:
		return sdk.Retryable(h)
	default:
		return sdk.Permanent(h)
	}
}

// do sends one request and decodes a JSON answer into out (if not nil).
// query may be nil; body is sent as JSON when not nil. 429 and 5xx are
// retried here with backoff, honouring Retry-After up to RetryAfterCap.
// The error is typed for Hostbase but keeps the *httpError inside.
func (c *client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return sdk.Permanent(fmt.Errorf("encode %s %s: %w", method, path, err))
		}
	}
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var err error
	for attempt := 1; ; attempt++ {
		err = c.once(ctx, method, path, u, payload, out)
		if err == nil || attempt >= MaxAttempts || !isStatus(err, 429, 500, 502, 503, 504) {
			break
		}
		wait := BackoffBase << (attempt - 1)
		var h *httpError
		if errors.As(err, &h) && h.Status == http.StatusTooManyRequests && h.RetryAfter > 0 {
			if h.RetryAfter > RetryAfterCap {
				break // too long to hold the call: Hostbase schedules it
			}
			wait = h.RetryAfter
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return sdk.Retryable(fmt.Errorf("%s %s: %w (after %v)", method, path, ctx.Err(), err))
		case <-t.C:
		}
	}
	if err != nil {
		return c.typed(err)
	}
	return nil
}

func (c *client) once(ctx context.Context, method, path, u string, payload []byte, out any) error {
	if err := c.limit.Wait(ctx); err != nil {
		return sdk.Retryable(fmt.Errorf("waiting for the rate limit: %w", err))
	}
	ctx, cancel := context.WithTimeout(ctx, RequestTimeout)
	defer cancel()
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return sdk.InvalidConfig("url", "bad panel URL: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return sdk.Retryable(fmt.Errorf("pterodactyl %s %s: %w", method, path, err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return sdk.Retryable(fmt.Errorf("pterodactyl %s %s: reading the answer: %w", method, path, err))
	}
	if resp.StatusCode >= 300 {
		h := &httpError{Method: method, Path: path, Status: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After"))}
		var env struct {
			Errors []apiError `json:"errors"`
		}
		if json.Unmarshal(raw, &env) == nil {
			h.Errors = env.Errors
		}
		return h
	}
	if out == nil || resp.StatusCode == http.StatusNoContent || len(bytes.TrimSpace(raw)) == 0 {
		if out != nil && resp.StatusCode != http.StatusNoContent {
			return sdk.Retryable(fmt.Errorf("pterodactyl %s %s: HTTP %d with an empty body, expected JSON", method, path, resp.StatusCode))
		}
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		// A proxy's HTML error page or a half-written answer: say so plainly,
		// and let Hostbase try again, since the panel may be restarting.
		return sdk.Retryable(fmt.Errorf("pterodactyl %s %s: the panel's answer is not the JSON expected (%v): %q",
			method, path, err, snippet(raw)))
	}
	return nil
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, time.Until(t))
	}
	return 0
}

func snippet(b []byte) string {
	const n = 120
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

func asHTTP(err error, target **httpError) bool { return errors.As(err, target) }
