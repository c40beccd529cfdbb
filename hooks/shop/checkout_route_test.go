package shop_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest/paypalfake"
	"github.com/ezscale/hostbase/hooks/hbtest/stripemock"
	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/payments/paypal"
	"github.com/ezscale/hostbase/hooks/payments/stripe/stripetest"
	"github.com/ezscale/hostbase/hooks/shop"
)

// shopper is the catalog with Stripe at stripe-mock, and two customers:
// Alice in Oregon (no sales tax) and Bob.
type shopper struct {
	*catalog
	alice, bob       *core.Record
	aliceTok, bobTok string
}

func newShopper(t testing.TB) *shopper {
	t.Helper()
	c := newCatalog(t)
	// The tests place more orders a minute than a buyer's IP may.
	c.app.Settings().RateLimits.Enabled = false
	payments.UseGateway(c.app, stripetest.NewGateway(t, stripemock.Shared(t).URL()))
	settings, err := c.app.FindFirstRecordByFilter("settings", "id != ''")
	if err != nil {
		t.Fatal(err)
	}
	settings.Set("gateways", `{"stripe":true,"paypal":true,"credit":true,"manual":true}`)
	if err := c.app.Save(settings); err != nil {
		t.Fatal(err)
	}
	s := &shopper{catalog: c}
	s.alice = mk(t, c.app, "customers", map[string]any{"name": "Alice", "email": "alice@example.com", "country": "US", "state": "OR"})
	s.bob = mk(t, c.app, "customers", map[string]any{"name": "Bob", "email": "bob@example.com", "country": "US", "state": "OR"})
	s.aliceTok, s.bobTok = token(t, s.alice), token(t, s.bob)
	return s
}

// order is the checkout's body for the quote's VPS cart and a game server.
func (s *shopper) order(gateway, key string, extra map[string]any) map[string]any {
	body := s.vpsCart(map[string]any{"gateway": gateway, "accept_terms": true, "idempotency_key": key})
	body["items"] = append(body["items"].([]any), map[string]any{"product": s.game, "cycle": "monthly", "addons": []string{s.gameBackup}})
	for k, v := range extra {
		body[k] = v
	}
	return body
}

type checkoutAnswer struct {
	Order         string `json:"order"`
	OrderNumber   string `json:"order_number"`
	Invoice       string `json:"invoice"`
	InvoiceNumber string `json:"invoice_number"`
	Status        string `json:"status"`
	Currency      string `json:"currency"`
	Instructions  string `json:"instructions"`
	Notice        string `json:"notice"`
	Total         int64  `json:"total"`
	AmountDue     int64  `json:"amount_due"`
	Next          struct {
		Kind string `json:"kind"`
		URL  string `json:"url"`
	} `json:"next"`
}

func (s *shopper) checkout(t testing.TB, tok string, body any, want int) checkoutAnswer {
	t.Helper()
	code, raw := s.app.Do(t, "POST", "/api/hb/checkout", tok, body)
	if code != want {
		t.Fatalf("checkout: want %d, got %d %s", want, code, raw)
	}
	var a checkoutAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// rows counts what a checkout writes.
func rows(t testing.TB, app core.App) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, c := range []string{"orders", "services", "service_addons", "invoices", "invoice_items", "coupon_redemptions", "payment_attempts", "credit_ledger", "provisioning_jobs"} {
		out[c] = count(t, app, c)
	}
	return out
}

func TestCheckoutWritesTheOrderItsServicesAndTheQuotedInvoice(t *testing.T) {
	s := newShopper(t)
	body := s.order("manual", "key-1", nil)
	q := postQuote(t, s.app, s.aliceTok, body)
	a := s.checkout(t, s.aliceTok, body, http.StatusCreated)

	if a.Status != "unpaid" || a.Total != q.Total || a.AmountDue != q.Total || a.Currency != "USD" || a.Next.Kind != "page" ||
		a.Next.URL != "/client/orders/"+a.Order || !strings.Contains(a.Instructions, a.InvoiceNumber) || a.OrderNumber == "" {
		t.Fatalf("answer: %+v (quote total %d)", a, q.Total)
	}
	order, err := collections.FindOrder(s.app, a.Order)
	if err != nil {
		t.Fatal(err)
	}
	if order.CustomerID() != s.alice.Id || order.Status() != collections.OrderStatusPending || order.InvoiceID() != a.Invoice || order.Total() != q.Total ||
		order.Gateway() != "manual" || order.IdempotencyKey() != "key-1" || order.AcceptedTermsAt().IsZero() || order.Number() != a.OrderNumber || order.IP() == "" {
		t.Fatalf("order: %+v", order.Record)
	}
	inv, err := collections.FindInvoice(s.app, a.Invoice)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Total() != q.Total || inv.Status() != collections.InvoiceStatusUnpaid || inv.CustomerID() != s.alice.Id {
		t.Fatalf("invoice: total %d status %s", inv.Total(), inv.Status())
	}
	svcs, err := s.app.FindAllRecords("services")
	if err != nil {
		t.Fatal(err)
	}
	if len(svcs) != 2 {
		t.Fatalf("%d services, want 2", len(svcs))
	}
	for _, r := range svcs {
		svc := collections.WrapService(r)
		if svc.OrderID() != order.Id || svc.CustomerID() != s.alice.Id || svc.Status() != collections.ServiceStatusPending || svc.Currency() != "USD" {
			t.Fatalf("service: %+v", r)
		}
		if svc.ProductID() == s.vpsL {
			var cfg map[string]any
			_ = json.Unmarshal(svc.ConfigJSON(), &cfg)
			if svc.RecurringAmount() != 4900 || svc.Hostname() != "vps1.example.com" || cfg[s.os] != s.windows || cfg[s.ram] != float64(2) {
				t.Fatalf("VPS service: amount %d host %q config %v", svc.RecurringAmount(), svc.Hostname(), cfg)
			}
		}
	}
	if n := count(t, s.app, "service_addons"); n != 2 {
		t.Fatalf("%d service addons, want 2", n)
	}

	// The customer reads it all through the collections API.
	code, raw := s.app.Do(t, "GET", "/api/collections/orders/records/"+a.Order, s.aliceTok, nil)
	if code != 200 {
		t.Fatalf("alice reads her order: %d %s", code, raw)
	}
	code, _ = s.app.Do(t, "GET", "/api/collections/orders/records/"+a.Order, s.bobTok, nil)
	if code != 404 {
		t.Fatalf("bob reads alice's order: %d", code)
	}
	// Only the checkout writes orders and services: not the customer
	// through the collections API, neither new ones nor her own.
	before := rows(t, s.app)
	writes := []struct{ method, url string }{
		{"POST", "/api/collections/orders/records"},
		{"PATCH", "/api/collections/orders/records/" + a.Order},
		{"POST", "/api/collections/services/records"},
		{"PATCH", "/api/collections/services/records/" + svcs[0].Id},
		{"PATCH", "/api/collections/invoices/records/" + a.Invoice},
	}
	for _, w := range writes {
		body := map[string]any{"customer": s.alice.Id, "status": "active", "total": 1, "recurring_amount": 1, "amount_due": 0}
		if code, raw := s.app.Do(t, w.method, w.url, s.aliceTok, body); code < 400 {
			t.Fatalf("alice %s %s: %d %s", w.method, w.url, code, raw)
		}
	}
	if after := rows(t, s.app); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("API writes changed rows: %v then %v", before, after)
	}
	if o, _ := collections.FindOrder(s.app, a.Order); o.Total() != q.Total || o.Status() != collections.OrderStatusPending {
		t.Fatalf("alice changed her order: total %d status %s", o.Total(), o.Status())
	}
}

func TestCheckoutRedirectsToStripeAndPayPal(t *testing.T) {
	s := newShopper(t)
	a := s.checkout(t, s.aliceTok, s.order("stripe", "stripe-1", nil), http.StatusCreated)
	if a.Next.Kind != "redirect" || !strings.HasPrefix(a.Next.URL, "http") || a.Status != "unpaid" {
		t.Fatalf("stripe: %+v", a)
	}
	if n := count(t, s.app, "payment_attempts"); n != 1 {
		t.Fatalf("%d payment attempts, want 1", n)
	}

	fake := paypalfake.Start(t)
	gw, err := paypal.New(paypal.Config{ClientID: paypalfake.ClientID, Secret: paypalfake.Secret, APIBase: fake.URL(), WebhookID: paypalfake.WebhookID, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	payments.UseGateway(s.app, gw)
	a = s.checkout(t, s.aliceTok, s.order("paypal", "paypal-1", nil), http.StatusCreated)
	if a.Next.Kind != "redirect" || !strings.HasPrefix(a.Next.URL, fake.URL()) {
		t.Fatalf("paypal: %+v", a)
	}
}

func TestCheckoutTwiceWithOneKeyPlacesOneOrder(t *testing.T) {
	s := newShopper(t)
	body := s.order("stripe", "same-key", nil)
	first := s.checkout(t, s.aliceTok, body, http.StatusCreated)
	before := rows(t, s.app)
	again := s.checkout(t, s.aliceTok, body, http.StatusOK)
	if again.Order != first.Order || again.Invoice != first.Invoice || again.OrderNumber != first.OrderNumber {
		t.Fatalf("the repeat answered another order: %+v vs %+v", again, first)
	}
	// The payment under way is not started a second time.
	if after := rows(t, s.app); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("the repeat wrote rows: %v then %v", before, after)
	}
	// The same key is Bob's own: he places his own order with it.
	bobs := s.checkout(t, s.bobTok, body, http.StatusCreated)
	if bobs.Order == first.Order {
		t.Fatal("Bob got Alice's order")
	}
}

func TestCheckoutConcurrentlyWithOneKeyPlacesOneOrder(t *testing.T) {
	s := newShopper(t)
	body := s.order("stripe", "race-key", nil)
	const n = 10
	var wg sync.WaitGroup
	codes := make([]int, n)
	answers := make([]checkoutAnswer, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, raw := s.app.Do(t, "POST", "/api/hb/checkout", s.aliceTok, body)
			codes[i] = code
			_ = json.Unmarshal(raw, &answers[i])
		}()
	}
	wg.Wait()
	created := 0
	for i, code := range codes {
		switch code {
		case http.StatusCreated:
			created++
		case http.StatusOK:
		default:
			t.Fatalf("request %d: %d", i, code)
		}
		if answers[i].Order != answers[0].Order || answers[i].Invoice != answers[0].Invoice {
			t.Fatalf("request %d answered order %s, request 0 %s", i, answers[i].Order, answers[0].Order)
		}
	}
	got := rows(t, s.app)
	if created != 1 || got["orders"] != 1 || got["invoices"] != 1 || got["services"] != 2 || got["service_addons"] != 2 || got["payment_attempts"] != 1 {
		t.Fatalf("%d created; rows %v", created, got)
	}
}

func TestCheckoutAfterACrashBeforePaymentResumesIt(t *testing.T) {
	s := newShopper(t)
	shop.CrashAfterOrderCommit(s.app, func(string) error { return errors.New("power cut") })
	body := s.order("stripe", "crash-key", nil)
	code, raw := s.app.Do(t, "POST", "/api/hb/checkout", s.aliceTok, body)
	if code == http.StatusCreated || code == http.StatusOK {
		t.Fatalf("the crash must fail the request: %d %s", code, raw)
	}
	if got := rows(t, s.app); got["orders"] != 1 || got["invoices"] != 1 || got["payment_attempts"] != 0 {
		t.Fatalf("after the crash: %v", got)
	}

	shop.CrashAfterOrderCommit(s.app, nil)
	a := s.checkout(t, s.aliceTok, body, http.StatusOK)
	if a.Next.Kind != "redirect" || a.Next.URL == "" {
		t.Fatalf("the retry must start the payment: %+v", a)
	}
	if got := rows(t, s.app); got["orders"] != 1 || got["invoices"] != 1 || got["services"] != 2 || got["payment_attempts"] != 1 {
		t.Fatalf("after the retry: %v", got)
	}
}

func TestCheckoutRefusalsWriteNothing(t *testing.T) {
	s := newShopper(t)
	g := mk(t, s.app, "product_groups", map[string]any{"name": "Dedicated", "slug": "dedicated"})
	gone := mk(t, s.app, "products", map[string]any{"name": "Gone box", "slug": "gone-box", "kind": "dedicated", "group": g.Id,
		"pricing": `{"USD":{"monthly":{"price":9000,"setup":0}}}`, "track_stock": true, "stock": 0}).Id
	mk(t, s.app, "coupons", map[string]any{"code": "GAMES", "kind": "percent", "percent_bp": 1000, "active": true, "products": []string{gone}})
	nobody := mk(t, s.app, "customers", map[string]any{"name": "Nemo", "email": "nemo@example.com"})
	staff := mk(t, s.app, "staff", map[string]any{"name": "Bea", "email": "bea@northwind.test", "role": "billing", "active": true})
	fraud := mk(t, s.app, "customers", map[string]any{"name": "Fred", "email": "fred@example.com", "country": "US", "status": "fraud"})

	cases := []struct {
		name  string
		tok   string
		body  map[string]any
		code  int
		field string
	}{
		{"anonymous", "", s.order("manual", "k", nil), 401, ""},
		{"account marked fraud", token(t, fraud), s.order("manual", "k", nil), 403, ""},
		{"terms not accepted", s.aliceTok, s.order("manual", "k", map[string]any{"accept_terms": false}), 400, "accept_terms"},
		{"no idempotency key", s.aliceTok, s.order("manual", "", nil), 400, "idempotency_key"},
		{"unknown gateway", s.aliceTok, s.order("bitcoin", "k", nil), 400, "gateway"},
		{"refused coupon", s.aliceTok, s.order("manual", "k", map[string]any{"coupon": "GAMES"}), 400, "coupon"},
		{"unknown coupon", s.aliceTok, s.order("manual", "k", map[string]any{"coupon": "NOPE"}), 400, "coupon"},
		{"out of stock", s.aliceTok, s.order("manual", "k", map[string]any{"items": []any{map[string]any{"product": gone, "cycle": "monthly"}}}), 400, "items.0.product"},
		{"unknown product", s.aliceTok, s.order("manual", "k", map[string]any{"items": []any{map[string]any{"product": "nope", "cycle": "monthly"}}}), 400, "items.0.product"},
		{"bad hostname", s.aliceTok, s.order("manual", "k", map[string]any{"items": []any{map[string]any{"product": s.vpsL, "cycle": "monthly", "hostname": "x"}}}), 400, "items.0.hostname"},
		{"credit short", s.aliceTok, s.order("credit", "k", nil), 400, "gateway"},
		{"bad billing country", s.aliceTok, s.order("manual", "k", map[string]any{"billing": map[string]any{"name": "Alice", "country": "Oregon"}}), 400, "billing.country"},
		{"no country anywhere", token(t, nobody), s.order("manual", "k", nil), 400, "country"},
		{"bad cart country", s.aliceTok, s.order("manual", "k", map[string]any{"country": "USA"}), 400, "country"},
		{"a member of staff", token(t, staff), s.order("manual", "k", nil), 403, ""},
		{"billing field too long", s.aliceTok, s.order("manual", "k", map[string]any{"billing": map[string]any{"name": "Alice", "country": "US", "city": strings.Repeat("x", 500)}}), 400, "billing.city"},
		{"client sends a price", s.aliceTok, s.order("manual", "k", map[string]any{"total": 1}), 400, "body"},
	}
	before := rows(t, s.app)
	aliceBefore := fmt.Sprint(s.alice.PublicExport())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, raw := s.app.Do(t, "POST", "/api/hb/checkout", tc.tok, tc.body)
			if tc.field != "" {
				wantField(t, code, raw, tc.field)
			} else if code != tc.code {
				t.Fatalf("want %d, got %d %s", tc.code, code, raw)
			}
			if after := rows(t, s.app); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Fatalf("a refused checkout wrote rows: %v then %v", before, after)
			}
		})
	}
	alice, err := s.app.FindRecordById("customers", s.alice.Id)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(alice.PublicExport()) != aliceBefore {
		t.Fatalf("a refused checkout changed the customer:\n%v\n%v", aliceBefore, alice.PublicExport())
	}
}

func TestCheckoutSavesTheBillingAddressAndTaxesIt(t *testing.T) {
	s := newShopper(t)
	mk(t, s.app, "tax_rules", map[string]any{"country": "DE", "name": "VAT", "rate_bp": 1900, "active": true})
	bill := map[string]any{"name": "Alice Schmidt", "company": "Acme GmbH", "address_line1": "Hauptstr. 1", "city": "Berlin", "postcode": "10115", "country": "de"}
	body := s.vpsCart(map[string]any{"gateway": "manual", "accept_terms": true, "idempotency_key": "de-1", "billing": bill})
	q := postQuote(t, s.app, s.aliceTok, body)
	if q.Tax != 1036 {
		t.Fatalf("the quote must tax the billing country: tax %d", q.Tax)
	}
	a := s.checkout(t, s.aliceTok, body, http.StatusCreated)
	inv, err := collections.FindInvoice(s.app, a.Invoice)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Total() != q.Total || inv.TaxTotal() != 1036 {
		t.Fatalf("invoice total %d tax %d, quote %d", inv.Total(), inv.TaxTotal(), q.Total)
	}
	c, err := collections.FindCustomer(s.app, s.alice.Id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name() != "Alice Schmidt" || c.Company() != "Acme GmbH" || c.City() != "Berlin" || c.Country() != "DE" || c.State() != "" {
		t.Fatalf("customer: %v", c.PublicExport())
	}
}

func TestCheckoutPaidWithCreditOrFreeIsPaidAtOnce(t *testing.T) {
	s := newShopper(t)
	err := s.app.RunInTransaction(func(tx core.App) error {
		_, err := billing.AddCredit(tx, billing.CreditEntry{Customer: s.alice.Id, Currency: "USD", Amount: 100_000, Kind: collections.CreditEntryKindAdjustment, Note: "goodwill"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	a := s.checkout(t, s.aliceTok, s.order("credit", "credit-1", nil), http.StatusCreated)
	if a.Status != "paid" || a.AmountDue != 0 || a.Next.Kind != "page" || a.Next.URL != "/client/orders/"+a.Order {
		t.Fatalf("credit: %+v", a)
	}
	assertActive(t, s.app, a.Order)

	// A game server 100% off comes to nothing: paid at once, no gateway.
	mk(t, s.app, "coupons", map[string]any{"code": "FREE", "kind": "percent", "percent_bp": 10000, "active": true, "products": []string{s.game}})
	free := map[string]any{"currency": "USD", "coupon": "FREE", "gateway": "stripe", "accept_terms": true, "idempotency_key": "free-1",
		"items": []any{map[string]any{"product": s.game, "cycle": "monthly"}}}
	attempts := count(t, s.app, "payment_attempts")
	a = s.checkout(t, s.bobTok, free, http.StatusCreated)
	if a.Status != "paid" || a.Total != 0 || a.Next.Kind != "page" {
		t.Fatalf("free: %+v", a)
	}
	if count(t, s.app, "payment_attempts") != attempts {
		t.Fatal("a free order must not go to the gateway")
	}
	assertActive(t, s.app, a.Order)
}

func assertActive(t *testing.T, app core.App, orderID string) {
	t.Helper()
	order, err := collections.FindOrder(app, orderID)
	if err != nil {
		t.Fatal(err)
	}
	if order.Status() != collections.OrderStatusActive {
		t.Fatalf("order is %s, want active", order.Status())
	}
	svcs, err := app.FindAllRecords("services")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range svcs {
		// Without a provisioner a service is active at once.
		if st := r.GetString("status"); r.GetString("order") == orderID && st != "provisioning" && st != "active" {
			t.Fatalf("service %s is %s, want provisioning or active", r.Id, st)
		}
	}
}

func TestCheckoutWhenTheGatewayIsDownKeepsTheOrderAndARetryPays(t *testing.T) {
	s := newShopper(t)
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":{"type":"api_error","message":"down"}}`, http.StatusServiceUnavailable)
	}))
	defer down.Close()
	payments.UseGateway(s.app, stripetest.NewGateway(t, down.URL))
	body := s.order("stripe", "down-1", nil)
	code, raw := s.app.Do(t, "POST", "/api/hb/checkout", s.aliceTok, body)
	if code != http.StatusBadGateway || !strings.Contains(string(raw), "placed") {
		t.Fatalf("gateway down: %d %s", code, raw)
	}
	if got := rows(t, s.app); got["orders"] != 1 || got["invoices"] != 1 {
		t.Fatalf("the order must stand: %v", got)
	}

	payments.UseGateway(s.app, stripetest.NewGateway(t, stripemock.Shared(t).URL()))
	a := s.checkout(t, s.aliceTok, body, http.StatusOK)
	if a.Next.Kind != "redirect" || a.Next.URL == "" {
		t.Fatalf("the retry must start the payment again: %+v", a)
	}
	if got := rows(t, s.app); got["orders"] != 1 || got["payment_attempts"] != 2 {
		t.Fatalf("after the retry: %v (one failed attempt, one under way)", got)
	}
}
