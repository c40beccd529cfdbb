package payments_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/hbtest/stripemock"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/payments/stripe/stripetest"
)

// world is a shop with Stripe pointed at stripe-mock: an American seller
// without sales tax (totals are the prices), two customers and a member
// of billing staff.
type world struct {
	app                  *hbtest.App
	product              string
	alice, bob           string
	aliceTok, bobTok     string
	staffTok, supportTok string
}

func seedWorld(app *hbtest.App) error {
	s, err := app.FindFirstRecordByFilter("settings", "id != ''")
	if err != nil {
		return err
	}
	s.Load(map[string]any{"company_name": "Northwind Hosting", "company_email": "billing@northwind.test", "company_country": "US",
		"timezone": "America/New_York", "invoice_days_in_advance": 7, "invoice_due_days": 0, "storefront_url": "https://shop.northwind.test",
		"bank_transfer_instructions": "IBAN US00 1234 5678, Northwind Hosting LLC", "gateways": `{"stripe":true,"paypal":true,"credit":true,"manual":true}`,
		"dunning": `{"remind_before_days":[],"remind_after_days":[1,3,7],"retry_days":[0,3,5],"suspend_after_days":14,"terminate_after_days":45}`})
	return app.Save(s)
}

func newWorld(t testing.TB) *world {
	t.Helper()
	app := hbtest.NewApp(t, hbtest.SeedDir(t, "payments-world", seedWorld))
	payments.UseGateway(app, stripetest.NewGateway(t, stripemock.Shared(t).URL()))
	w := &world{app: app}
	g := hbtest.Make(t, app, "product_groups", map[string]any{"name": "VPS", "slug": "vps"})
	w.product = hbtest.Make(t, app, "products", map[string]any{"name": "VPS S", "slug": "vps-s", "kind": "vps", "group": g.Id, "provisioner": "example",
		"pricing": `{"USD":{"monthly":{"price":1299,"setup":0}}}`}).Id
	alice := hbtest.Make(t, app, "customers", map[string]any{"name": "Alice", "email": "alice@example.com", "country": "US", "state": "OR"})
	bob := hbtest.Make(t, app, "customers", map[string]any{"name": "Bob", "email": "bob@example.com", "country": "US", "state": "OR"})
	w.alice, w.bob = alice.Id, bob.Id
	w.aliceTok, w.bobTok = hbtest.Token(t, alice), hbtest.Token(t, bob)
	staff := hbtest.Make(t, app, "staff", map[string]any{"name": "Bea", "email": "bea@northwind.test", "role": "billing", "active": true})
	support := hbtest.Make(t, app, "staff", map[string]any{"name": "Sam", "email": "sam@northwind.test", "role": "support", "active": true})
	w.staffTok, w.supportTok = hbtest.Token(t, staff), hbtest.Token(t, support)
	return w
}

// customer makes another customer.
func (w *world) customer(t testing.TB, name string) string {
	t.Helper()
	return hbtest.Make(t, w.app, "customers", map[string]any{"name": name, "email": strings.ToLower(name) + "@example.com", "country": "US", "state": "OR"}).Id
}

func day(t testing.TB, s string) money.Date {
	t.Helper()
	d, err := money.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// service makes an active monthly service of customer first due on due.
func (w *world) service(t testing.TB, customer string, amount int64, due string) string {
	t.Helper()
	d := day(t, due)
	return hbtest.Make(t, w.app, "services", map[string]any{"customer": customer, "product": w.product, "status": "active",
		"cycle": "monthly", "currency": "USD", "recurring_amount": amount, "anchor_date": billing.StoredDate(d),
		"next_due_date": billing.StoredDate(d), "next_invoice_date": billing.StoredDate(d.AddDays(-7))}).Id
}

// invoice is the renewal invoice of a new service of customer, due on due.
func (w *world) invoice(t testing.TB, customer string, amount int64, due string) *collections.Invoice {
	t.Helper()
	svc := w.service(t, customer, amount, due)
	w.run(t, day(t, due).AddDays(-7).String())
	var id string
	f := collections.InvoiceItemFields
	if err := w.app.DB().Select(f.Invoice).From(collections.InvoiceItems).Where(dbx.HashExp{f.Service: svc}).Limit(1).Row(&id); err != nil {
		t.Fatalf("no invoice for service %s: %v", svc, err)
	}
	return w.inv(t, id)
}

func (w *world) inv(t testing.TB, id string) *collections.Invoice {
	t.Helper()
	inv, err := collections.FindInvoice(w.app, id)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func (w *world) run(t testing.TB, asOf string) *billing.Report {
	t.Helper()
	r, err := billing.Run(context.Background(), w.app, billing.RunOptions{AsOf: day(t, asOf), Now: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC), Wait: true})
	if err != nil {
		t.Fatalf("billing run %s: %v", asOf, err)
	}
	return r
}

// post sends a signed webhook body to the Stripe endpoint.
func (w *world) post(t testing.TB, body []byte, header http.Header) (int, string) {
	t.Helper()
	return w.postTo(t, "/api/hb/webhooks/stripe", body, header)
}

func (w *world) postTo(t testing.TB, path string, body []byte, header http.Header) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	w.app.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// deliver signs and posts a Stripe event now.
func (w *world) deliver(t testing.TB, eventType string, object map[string]any) (int, string) {
	t.Helper()
	body, header := stripetest.SignedEvent(t, eventType, object)
	return w.post(t, body, header)
}

func (w *world) deliverOK(t testing.TB, eventType string, object map[string]any) {
	t.Helper()
	if code, body := w.deliver(t, eventType, object); code != http.StatusOK {
		t.Fatalf("%s: %d %s", eventType, code, body)
	}
}

func count(t testing.TB, app core.App, table, where string, params ...dbx.Params) int {
	t.Helper()
	q := "SELECT count(*) FROM {{" + table + "}}"
	if where != "" {
		q += " WHERE " + where
	}
	var p dbx.Params
	if len(params) > 0 {
		p = params[0]
	}
	var n int
	if err := app.DB().NewQuery(q).Bind(p).Row(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// moneyRows counts the rows of every collection money moves through.
func moneyRows(t testing.TB, app core.App) string {
	t.Helper()
	return fmt.Sprintf("transactions=%d credit=%d attempts=%d credit_notes=%d paid=%d",
		count(t, app, collections.Transactions, ""), count(t, app, collections.CreditLedger, ""),
		count(t, app, collections.PaymentAttempts, ""), count(t, app, collections.Invoices, "kind = 'credit_note'"),
		count(t, app, collections.Invoices, "status != 'unpaid'"))
}

func balance(t testing.TB, app core.App, customer string) int64 {
	t.Helper()
	b, err := billing.Balance(app, customer, "USD")
	if err != nil {
		t.Fatal(err)
	}
	return b
}
