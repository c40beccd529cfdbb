package payments_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/payments/stripe/stripetest"
)

// BenchmarkWebhookIngestion posts signed payment_intent.succeeded events to
// /api/hb/webhooks/stripe over real HTTP from 32 concurrent senders; one in
// five is a redelivery of an event sent before. It reports events/s, the
// p99 latency, and fails on any double payment. Run it with
//
//	go test -run '^$' -bench WebhookIngestion -benchtime 5000x ./hooks/payments/
func BenchmarkWebhookIngestion(b *testing.B) {
	w := newWorld(b)
	srv := httptest.NewServer(w.app)
	defer srv.Close()

	// Each new event pays 1 cent of one of five large invoices.
	var invoices []string
	for i := range 5 {
		inv := w.invoice(b, w.customer(b, fmt.Sprintf("Payer%d", i)), 100_000_000, "2026-03-01")
		invoices = append(invoices, inv.Id)
	}
	type delivery struct {
		body   []byte
		header http.Header
	}
	deliveries := make([]delivery, b.N)
	unique := 0
	for i := range deliveries {
		if i%5 == 4 {
			deliveries[i] = deliveries[(i*7)%i] // a redelivery of an earlier event
			continue
		}
		pi := stripetest.PaymentIntent(stripetest.NewID("pi"), invoices[i%len(invoices)], "", 1, "usd")
		body := stripetest.Event(b, "payment_intent.succeeded", pi)
		deliveries[i] = delivery{body, stripetest.Sign(body, stripetest.WebhookSecret, time.Now())}
		unique++
	}

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	latencies := make([]time.Duration, b.N)
	work := make(chan int, b.N)
	for i := range b.N {
		work <- i
	}
	close(work)
	var failures sync.Map
	b.ResetTimer()
	started := time.Now()
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				d := deliveries[i]
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/hb/webhooks/stripe", bytes.NewReader(d.body))
				req.Header = d.header.Clone()
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					failures.Store(i, err.Error())
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				latencies[i] = time.Since(t0)
				if resp.StatusCode != http.StatusOK {
					failures.Store(i, resp.Status)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(started)
	b.StopTimer()

	failures.Range(func(k, v any) bool { b.Fatalf("delivery %v: %v", k, v); return false })
	slices.Sort(latencies)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")

	// Zero double payments: one transaction per distinct event, and the
	// invoices paid exactly that much.
	if n := count(b, w.app, collections.Transactions, ""); n != unique {
		b.Fatalf("%d transactions for %d distinct events", n, unique)
	}
	var paid int
	if err := w.app.DB().NewQuery("SELECT coalesce(sum(amount_paid), 0) FROM invoices").Row(&paid); err != nil || paid != unique {
		b.Fatalf("invoices paid %d for %d distinct events (%v)", paid, unique, err)
	}
}
