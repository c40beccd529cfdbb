package affiliates_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/payments"
)

func TestMain(m *testing.M) { hbtest.Main(m) }

// world is a shop with an open affiliate programme (10% of the first paid
// invoice, a 30-day hold): Alice is an affiliate, Bob a plain customer,
// Bea billing staff and Sam support staff.
type world struct {
	app                *hbtest.App
	product            string
	alice, bob         string
	aliceTok, bobTok   string
	beaTok, samTok     string
	affiliate, code    string
	aliceVisitorCookie string
}

func seedWorld(app *hbtest.App) error {
	s, err := app.FindFirstRecordByFilter("settings", "id != ''")
	if err != nil {
		return err
	}
	s.Load(map[string]any{"company_name": "Northwind Hosting", "company_email": "billing@northwind.test", "company_country": "US",
		"storefront_url": "https://shop.northwind.test", "invoice_due_days": 0,
		"affiliates": `{"enabled": true, "cookie_days": 90, "hold_days": 30, "kind": "percent", "percent_bp": 1000, "min_payout": {"USD": 100}}`})
	return app.Save(s)
}

func newWorld(t testing.TB) *world {
	t.Helper()
	app := hbtest.NewApp(t, hbtest.SeedDir(t, "affiliates-world", seedWorld))
	w := &world{app: app}
	g := hbtest.Make(t, app, "product_groups", map[string]any{"name": "VPS", "slug": "vps"})
	w.product = hbtest.Make(t, app, "products", map[string]any{"name": "VPS S", "slug": "vps-s", "kind": "vps", "group": g.Id,
		"pricing": `{"USD":{"monthly":{"price":1299,"setup":0}}}`}).Id
	alice := hbtest.Make(t, app, "customers", map[string]any{"name": "Alice", "email": "alice@example.com", "country": "US"})
	bob := hbtest.Make(t, app, "customers", map[string]any{"name": "Bob", "email": "bob@example.com", "country": "US"})
	w.alice, w.bob = alice.Id, bob.Id
	w.aliceTok, w.bobTok = hbtest.Token(t, alice), hbtest.Token(t, bob)
	bea := hbtest.Make(t, app, "staff", map[string]any{"name": "Bea", "email": "bea@northwind.test", "role": "billing", "active": true})
	sam := hbtest.Make(t, app, "staff", map[string]any{"name": "Sam", "email": "sam@northwind.test", "role": "support", "active": true})
	w.beaTok, w.samTok = hbtest.Token(t, bea), hbtest.Token(t, sam)
	w.aliceVisitorCookie = "hb_vid=alicebrowser0000000001"
	status, body := w.do(t, "POST", "/api/hb/affiliate/activate", w.aliceTok, nil, w.aliceVisitorCookie)
	if status != http.StatusOK {
		t.Fatalf("activate: %d %s", status, body)
	}
	acc := hbtest.Decode(t, body)
	w.affiliate, w.code = acc["id"].(string), acc["code"].(string)
	return w
}

// do sends a request with cookies ("name=value" each) and answers the
// status, the body and the response's cookies.
func (w *world) do(t testing.TB, method, url, token string, body any, cookies ...string) (int, []byte) {
	t.Helper()
	rec := w.send(t, method, url, token, body, cookies...)
	return rec.Code, rec.Body.Bytes()
}

func (w *world) send(t testing.TB, method, url, token string, body any, cookies ...string) *httptest.ResponseRecorder {
	t.Helper()
	var r *strings.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = strings.NewReader(string(raw))
	} else {
		r = strings.NewReader("")
	}
	req := httptest.NewRequest(method, url, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	if len(cookies) > 0 {
		req.Header.Set("Cookie", strings.Join(cookies, "; "))
	}
	rec := httptest.NewRecorder()
	w.app.ServeHTTP(rec, req)
	return rec
}

// setProgramme merges fields into settings.affiliates.
func (w *world) setProgramme(t testing.TB, fields map[string]any) {
	t.Helper()
	setProgramme(t, w.app, fields)
}

func setProgramme(t testing.TB, app core.App, fields map[string]any) {
	t.Helper()
	s, err := app.FindFirstRecordByFilter("settings", "id != ''")
	if err != nil {
		t.Fatal(err)
	}
	cur := map[string]any{}
	_ = json.Unmarshal(collections.WrapCompanySettings(s).AffiliatesJSON(), &cur)
	for k, v := range fields {
		cur[k] = v
	}
	s.Set("affiliates", cur)
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
}

// refCookie is the hb_ref cookie a click on the affiliate's link gives.
func (w *world) refCookie(t testing.TB, visitor string) string {
	t.Helper()
	rec := w.send(t, "GET", "/api/hb/affiliate/click?ref="+w.code, "", nil, "hb_vid="+visitor)
	for _, c := range rec.Result().Cookies() {
		if c.Name == "hb_ref" {
			return "hb_ref=" + c.Value
		}
	}
	t.Fatalf("no hb_ref cookie: %d %s", rec.Code, rec.Body)
	return ""
}

// signup creates a customer through the API, as the storefront does.
func (w *world) signup(t testing.TB, email string, body map[string]any, cookies ...string) (int, []byte) {
	t.Helper()
	b := map[string]any{"name": "New " + email, "email": email, "country": "US", "password": hbtest.Password, "passwordConfirm": hbtest.Password}
	for k, v := range body {
		b[k] = v
	}
	return w.do(t, "POST", "/api/collections/customers/records", "", b, cookies...)
}

// referred signs up a customer from Alice's link and answers their id.
func (w *world) referred(t testing.TB, name string) string {
	t.Helper()
	vid := "visitor0000000000" + name
	status, body := w.signup(t, name+"@example.net", nil, w.refCookie(t, vid), "hb_vid="+vid)
	if status != http.StatusOK {
		t.Fatalf("signup: %d %s", status, body)
	}
	id := hbtest.Decode(t, body)["id"].(string)
	if got := w.customer(t, id).ReferredByID(); got != w.affiliate {
		t.Fatalf("%s was not referred by Alice: %q", name, got)
	}
	return id
}

func (w *world) customer(t testing.TB, id string) *collections.Customer {
	t.Helper()
	c, err := collections.FindCustomer(w.app, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func day(t testing.TB, s string) money.Date {
	t.Helper()
	d, err := money.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// invoice is a renewal invoice of a new monthly service of customer at
// amount, issued by a billing run.
func (w *world) invoice(t testing.TB, customer string, amount int64) *collections.Invoice {
	t.Helper()
	return w.invoiceFor(t, customer, w.product, amount)
}

func (w *world) invoiceFor(t testing.TB, customer, product string, amount int64) *collections.Invoice {
	t.Helper()
	d := day(t, "2026-03-10")
	svc := hbtest.Make(t, w.app, "services", map[string]any{"customer": customer, "product": product, "status": "active",
		"cycle": "monthly", "currency": "USD", "recurring_amount": amount, "anchor_date": billing.StoredDate(d),
		"next_due_date": billing.StoredDate(d), "next_invoice_date": billing.StoredDate(d.AddDays(-7))}).Id
	report, err := billing.Run(context.Background(), w.app, billing.RunOptions{AsOf: d.AddDays(-7), Now: time.Now(), Wait: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Problems) > 0 {
		t.Fatal(report)
	}
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

// pay records a bank transfer paying the invoice in full at paidAt.
func (w *world) pay(t testing.TB, inv *collections.Invoice, paidAt time.Time) {
	t.Helper()
	now, _ := types.ParseDateTime(paidAt)
	err := w.app.RunInTransaction(func(tx core.App) error {
		_, err := payments.RecordPayment(tx, payments.Payment{Gateway: "manual", Ref: "BANK-" + inv.Id, Invoice: inv.Id,
			Amount: inv.AmountDue(), Currency: inv.Currency(), Now: now})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// commissions are Alice's commission rows, oldest first.
func (w *world) commissions(t testing.TB) []*collections.Commission {
	t.Helper()
	recs, err := w.app.FindRecordsByFilter(collections.Commissions, "affiliate = {:a}", "created", 0, 0, dbx.Params{"a": w.affiliate})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*collections.Commission, len(recs))
	for i, r := range recs {
		out[i] = collections.WrapCommission(r)
	}
	return out
}

func (w *world) count(t testing.TB, collection string) int64 {
	t.Helper()
	n, err := w.app.CountRecords(collection)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
