// Package paypalfake is an in-memory PayPal REST API for tests: OAuth2
// client credentials, Orders v2 (create, show, capture), Payments v2
// (show capture and refund, refund a capture) and webhook signature
// verification, following the shapes of PayPal's public documentation.
//
// Unlike a stateless mock it remembers what happened: an order must be
// approved (Approve, or a GET of its approve link) before it captures, an
// order captures once, refunds cannot exceed what was captured, and a
// repeated PayPal-Request-Id returns what the first request created.
// Webhook events built by Event carry transmission headers that only this
// server's verify-webhook-signature endpoint accepts.
//
// It listens on 127.0.0.1 only.
package paypalfake

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Credentials the fake accepts at /v1/oauth2/token, and the id of the one
// webhook it signs events for.
const (
	ClientID  = "hostbase-fake-client-id"
	Secret    = "hostbase-fake-secret"
	WebhookID = "1HB59326PF448521K"
)

// tokenLifetime is the expires_in the fake hands out (PayPal's is about
// nine hours too).
const tokenLifetime = 32400

// Request is one HTTP request the fake received.
type Request struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
}

// Server is a running fake PayPal.
type Server struct {
	ts      *httptest.Server
	signKey []byte

	mu             sync.Mutex
	tokens         map[string]bool
	orders         map[string]*order
	orderByRequest map[string]string // PayPal-Request-Id → order id
	orderByInvoice map[string]string // invoice_id → order id
	captures       map[string]*capture
	refunds        map[string]*refund
	refundByKey    map[string]string // capture id + PayPal-Request-Id → refund id
	transmissions  map[string]transmission
	failNext       []int
	declineNext    int
	holdNext       int
	refundStatus   []string
	requests       []Request
}

// Start runs a fake PayPal for the test and closes it when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	// an explicit loopback listener: httptest.NewServer would honour the
	// -httptest.serve flag and could listen elsewhere
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("paypalfake: listen: %v", err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		tb.Fatalf("paypalfake: signing key: %v", err)
	}
	s := &Server{
		signKey:        key,
		tokens:         map[string]bool{},
		orders:         map[string]*order{},
		orderByRequest: map[string]string{},
		orderByInvoice: map[string]string{},
		captures:       map[string]*capture{},
		refunds:        map[string]*refund{},
		refundByKey:    map[string]string{},
		transmissions:  map[string]transmission{},
	}
	s.ts = httptest.NewUnstartedServer(s.routes())
	s.ts.Listener.Close()
	s.ts.Listener = l
	s.ts.Start()
	tb.Cleanup(s.Close)
	return s
}

// URL is the API base, e.g. http://127.0.0.1:40123 (what
// HOSTBASE_PAYPAL_API_BASE would be).
func (s *Server) URL() string { return s.ts.URL }

// Close stops the server; Start arranges it at the end of the test.
func (s *Server) Close() { s.ts.Close() }

// FailNext makes the next API call (anything but the token endpoint and the
// buyer's approval page) answer status with PayPal's error body and change
// nothing. Calls queue: FailNext(500); FailNext(503) fails the next two.
func (s *Server) FailNext(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = append(s.failNext, status)
}

// Requests returns every request received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	copy(out, s.requests)
	return out
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/oauth2/token", s.token)
	mux.HandleFunc("POST /v2/checkout/orders", s.createOrder)
	mux.HandleFunc("GET /v2/checkout/orders/{id}", s.showOrder)
	mux.HandleFunc("POST /v2/checkout/orders/{id}/capture", s.captureOrder)
	mux.HandleFunc("GET /v2/payments/captures/{id}", s.showCapture)
	mux.HandleFunc("POST /v2/payments/captures/{id}/refund", s.refundCapture)
	mux.HandleFunc("GET /v2/payments/refunds/{id}", s.showRefund)
	mux.HandleFunc("POST /v1/notifications/verify-webhook-signature", s.verifyWebhookSignature)
	mux.HandleFunc("GET /checkoutnow", s.checkoutNow)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "RESOURCE_NOT_FOUND", "The specified resource does not exist.", "", "")
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		s.record(r, body)

		isAPI := strings.HasPrefix(r.URL.Path, "/v1/") || strings.HasPrefix(r.URL.Path, "/v2/")
		if isAPI && r.URL.Path != "/v1/oauth2/token" {
			if status, ok := s.takeFailure(); ok {
				writeServerError(w, status)
				return
			}
			if !s.authorized(w, r) {
				return
			}
		}
		mux.ServeHTTP(w, r)
	})
}

func (s *Server) record(r *http.Request, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, Request{
		Method: r.Method,
		Path:   r.URL.Path,
		Query:  r.URL.RawQuery,
		Header: r.Header.Clone(),
		Body:   body,
	})
}

func (s *Server) takeFailure() (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.failNext) == 0 {
		return 0, false
	}
	status := s.failNext[0]
	s.failNext = s.failNext[1:]
	return status, true
}

// token is the OAuth2 client-credentials grant.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok || id != ClientID || secret != Secret {
		writeJSON(w, http.StatusUnauthorized, map[string]string{
			"error":             "invalid_client",
			"error_description": "Client Authentication failed",
		})
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]string{
			"error":             "unsupported_grant_type",
			"error_description": "Grant Type is NULL",
		})
		return
	}
	tok := "A21AA" + randomToken(40)
	s.mu.Lock()
	s.tokens[tok] = true
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"scope":        "https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/payments/refund",
		"access_token": tok,
		"token_type":   "Bearer",
		"app_id":       "APP-80W284485P519543T",
		"expires_in":   tokenLifetime,
		"nonce":        time.Now().UTC().Format(time.RFC3339) + randomToken(20),
	})
}

// authorized checks the bearer token of an API call, answering 401 as
// PayPal does when it is missing or unknown.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok {
		writeError(w, http.StatusUnauthorized, "AUTHENTICATION_FAILURE",
			"Authentication failed due to invalid authentication credentials or a missing Authorization header.", "", "")
		return false
	}
	s.mu.Lock()
	known := s.tokens[tok]
	s.mu.Unlock()
	if !known {
		writeJSON(w, http.StatusUnauthorized, map[string]string{
			"error":             "invalid_token",
			"error_description": "Token signature verification failed",
		})
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// PayPal does not escape <, > and & in its JSON
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Paypal-Debug-Id", randomHex(13))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// decodeBody reads a JSON request body, answering PayPal's
// MALFORMED_REQUEST_JSON when it is not JSON. An empty body decodes as {}.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	body, _ := io.ReadAll(r.Body)
	if len(bytes.TrimSpace(body)) == 0 {
		return true
	}
	if err := json.Unmarshal(body, v); err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_REQUEST",
			"Request is not well-formed, syntactically incorrect, or violates schema.",
			"MALFORMED_REQUEST_JSON", "The request JSON is not well formed.")
		return false
	}
	return true
}
