package synergycppanel

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

// Retry is how the client tries a call again after a 429 or a 5xx.
type Retry struct {
	// Attempts is how many times a call is sent at most (1 = no retry).
	Attempts int
	// Backoff is the first wait between attempts, doubled each time, when
	// the panel names none.
	Backoff time.Duration
	// MaxWait caps one wait, Retry-After included. A longer Retry-After is
	// handed to Hostbase as sdk.RetryableAfter instead of waited out here.
	MaxWait time.Duration
}

// DefaultRetry is three attempts, waiting 250 ms then 500 ms, and at most
// 10 s for a Retry-After.
var DefaultRetry = Retry{Attempts: 3, Backoff: 250 * time.Millisecond, MaxWait: 10 * time.Second}

// client is the SynergyCP API as one server's settings reach it. The API
// key travels in the query string (?key=…) as the vendor's PHP client sends
// it; GET requests carry their data in the query too, other methods as a
// JSON body.
type client struct {
	base    string // without a trailing slash, e.g. https://api.example.com
	key     string
	http    *http.Client
	limiter *limiter
	retry   Retry
}

// APIError is a failed answer from the panel: an HTTP status outside 2xx,
// or a 2xx whose envelope says "error". Ignored is the panel's data.ignored,
// set when it declined an automatic suspension or wipe (a VIP client).
type APIError struct {
	Method, Path string
	Status       int
	Message      string
	Ignored      bool
	RetryAfter   time.Duration
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	return fmt.Sprintf("SynergyCP %s %s: HTTP %d: %s", e.Method, e.Path, e.Status, msg)
}

// envelope is every SynergyCP answer: {"data": …, "error": false,
// "messages": [{"text": …}]}.
type envelope struct {
	Data     json.RawMessage `json:"data"`
	Error    json.RawMessage `json:"error"`
	Messages []struct {
		Text string `json:"text"`
	} `json:"messages"`
}

// failed reports whether the envelope's error is anything but false, as
// the PHP client's `error !== false` does (an absent error counts as
// none, since some endpoints leave it out).
func (e envelope) failed() bool {
	s := strings.TrimSpace(string(e.Error))
	return s != "" && s != "false" && s != "null" && s != "0"
}

func (e envelope) message() string {
	for _, m := range e.Messages {
		if m.Text != "" {
			return m.Text
		}
	}
	var s string
	if json.Unmarshal(e.Error, &s) == nil && s != "" {
		return s
	}
	return ""
}

// get, post and patch call the API and decode data into out (nil to
// ignore it).
func (c *client) get(ctx context.Context, path string, q url.Values, out any) error {
	return c.do(ctx, http.MethodGet, path, q, nil, out)
}

func (c *client) post(ctx context.Context, path string, body, out any) error {
	return c.do(ctx, http.MethodPost, path, nil, body, out)
}

func (c *client) patch(ctx context.Context, path string, body, out any) error {
	return c.do(ctx, http.MethodPatch, path, nil, body, out)
}

// do sends one call, trying again after a 429 or a 503 (the panel did not
// act) and, for a GET, after any 5xx or network failure. A POST or PATCH
// that failed otherwise is not repeated here: Hostbase retries the whole
// operation, which looks for what the first attempt made before making
// anything.
func (c *client) do(ctx context.Context, method, path string, q url.Values, body, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return sdk.Permanent(fmt.Errorf("encode %s %s: %w", method, path, err))
		}
	}
	attempts := max(c.retry.Attempts, 1)
	backoff := c.retry.Backoff
	for attempt := 1; ; attempt++ {
		err := c.once(ctx, method, path, q, payload, out)
		if err == nil {
			return nil
		}
		wait, again := c.shouldRetry(method, err, backoff)
		if !again || attempt >= attempts {
			return typed(err)
		}
		if wait > c.retry.MaxWait {
			// The panel asks for more patience than a call should hold:
			// Hostbase's queue waits instead.
			return typed(err)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return typed(err)
		case <-timer.C:
		}
		backoff *= 2
	}
}

// shouldRetry says whether err is worth another attempt here, and after
// how long.
func (c *client) shouldRetry(method string, err error, backoff time.Duration) (time.Duration, bool) {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		switch {
		case apiErr.Status == http.StatusTooManyRequests || apiErr.Status == http.StatusServiceUnavailable:
			if apiErr.RetryAfter > 0 {
				return apiErr.RetryAfter, true
			}
			return backoff, true
		case apiErr.Status >= 500 && method == http.MethodGet:
			return backoff, true
		}
		return 0, false
	}
	var netErr *transportError
	if errors.As(err, &netErr) && method == http.MethodGet {
		return backoff, true
	}
	return 0, false
}

// transportError is a call that got no HTTP answer.
type transportError struct{ err error }

func (e *transportError) Error() string { return e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// malformedError is an answer that is not the JSON envelope.
type malformedError struct {
	Method, Path string
	Status       int
	Snippet      string
	Err          error
}

func (e *malformedError) Error() string {
	return fmt.Sprintf("SynergyCP %s %s: HTTP %d: the answer is not the API's JSON (%v): %q", e.Method, e.Path, e.Status, e.Err, e.Snippet)
}

func (c *client) once(ctx context.Context, method, path string, q url.Values, payload []byte, out any) error {
	if err := c.limiter.Wait(ctx); err != nil {
		return &transportError{fmt.Errorf("SynergyCP %s %s: waiting for the rate limit: %w", method, path, err)}
	}
	query := url.Values{}
	for k, v := range q {
		query[k] = v
	}
	query.Set("key", c.key)
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+"/"+strings.TrimLeft(path, "/")+"?"+query.Encode(), rd)
	if err != nil {
		return &APIError{Method: method, Path: path, Status: 0, Message: err.Error()}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		// The URL holds the key: say what failed without it.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return &transportError{fmt.Errorf("SynergyCP %s %s: %w", method, path, err)}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return &transportError{fmt.Errorf("SynergyCP %s %s: read the answer: %w", method, path, err)}
	}

	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	if ok && len(bytes.TrimSpace(raw)) == 0 {
		// A 204, or a 200 with nothing to say: done, with no data.
		return nil
	}
	var env envelope
	decodeErr := json.Unmarshal(raw, &env)
	if ok && decodeErr == nil && !env.failed() {
		if out == nil || len(env.Data) == 0 || string(env.Data) == "null" {
			return nil
		}
		if err := json.Unmarshal(env.Data, out); err != nil {
			return &malformedError{Method: method, Path: path, Status: resp.StatusCode, Snippet: snippet(raw), Err: err}
		}
		return nil
	}
	if ok && decodeErr != nil {
		return &malformedError{Method: method, Path: path, Status: resp.StatusCode, Snippet: snippet(raw), Err: decodeErr}
	}
	apiErr := &APIError{Method: method, Path: path, Status: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After"))}
	if decodeErr == nil {
		apiErr.Message = env.message()
		var data struct {
			Ignored bool `json:"ignored"`
		}
		if json.Unmarshal(env.Data, &data) == nil {
			apiErr.Ignored = data.Ignored
		}
	} else if !ok {
		apiErr.Message = snippet(raw)
	}
	return apiErr
}

// typed turns a client failure into the SDK's kinds, keeping the cause for
// errors.As inside the plugin.
func typed(err error) error {
	var apiErr *APIError
	var bad *malformedError
	switch {
	case errors.As(err, &apiErr):
		switch s := apiErr.Status; {
		case s == http.StatusUnauthorized || s == http.StatusForbidden:
			return &sdk.Error{Kind: sdk.KindInvalidConfig, Field: keyAPIKey,
				Message: "SynergyCP refused the API key: " + apiErr.Error(), Err: err}
		case s == http.StatusNotFound:
			return &sdk.Error{Kind: sdk.KindNotFound, Message: apiErr.Error(), Err: err}
		case s == http.StatusTooManyRequests || s >= 500 || s == 0:
			return &sdk.Error{Kind: sdk.KindRetryable, Message: apiErr.Error(), RetryAfter: apiErr.RetryAfter, Err: err}
		default:
			return &sdk.Error{Kind: sdk.KindPermanent, Message: apiErr.Error(), Err: err}
		}
	case errors.As(err, &bad):
		// Often a proxy's error page while the panel restarts; what the
		// call did is found again by the next attempt's lookups.
		return &sdk.Error{Kind: sdk.KindRetryable, Message: bad.Error(), Err: err}
	default:
		return sdk.Retryable(err)
	}
}

// retryAfter reads a Retry-After of seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

func snippet(raw []byte) string {
	s := strings.TrimSpace(string(raw))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
