package enhancepanel

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

// Tunables of the HTTP client; variables so that tests can shorten them.
var (
	// requestTimeout bounds one HTTP exchange with the panel.
	requestTimeout = 30 * time.Second
	// maxAttempts is how many times one request is sent at most.
	maxAttempts = 4
	// baseBackoff is the first wait after a failure, doubled each time.
	baseBackoff = 250 * time.Millisecond
	// maxRetryWait is the longest the client sleeps before a retry; a
	// Retry-After beyond it is handed to Hostbase (sdk.RetryableAfter)
	// instead of holding the call open.
	maxRetryWait = 10 * time.Second
)

// maxBody is the most of an answer the client reads: orchd's listings are
// paged, so anything larger is not an orchd answer.
const maxBody = 8 << 20

// client is a typed client for one Enhance panel's orchd API
// (https://apidocs.enhance.com): Bearer token, JSON in camelCase, errors as
// {"code": …, "detail": …}.
type client struct {
	base  string // e.g. https://cp.example.com/api, no trailing slash
	token string
	http  *http.Client
	lim   *limiter
}

// apiError is an answer of the panel other than 2xx, kept as the cause of
// the sdk.Error it is mapped to.
type apiError struct {
	Method, Path string
	Status       int
	// Code and Detail are orchd's error body, e.g. "already_exists",
	// "login"; Message its optional prose.
	Code, Detail, Message string
}

func (e *apiError) Error() string {
	msg := fmt.Sprintf("Enhance answered %s %s with %d", e.Method, e.Path, e.Status)
	if e.Code != "" {
		msg += " " + e.Code
	}
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// asAPIError returns the panel's answer behind err, if it was one.
func asAPIError(err error) (*apiError, bool) {
	var a *apiError
	ok := errors.As(err, &a)
	return a, ok
}

// isAlreadyExists reports whether the panel refused a create as a duplicate.
func isAlreadyExists(err error) bool {
	a, ok := asAPIError(err)
	return ok && (a.Code == "already_exists" || a.Status == http.StatusConflict)
}

// get, post, patch, put and del send one request; out, when not nil,
// receives the JSON answer.
func (c *client) get(ctx context.Context, path string, q url.Values, out any) error {
	return c.do(ctx, http.MethodGet, path, q, nil, out)
}

func (c *client) post(ctx context.Context, path string, q url.Values, body, out any) error {
	return c.do(ctx, http.MethodPost, path, q, body, out)
}

func (c *client) patch(ctx context.Context, path string, body any) error {
	return c.do(ctx, http.MethodPatch, path, nil, body, nil)
}

func (c *client) put(ctx context.Context, path string, body any) error {
	return c.do(ctx, http.MethodPut, path, nil, body, nil)
}

func (c *client) del(ctx context.Context, path string, q url.Values) error {
	return c.do(ctx, http.MethodDelete, path, q, nil, nil)
}

// do sends a request, retrying a refused one (429) always and a failed one
// (5xx, a broken connection) when it is safe to repeat: every call but POST
// sets absolute values. A POST that may have been carried out is not sent
// again here; Create, which is idempotent as a whole, is retried by
// Hostbase and finds what the lost POST made.
func (c *client) do(ctx context.Context, method, path string, q url.Values, body, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return sdk.Permanent(fmt.Errorf("encode %s %s: %w", method, path, err))
		}
	}
	u := c.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var last error
	for attempt := 1; ; attempt++ {
		if err := c.lim.Wait(ctx); err != nil {
			return sdk.Retryable(fmt.Errorf("%s %s: waiting for the rate limit: %w", method, path, err))
		}
		status, header, data, err := c.send(ctx, method, u, payload)
		wait, retry := time.Duration(0), false
		switch {
		case err != nil:
			last = sdk.Retryable(fmt.Errorf("%s %s: %w", method, path, err))
			retry = method != http.MethodPost && ctx.Err() == nil
		case status >= 200 && status < 300:
			return decode(method, path, data, out)
		default:
			last = c.typed(method, path, status, header, data)
			switch {
			case status == http.StatusTooManyRequests:
				retry = true
				wait = retryAfter(header)
			case status >= 500:
				retry = method != http.MethodPost
				wait = retryAfter(header)
			}
		}
		if !retry || attempt >= maxAttempts {
			return last
		}
		if wait == 0 {
			wait = baseBackoff << (attempt - 1)
		}
		if wait > maxRetryWait {
			// Too long to hold the call open: Hostbase waits instead.
			return sdk.RetryableAfter(last, wait)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return last
		case <-t.C:
		}
	}
}

// send makes one HTTP exchange.
func (c *client) send(ctx context.Context, method, u string, payload []byte) (int, http.Header, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return 0, nil, nil, fmt.Errorf("read the answer: %w", err)
	}
	return resp.StatusCode, resp.Header, data, nil
}

// typed maps a non-2xx answer to the SDK's kinds: a refused token is the
// settings' fault, a missing resource NotFound, a refused request
// permanent, the panel's own trouble retryable.
func (c *client) typed(method, path string, status int, header http.Header, data []byte) error {
	a := &apiError{Method: method, Path: path, Status: status}
	var body struct {
		Code    string `json:"code"`
		Detail  string `json:"detail"`
		Message string `json:"message"`
	}
	if json.Unmarshal(data, &body) == nil {
		a.Code, a.Detail, a.Message = body.Code, body.Detail, body.Message
	}
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return &sdk.Error{Kind: sdk.KindInvalidConfig, Field: keyAPIToken,
			Message: "the panel refused the API access token (" + strconv.Itoa(status) + "): it must be an access token of the master organisation with enough roles", Err: a}
	case status == http.StatusNotFound:
		return &sdk.Error{Kind: sdk.KindNotFound, Message: a.Error(), Err: a}
	case status == http.StatusTooManyRequests:
		return &sdk.Error{Kind: sdk.KindRetryable, Message: a.Error(), RetryAfter: retryAfter(header), Err: a}
	case status >= 500:
		return &sdk.Error{Kind: sdk.KindRetryable, Message: a.Error(), RetryAfter: retryAfter(header), Err: a}
	default:
		return &sdk.Error{Kind: sdk.KindPermanent, Message: a.Error(), Err: a}
	}
}

// decode reads a 2xx answer into out. An answer that is not the JSON
// expected (an HTML error page from a proxy, a truncated body) is a clear
// failure rather than a zero value.
func decode(method, path string, data []byte, out any) error {
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		snippet := strings.TrimSpace(string(data))
		if len(snippet) > 80 {
			snippet = snippet[:80] + "…"
		}
		return sdk.Permanent(fmt.Errorf("Enhance answered %s %s with something other than the JSON expected (%v): %q",
			method, path, err, snippet))
	}
	return nil
}

// retryAfter reads a Retry-After header, in seconds or as an HTTP date; 0
// when absent or unreadable.
func retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, time.Until(t))
	}
	return 0
}
