package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestCountsAddUp(t *testing.T) {
	var served atomic.Int64
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := served.Add(1)
		if n%4 == 0 {
			http.Error(w, "every fourth fails", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	res, err := run(context.Background(), config{
		URL:         srv.URL,
		Concurrency: 8,
		Duration:    300 * time.Millisecond,
		Warmup:      50 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests == 0 {
		t.Fatal("no requests were made")
	}
	if res.Requests != res.Successes+res.Errors {
		t.Errorf("requests %d != successes %d + errors %d", res.Requests, res.Successes, res.Errors)
	}
	if res.Errors == 0 || res.Successes == 0 {
		t.Errorf("want both successes and errors, got %d/%d", res.Successes, res.Errors)
	}
	if got := res.Status["200"] + res.Status["503"]; int64(got) != res.Requests {
		t.Errorf("status counts %v do not add up to %d requests", res.Status, res.Requests)
	}
	if int64(res.Status["503"]) != res.Errors {
		t.Errorf("503s %d != errors %d", res.Status["503"], res.Errors)
	}
	// Warm-up requests reach the server but are not counted.
	if served.Load() <= res.Requests {
		t.Errorf("server saw %d requests, measured %d: warm-up should add some", served.Load(), res.Requests)
	}
	// Keep-alive: no more connections than workers.
	if c := conns.Load(); c > 8 {
		t.Errorf("opened %d connections for 8 workers", c)
	}
	if res.RPS <= 0 || res.Latency.P50 <= 0 || res.Latency.P50 > res.Latency.P99 || res.Latency.P99 > res.Latency.Max {
		t.Errorf("implausible rate/latency: %+v", res)
	}
}

func TestServerErrorsAreErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	}))
	defer srv.Close()

	res, err := run(context.Background(), config{
		URL:         srv.URL,
		Concurrency: 4,
		Duration:    5 * time.Second,
		MaxRequests: 100,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 100 {
		t.Errorf("-n 100 made %d requests", res.Requests)
	}
	if res.Successes != 0 || res.Errors != res.Requests {
		t.Errorf("500s must all be errors: successes %d, errors %d, requests %d", res.Successes, res.Errors, res.Requests)
	}
	if res.Status["500"] != 100 {
		t.Errorf("status counts %v", res.Status)
	}
	if res.SuccessRPS != 0 {
		t.Errorf("success rps %v, want 0", res.SuccessRPS)
	}
}

func TestTransportErrorsAreErrors(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more

	res, err := run(context.Background(), config{URL: url, Concurrency: 2, Duration: time.Second, MaxRequests: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 10 || res.Errors != 10 || res.Successes != 0 || len(res.ErrorKinds) == 0 {
		t.Errorf("want 10 transport errors, got %+v", res)
	}
}

func TestRefusesNonLoopback(t *testing.T) {
	_, err := run(context.Background(), config{URL: "http://192.0.2.1/", Concurrency: 1, Duration: time.Second})
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("want loopback refusal, got %v", err)
	}
}

func TestOutputFormats(t *testing.T) {
	r := summarize(config{URL: "http://127.0.0.1:1/", Method: "GET", Concurrency: 2, Duration: time.Second},
		[]sample{
			{latency: time.Millisecond, status: 200},
			{latency: 3 * time.Millisecond, status: 500},
			{latency: 2 * time.Millisecond, err: "dial tcp: connection refused"},
		}, time.Second)
	if r.Requests != 3 || r.Successes != 1 || r.Errors != 2 {
		t.Fatalf("counts: %+v", r)
	}
	if r.Latency.P50 != 2 || r.Latency.P99 != 3 || r.Latency.Min != 1 {
		t.Errorf("latency: %+v", r.Latency)
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(r); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"requests", "successes", "errors", "rps", "latency_ms", "status"} {
		if _, ok := back[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, buf.String())
		}
	}
	buf.Reset()
	printText(&buf, r)
	for _, want := range []string{"requests  3 (2xx 1, errors 2)", "p50 2.000ms", "500: 1"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, buf.String())
		}
	}
}
