// Command loadtool is a small closed-loop HTTP load generator for loopback
// targets.
//
// It keeps -c connections busy: each of -c workers sends a request, reads the
// whole response, and sends the next one at once (a closed loop, like wrk or
// hey without -q). Throughput is therefore whatever the server sustains at that
// concurrency; latency percentiles are those of requests actually sent, so a
// server that stalls lowers the request count rather than showing up as queued
// requests (no coordinated-omission correction is attempted).
//
// Usage:
//
//	go run ./bench/loadtool -url http://127.0.0.1:8090/api/health -c 50 -d 10s [-warmup 2s] [-n N] [-json]
//
// Only 2xx responses count as successes; any other status and any transport
// error count as errors, so requests = successes + errors. When -d runs out no
// new request is started, and requests already in flight are waited for
// (each is bounded by -timeout) and counted; the elapsed time includes them.
//
// The target must resolve to loopback addresses only (127.0.0.0/8 or ::1):
// loadtool refuses to send load anywhere else.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// config is one load run's settings.
type config struct {
	URL         string
	Method      string
	Body        string
	Headers     http.Header
	Concurrency int
	Duration    time.Duration
	Warmup      time.Duration
	MaxRequests int64 // 0: no limit besides Duration
	Timeout     time.Duration
}

// result is the outcome of the measured phase of a run.
type result struct {
	URL         string         `json:"url"`
	Method      string         `json:"method"`
	Concurrency int            `json:"concurrency"`
	DurationSec float64        `json:"duration_s"` // requested -d
	WarmupSec   float64        `json:"warmup_s"`
	ElapsedSec  float64        `json:"elapsed_s"` // measured phase, in-flight tail included
	Requests    int64          `json:"requests"`
	Successes   int64          `json:"successes"`
	Errors      int64          `json:"errors"`
	RPS         float64        `json:"rps"`         // all completed requests per second
	SuccessRPS  float64        `json:"success_rps"` // 2xx per second
	BytesRead   int64          `json:"bytes_read"`
	Latency     latencySummary `json:"latency_ms"` // over all completed requests
	Status      map[string]int `json:"status"`     // HTTP status code -> count
	ErrorKinds  map[string]int `json:"error_kinds,omitempty"`
}

// latencySummary holds latency statistics in milliseconds.
type latencySummary struct {
	Min  float64 `json:"min"`
	Mean float64 `json:"mean"`
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P99  float64 `json:"p99"`
	Max  float64 `json:"max"`
}

// headerFlag collects repeated -H "Name: value" flags.
type headerFlag []string

func (h *headerFlag) String() string     { return strings.Join(*h, ", ") }
func (h *headerFlag) Set(v string) error { *h = append(*h, v); return nil }

func main() {
	var (
		cfg     config
		headers headerFlag
		asJSON  bool
	)
	flag.StringVar(&cfg.URL, "url", "", "target URL (must resolve to a loopback address)")
	flag.StringVar(&cfg.Method, "method", http.MethodGet, "HTTP method")
	flag.StringVar(&cfg.Body, "body", "", "request body")
	flag.Var(&headers, "H", `request header "Name: value" (repeatable)`)
	flag.IntVar(&cfg.Concurrency, "c", 50, "concurrent connections (workers)")
	flag.DurationVar(&cfg.Duration, "d", 10*time.Second, "measured duration")
	flag.DurationVar(&cfg.Warmup, "warmup", 0, "warm-up duration before measuring (results discarded)")
	flag.Int64Var(&cfg.MaxRequests, "n", 0, "stop the measured phase after this many requests (0: only -d bounds it)")
	flag.DurationVar(&cfg.Timeout, "timeout", 10*time.Second, "per-request timeout")
	flag.BoolVar(&asJSON, "json", false, "print the result as one JSON object")
	flag.Parse()

	if flag.NArg() > 0 {
		fatalf("unexpected arguments: %v", flag.Args())
	}
	cfg.Headers = http.Header{}
	for _, h := range headers {
		name, value, ok := strings.Cut(h, ":")
		if !ok || strings.TrimSpace(name) == "" {
			fatalf("bad -H %q: want \"Name: value\"", h)
		}
		cfg.Headers.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}

	res, err := run(context.Background(), cfg)
	if err != nil {
		fatalf("%v", err)
	}
	if asJSON {
		enc := json.NewEncoder(os.Stdout)
		if err := enc.Encode(res); err != nil {
			fatalf("%v", err)
		}
	} else {
		printText(os.Stdout, res)
	}
	if res.Successes == 0 {
		os.Exit(1)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "loadtool: "+format+"\n", args...)
	os.Exit(2)
}

// validate checks cfg and fills in defaults.
func (cfg *config) validate() error {
	if cfg.URL == "" {
		return errors.New("-url is required")
	}
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return fmt.Errorf("bad -url: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("bad -url %q: scheme must be http or https", cfg.URL)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("bad -url %q: no host", cfg.URL)
	}
	if cfg.Concurrency < 1 {
		return errors.New("-c must be at least 1")
	}
	if cfg.Duration <= 0 {
		return errors.New("-d must be positive")
	}
	if cfg.Warmup < 0 {
		return errors.New("-warmup must not be negative")
	}
	if cfg.MaxRequests < 0 {
		return errors.New("-n must not be negative")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Method == "" {
		cfg.Method = http.MethodGet
	}
	return nil
}

// loopbackDial dials only loopback addresses, whatever the URL's host
// resolves to.
func loopbackDial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	ips, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		return nil, err
	}
	var d net.Dialer
	for _, ip := range ips {
		if !ip.IP.IsLoopback() {
			continue
		}
		return d.DialContext(ctx, network, net.JoinHostPort(ip.IP.String(), port))
	}
	return nil, fmt.Errorf("refusing to connect to %s: not a loopback address", host)
}

// sample is one completed request.
type sample struct {
	latency time.Duration
	status  int // 0 on transport error
	err     string
	bytes   int64
}

// run performs the warm-up phase (if any) and the measured phase.
func run(ctx context.Context, cfg config) (result, error) {
	if err := cfg.validate(); err != nil {
		return result{}, err
	}
	// Fail fast, before any load, if the target is not loopback.
	u, _ := url.Parse(cfg.URL)
	ips, err := net.DefaultResolver.LookupIPAddr(ctx, u.Hostname())
	if err != nil {
		return result{}, fmt.Errorf("resolve %s: %v", u.Hostname(), err)
	}
	for _, ip := range ips {
		if !ip.IP.IsLoopback() {
			return result{}, fmt.Errorf("refusing to load %s: it resolves to %s, which is not a loopback address", u.Hostname(), ip.IP)
		}
	}

	tr := &http.Transport{
		DialContext:         loopbackDial,
		MaxIdleConns:        cfg.Concurrency,
		MaxIdleConnsPerHost: cfg.Concurrency,
		MaxConnsPerHost:     cfg.Concurrency,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
		ForceAttemptHTTP2:   false,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport: tr,
		Timeout:   cfg.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // a redirect is a response, not followed
		},
	}

	if cfg.Warmup > 0 {
		phase(ctx, client, cfg, cfg.Warmup, 0)
	}
	start := time.Now()
	samples := phase(ctx, client, cfg, cfg.Duration, cfg.MaxRequests)
	elapsed := time.Since(start)
	return summarize(cfg, samples, elapsed), nil
}

// phase runs cfg.Concurrency workers in a closed loop for d (or until maxRequests
// requests have been started, if maxRequests > 0) and returns every completed
// request.
func phase(ctx context.Context, client *http.Client, cfg config, d time.Duration, maxRequests int64) []sample {
	deadline := time.Now().Add(d)
	var started atomic.Int64
	perWorker := make([][]sample, cfg.Concurrency)
	var wg sync.WaitGroup
	for w := 0; w < cfg.Concurrency; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var out []sample
			for ctx.Err() == nil && time.Now().Before(deadline) {
				if maxRequests > 0 && started.Add(1) > maxRequests {
					break
				}
				out = append(out, doRequest(ctx, client, cfg))
			}
			perWorker[w] = out
		}(w)
	}
	wg.Wait()
	var all []sample
	for _, s := range perWorker {
		all = append(all, s...)
	}
	return all
}

// doRequest sends one request and reads the whole response body, so that
// the connection is reused.
func doRequest(ctx context.Context, client *http.Client, cfg config) sample {
	var body io.Reader
	if cfg.Body != "" {
		body = strings.NewReader(cfg.Body)
	}
	req, err := http.NewRequestWithContext(ctx, cfg.Method, cfg.URL, body)
	if err != nil {
		return sample{err: err.Error()}
	}
	for k, v := range cfg.Headers {
		req.Header[k] = v
	}
	if h := cfg.Headers.Get("Host"); h != "" {
		req.Host = h
	}
	t0 := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return sample{latency: time.Since(t0), err: errorKind(err)}
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	s := sample{latency: time.Since(t0), status: resp.StatusCode, bytes: n}
	if err != nil {
		s.err = "reading body: " + errorKind(err)
	}
	return s
}

// errorKind shortens an error to a stable kind for counting.
func errorKind(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded), os.IsTimeout(err):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Op + ": " + oe.Err.Error()
	}
	return err.Error()
}

func summarize(cfg config, samples []sample, elapsed time.Duration) result {
	r := result{
		URL:         cfg.URL,
		Method:      cfg.Method,
		Concurrency: cfg.Concurrency,
		DurationSec: cfg.Duration.Seconds(),
		WarmupSec:   cfg.Warmup.Seconds(),
		ElapsedSec:  elapsed.Seconds(),
		Status:      map[string]int{},
	}
	lat := make([]time.Duration, 0, len(samples))
	var sum time.Duration
	for _, s := range samples {
		r.Requests++
		r.BytesRead += s.bytes
		lat = append(lat, s.latency)
		sum += s.latency
		if s.status != 0 {
			r.Status[fmt.Sprint(s.status)]++
		}
		if s.err == "" && s.status >= 200 && s.status < 300 {
			r.Successes++
			continue
		}
		r.Errors++
		if s.err != "" {
			if r.ErrorKinds == nil {
				r.ErrorKinds = map[string]int{}
			}
			r.ErrorKinds[s.err]++
		}
	}
	if elapsed > 0 {
		r.RPS = float64(r.Requests) / elapsed.Seconds()
		r.SuccessRPS = float64(r.Successes) / elapsed.Seconds()
	}
	if len(lat) > 0 {
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		r.Latency = latencySummary{
			Min:  ms(lat[0]),
			Mean: ms(sum / time.Duration(len(lat))),
			P50:  ms(percentile(lat, 50)),
			P90:  ms(percentile(lat, 90)),
			P99:  ms(percentile(lat, 99)),
			Max:  ms(lat[len(lat)-1]),
		}
	}
	return r
}

// percentile returns the nearest-rank p-th percentile of sorted.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	if rank < 1 {
		rank = 1
	}
	if rank > len(sorted) {
		rank = len(sorted)
	}
	return sorted[rank-1]
}

func ms(d time.Duration) float64 {
	return math.Round(float64(d)/float64(time.Millisecond)*1000) / 1000
}

func printText(w io.Writer, r result) {
	fmt.Fprintf(w, "target    %s %s\n", r.Method, r.URL)
	mode := fmt.Sprintf("closed loop, %d connections, %s", r.Concurrency, time.Duration(r.DurationSec*float64(time.Second)))
	if r.WarmupSec > 0 {
		mode += fmt.Sprintf(" after %s warm-up", time.Duration(r.WarmupSec*float64(time.Second)))
	}
	fmt.Fprintf(w, "mode      %s\n", mode)
	fmt.Fprintf(w, "elapsed   %.3fs\n", r.ElapsedSec)
	fmt.Fprintf(w, "requests  %d (2xx %d, errors %d)\n", r.Requests, r.Successes, r.Errors)
	fmt.Fprintf(w, "rate      %.1f req/s (2xx %.1f req/s)\n", r.RPS, r.SuccessRPS)
	l := r.Latency
	fmt.Fprintf(w, "latency   p50 %.3fms  p90 %.3fms  p99 %.3fms  (min %.3fms, mean %.3fms, max %.3fms)\n",
		l.P50, l.P90, l.P99, l.Min, l.Mean, l.Max)
	fmt.Fprintf(w, "status    %s\n", formatCounts(r.Status))
	if len(r.ErrorKinds) > 0 {
		fmt.Fprintf(w, "errors    %s\n", formatCounts(r.ErrorKinds))
	}
}

// formatCounts renders a count map in descending-count order.
func formatCounts(m map[string]int) string {
	if len(m) == 0 {
		return "-"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
