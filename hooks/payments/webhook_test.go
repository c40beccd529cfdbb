package payments_test

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/payments/stripe/stripetest"
)

func TestTheSameEventTwentyTimesEightAtOncePaysOnce(t *testing.T) {
	w := newWorld(t)
	inv := w.invoice(t, w.alice, 1299, "2026-03-01")
	pi := stripetest.PaymentIntent(stripetest.NewID("pi"), inv.Id, w.alice, 1299, "usd")
	body := stripetest.EventWithID(t, stripetest.NewID("evt"), "payment_intent.succeeded", pi)
	header := stripetest.Sign(body, stripetest.WebhookSecret, time.Now())

	var wg sync.WaitGroup
	var ok, dup atomic.Int32
	work := make(chan struct{}, 20)
	for range 20 {
		work <- struct{}{}
	}
	close(work)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				code, resp := w.post(t, body, header)
				if code != http.StatusOK {
					t.Errorf("delivery: %d %s", code, resp)
				}
				ok.Add(1)
				if strings.Contains(resp, `"duplicate":true`) {
					dup.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 20 || dup.Load() != 19 {
		t.Fatalf("%d deliveries answered, %d as duplicates; want 20 and 19", ok.Load(), dup.Load())
	}
	// The checkout session of the same payment, a different event, is the
	// same money: still one transaction.
	w.deliverOK(t, "checkout.session.completed", stripetest.CheckoutSession(stripetest.NewID("cs"), inv.Id, w.alice, pi["id"].(string), 1299, "usd"))

	if n := count(t, w.app, collections.Transactions, ""); n != 1 {
		t.Fatalf("%d transactions, want 1", n)
	}
	got := w.inv(t, inv.Id)
	if got.Status() != collections.InvoiceStatusPaid || got.AmountPaid() != 1299 || got.AmountDue() != 0 {
		t.Fatalf("invoice %s paid %d due %d, want paid 1299 due 0", got.Status(), got.AmountPaid(), got.AmountDue())
	}
	if n := count(t, w.app, collections.GatewayEvents, "status = 'processed'"); n != 2 {
		t.Fatalf("%d processed events in the inbox, want 2", n)
	}
	if b := balance(t, w.app, w.alice); b != 0 {
		t.Fatalf("credit %d after an exact payment", b)
	}
}

func TestForgedAndBadWebhooksWriteNoMoney(t *testing.T) {
	w := newWorld(t)
	inv := w.invoice(t, w.alice, 1299, "2026-03-01")
	good := func(currency, invoice string) []byte {
		return stripetest.Event(t, "payment_intent.succeeded", stripetest.PaymentIntent(stripetest.NewID("pi"), invoice, w.alice, 1299, currency))
	}
	cases := []struct {
		name     string
		body     []byte
		header   http.Header
		wantCode int
		stored   string // the inbox status, "" for nothing stored
	}{
		{"bad signature", good("usd", inv.Id), nil, 400, ""},
		{"stale timestamp", good("usd", inv.Id), stripetest.Sign(good("usd", inv.Id), stripetest.WebhookSecret, time.Now().Add(-10*time.Minute)), 400, ""},
		{"no signature", good("usd", inv.Id), http.Header{}, 400, ""},
		{"malformed JSON", []byte(`{"id":"evt_1","type":"payment_intent.succeeded","data":{`), nil, 400, ""},
		{"unknown event type", stripetest.Event(t, "customer.tax_id.created", map[string]any{"id": "txi_1", "object": "tax_id"}), nil, 200, "ignored"},
		{"wrong currency", good("eur", inv.Id), nil, 200, "ignored"},
		{"unknown invoice", good("usd", "nosuchinvoice00"), nil, 200, "ignored"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := moneyRows(t, w.app)
			events := count(t, w.app, collections.GatewayEvents, "")
			header := c.header
			if header == nil {
				if c.name == "bad signature" {
					header = stripetest.Sign(c.body, "whsec_forged", time.Now())
				} else {
					header = stripetest.Sign(c.body, stripetest.WebhookSecret, time.Now())
				}
			}
			code, resp := w.post(t, c.body, header)
			if code != c.wantCode {
				t.Fatalf("answered %d %s, want %d", code, resp, c.wantCode)
			}
			if after := moneyRows(t, w.app); after != before {
				t.Fatalf("money moved: %s → %s", before, after)
			}
			wantEvents := events
			if c.stored != "" {
				wantEvents++
				if !strings.Contains(resp, `"status":"`+c.stored+`"`) {
					t.Fatalf("answer %s, want status %s", resp, c.stored)
				}
			}
			if n := count(t, w.app, collections.GatewayEvents, ""); n != wantEvents {
				t.Fatalf("%d events stored, want %d", n, wantEvents)
			}
		})
	}
	if got := w.inv(t, inv.Id); got.Status() != collections.InvoiceStatusUnpaid || got.AmountPaid() != 0 {
		t.Fatalf("invoice %s paid %d after bad webhooks", got.Status(), got.AmountPaid())
	}
	var reason string
	_ = w.app.DB().NewQuery("SELECT error FROM gateway_events WHERE error LIKE '%currency%'").Row(&reason)
	if !strings.Contains(reason, "EUR") {
		t.Fatalf("the wrong-currency event is kept without its reason: %q", reason)
	}
}

func TestACrashWhileApplyingKeepsNothingAndTheRedeliveryPays(t *testing.T) {
	w := newWorld(t)
	inv := w.invoice(t, w.alice, 1299, "2026-03-01")
	var crashed atomic.Bool
	billing.OnInvoicePaid(w.app, func(tx core.App, _ *collections.Invoice, _ types.DateTime) error {
		if crashed.CompareAndSwap(false, true) {
			return errCrash
		}
		return nil
	})
	body := stripetest.Event(t, "payment_intent.succeeded", stripetest.PaymentIntent(stripetest.NewID("pi"), inv.Id, w.alice, 1299, "usd"))
	header := stripetest.Sign(body, stripetest.WebhookSecret, time.Now())
	before := moneyRows(t, w.app)
	if code, resp := w.post(t, body, header); code != http.StatusServiceUnavailable {
		t.Fatalf("a crash answered %d %s, want 503 so that Stripe redelivers", code, resp)
	}
	if after := moneyRows(t, w.app); after != before {
		t.Fatalf("a crashed event moved money: %s → %s", before, after)
	}
	if n := count(t, w.app, collections.GatewayEvents, "status = 'failed' AND attempts = 1"); n != 1 {
		t.Fatalf("the crashed event is not kept as failed (%d)", n)
	}
	for range 2 {
		if code, resp := w.post(t, body, header); code != http.StatusOK {
			t.Fatalf("redelivery: %d %s", code, resp)
		}
	}
	if n := count(t, w.app, collections.Transactions, ""); n != 1 {
		t.Fatalf("%d transactions after crash and redelivery, want 1", n)
	}
	if got := w.inv(t, inv.Id); got.Status() != collections.InvoiceStatusPaid {
		t.Fatalf("invoice %s after redelivery", got.Status())
	}
}

var errCrash = &crashError{}

type crashError struct{}

func (*crashError) Error() string { return "simulated crash" }
