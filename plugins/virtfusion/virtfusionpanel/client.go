package virtfusionpanel

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// ClientOptions tune the HTTP client; the zero value is what the plugin
// runs with. Tests shorten the waits.
type ClientOptions struct {
	// HTTPClient makes the requests; one with a 30 s timeout when nil.
	HTTPClient *http.Client
	// MaxAttempts is how many times a request is sent before its failure
	// is handed to Hostbase (whose queue retries later); 3 when zero.
	MaxAttempts int
	// BaseBackoff is the first wait after a 5xx or a network failure,
	// doubled each time; 500 ms when zero.
	BaseBackoff time.Duration
	// MaxRetryAfter caps how long the client itself waits on a 429's
	// Retry-After; a longer wait is handed to Hostbase as RetryableAfter.
	// 10 s when zero.
	MaxRetryAfter time.Duration
}

func (o ClientOptions) withDefaults() ClientOptions {
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 3
	}
	if o.BaseBackoff <= 0 {
		o.BaseBackoff = 500 * time.Millisecond
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = 10 * time.Second
	}
	return o
}

// dndWait is when to try again after a 423 without a Retry-After: "Do Not
// Disturb" on a server is set by staff for maintenance, typically hours.
const dndWait = 15 * time.Minute

// maxBody bounds what is read of an answer; the largest (a page of
// servers) is far smaller.
const maxBody = 8 << 20

// client speaks VirtFusion's REST API for one server's settings.
type client struct {
	base, token string
	opts        ClientOptions
	lim         *limiter
}

// apiError is an answer VirtFusion gave with a status that is not 2xx.
type apiError struct {
	Status       int
	Method, Path string
	Msg          string
}

func (e *apiError) Error() string {
	msg := e.Msg
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	return fmt.Sprintf("VirtFusion answered %d to %s %s: %s", e.Status, e.Method, e.Path, msg)
}

// statusOf is the HTTP status of a failed call, 0 if it got no answer.
func statusOf(err error) int {
	var e *apiError
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// do sends one request, retrying a 429 (after its Retry-After), and a 5xx
// or a network failure (with backoff) unless it is a POST, which might
// have been done: Hostbase's job retries it after looking again. out, when
// not nil, receives the JSON answer.
func (c *client) do(ctx context.Context, method, path string, body, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return sdk.Permanent(fmt.Errorf("encode %s %s: %w", method, path, err))
		}
	}
	idempotent := method != http.MethodPost
	var last error
	for attempt := 1; ; attempt++ {
		final := attempt >= c.opts.MaxAttempts
		if err := c.lim.Wait(ctx); err != nil {
			return sdk.Retryable(fmt.Errorf("%s %s: waiting for the rate limit: %w", method, path, err))
		}
		status, header, raw, err := c.send(ctx, method, path, payload)
		if err != nil {
			last = sdk.Retryable(fmt.Errorf("%s %s: %w", method, path, err))
			if ctx.Err() != nil || !idempotent || final {
				return last
			}
			if err := sleep(ctx, c.backoff(attempt)); err != nil {
				return last
			}
			continue
		}
		if status >= 200 && status < 300 {
			return decode(method, path, status, raw, out)
		}
		apiErr := &apiError{Status: status, Method: method, Path: path, Msg: errorMessage(raw)}
		wait, hasWait := retryAfter(header)
		switch {
		case status == http.StatusTooManyRequests:
			if !hasWait {
				wait = c.backoff(attempt)
			}
			if final || wait > c.opts.MaxRetryAfter {
				return &sdk.Error{Kind: sdk.KindRetryable, Message: apiErr.Error(), RetryAfter: wait, Err: apiErr}
			}
			if err := sleep(ctx, wait); err != nil {
				return sdk.Retryable(apiErr)
			}
			continue
		case status >= 500:
			last = &sdk.Error{Kind: sdk.KindRetryable, Message: apiErr.Error(), RetryAfter: wait, Err: apiErr}
			if !idempotent || final {
				return last
			}
			if !hasWait || wait > c.opts.MaxRetryAfter {
				wait = c.backoff(attempt)
			}
			if err := sleep(ctx, wait); err != nil {
				return last
			}
			continue
		}
		return classify(apiErr, wait, hasWait)
	}
}

func (c *client) send(ctx context.Context, method, path string, payload []byte) (int, http.Header, []byte, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.opts.HTTPClient.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return 0, nil, nil, fmt.Errorf("read the answer: %w", err)
	}
	return resp.StatusCode, resp.Header, raw, nil
}

func (c *client) backoff(attempt int) time.Duration {
	return c.opts.BaseBackoff << (attempt - 1)
}

// classify types a 4xx answer other than 429.
func classify(e *apiError, wait time.Duration, hasWait bool) error {
	switch e.Status {
	case http.StatusUnauthorized:
		return &sdk.Error{Kind: sdk.KindInvalidConfig, Field: keyAPIToken,
			Message: "VirtFusion refused the API token (missing, invalid or expired)", Err: e}
	case http.StatusForbidden:
		return &sdk.Error{Kind: sdk.KindInvalidConfig, Field: keyAPIToken,
			Message: "the API token lacks a permission this needs: " + e.Error(), Err: e}
	case http.StatusNotFound:
		return &sdk.Error{Kind: sdk.KindNotFound, Message: e.Error(), Err: e}
	case http.StatusLocked:
		// "Do Not Disturb" on the server: staff asked VirtFusion to leave
		// it alone for a while; it ends by itself.
		if !hasWait {
			wait = dndWait
		}
		return &sdk.Error{Kind: sdk.KindRetryable, RetryAfter: wait, Err: e,
			Message: "the server is in VirtFusion's \"Do Not Disturb\" mode; trying again later: " + e.Error()}
	}
	return &sdk.Error{Kind: sdk.KindPermanent, Message: e.Error(), Err: e}
}

// decode reads a 2xx answer into out. A body that is not JSON (a proxy's
// error page, a truncated answer) is retryable: the next try may be fine.
func decode(method, path string, status int, raw []byte, out any) error {
	if out == nil || len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return sdk.Retryable(fmt.Errorf("%s %s: VirtFusion answered %d with malformed JSON (%v): %q",
			method, path, status, err, snippet(raw)))
	}
	return nil
}

func snippet(raw []byte) string {
	s := strings.TrimSpace(string(raw))
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}

// errorMessage reads VirtFusion's error body: {"errors": [...]} on newer
// endpoints (or Laravel's {"errors": {"field": [...]}}), {"msg": ...} on
// older ones, {"message": ...} from the framework.
func errorMessage(raw []byte) string {
	var body struct {
		Errors  json.RawMessage `json:"errors"`
		Msg     string          `json:"msg"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(raw, &body) != nil {
		return snippet(raw)
	}
	var list []string
	if json.Unmarshal(body.Errors, &list) == nil && len(list) > 0 {
		return strings.Join(list, "; ")
	}
	var fields map[string][]string
	if json.Unmarshal(body.Errors, &fields) == nil && len(fields) > 0 {
		var parts []string
		for k, v := range fields {
			parts = append(parts, k+": "+strings.Join(v, ", "))
		}
		return strings.Join(parts, "; ")
	}
	if body.Msg != "" {
		return body.Msg
	}
	return body.Message
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date.
func retryAfter(h http.Header) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
