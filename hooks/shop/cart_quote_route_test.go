package shop_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/hooks/hbtest"
)

// quote is the quote route's answer, as the storefront reads it.
type quote struct {
	Currency string `json:"currency"`
	Items    []struct {
		Product, Name, Cycle, Hostname string
		Price, Setup                   int64
		Options                        []struct {
			Option, Name, Label string
			Value               any
			Price, Setup        int64
		}
		Addons []struct {
			Addon, Name  string
			Price, Setup int64
		}
	} `json:"items"`
	Lines []struct {
		Item        *int   `json:"item"`
		Kind        string `json:"kind"`
		Description string `json:"description"`
		Amount      int64  `json:"amount"`
	} `json:"lines"`
	Subtotal, Discount, Tax, Total int64
	Taxes                          []struct {
		Name   string `json:"name"`
		RateBP int64  `json:"rate_bp"`
		Amount int64  `json:"amount"`
	} `json:"taxes"`
	Recurring []struct {
		Cycle  string `json:"cycle"`
		Amount int64  `json:"amount"`
	} `json:"recurring"`
	Coupon *struct {
		Code      string `json:"code"`
		Discount  int64  `json:"discount"`
		Recurring bool   `json:"recurring"`
	} `json:"coupon"`
	CouponError *struct{ Code, Message string } `json:"coupon_error"`
	TaxNote     string                          `json:"tax_note"`
}

func postQuote(t testing.TB, app *hbtest.App, tok string, body any) quote {
	t.Helper()
	code, raw := app.Do(t, "POST", "/api/hb/cart/quote", tok, body)
	if code != 200 {
		t.Fatalf("quote: %d %s", code, raw)
	}
	var q quote
	if err := json.Unmarshal(raw, &q); err != nil {
		t.Fatal(err)
	}
	// Whatever the cart, its lines add up to its total.
	var sum int64
	for _, l := range q.Lines {
		sum += l.Amount
	}
	if sum != q.Total || q.Subtotal-q.Discount+q.Tax != q.Total {
		t.Fatalf("lines sum to %d, subtotal %d - discount %d + tax %d, total %d", sum, q.Subtotal, q.Discount, q.Tax, q.Total)
	}
	return q
}

// vpsCart is a VPS L with Windows, 2 GB of RAM and an extra IPv4: 3000 +
// 1500 + 2 × 200 a month, setup 2 × 100; the address 250, setup 100.
func (c *catalog) vpsCart(extra map[string]any) map[string]any {
	body := map[string]any{"currency": "USD", "items": []any{map[string]any{
		"product": c.vpsL, "cycle": "monthly", "options": map[string]any{c.os: c.windows, c.ram: 2},
		"addons": []string{c.ipv4}, "hostname": "VPS1.Example.com"}}}
	for k, v := range extra {
		body[k] = v
	}
	return body
}

func TestQuoteForAVisitorWithoutCountryHasNoTax(t *testing.T) {
	c := newCatalog(t)
	mk(t, c.app, "tax_rules", map[string]any{"country": "DE", "name": "VAT", "rate_bp": 1900, "active": true})
	q := postQuote(t, c.app, "", c.vpsCart(nil))

	if q.Currency != "USD" || q.Subtotal != 4900+200+250+100 || q.Tax != 0 || q.Total != 5450 || q.TaxNote == "" {
		t.Fatalf("quote: %+v", q)
	}
	it := q.Items[0]
	if it.Name != "VPS-L" || it.Hostname != "vps1.example.com" || it.Price != 4900 || it.Setup != 200 || len(it.Options) != 2 || len(it.Addons) != 1 {
		t.Fatalf("item: %+v", it)
	}
	if o := it.Options[0]; o.Option != c.os || o.Label != "Windows" || o.Price != 1500 || o.Value != c.windows {
		t.Fatalf("os option: %+v", o)
	}
	if o := it.Options[1]; o.Option != c.ram || o.Label != "2 GB" || o.Price != 400 || o.Setup != 200 || o.Value != float64(2) {
		t.Fatalf("ram option: %+v", o)
	}
	var kinds []string
	for _, l := range q.Lines {
		if l.Item == nil || *l.Item != 0 {
			t.Fatalf("line without its item: %+v", l)
		}
		kinds = append(kinds, l.Kind)
	}
	if got := strings.Join(kinds, ","); got != "product,setup,addon,setup" {
		t.Fatalf("line kinds %s", got)
	}
	if len(q.Recurring) != 1 || q.Recurring[0].Cycle != "monthly" || q.Recurring[0].Amount != 4900+250 {
		t.Fatalf("recurring: %+v", q.Recurring)
	}
	if q.Coupon != nil || q.CouponError != nil {
		t.Fatalf("no coupon asked: %+v %+v", q.Coupon, q.CouponError)
	}
}

func TestQuoteTaxesTheCountryGivenOrTheCustomersRecord(t *testing.T) {
	c := newCatalog(t)
	mk(t, c.app, "tax_rules", map[string]any{"country": "DE", "name": "VAT", "rate_bp": 1900, "active": true})
	// 19% of each line, rounded half-even: 931 + 38 + 47.5→48 + 19.
	const vat = 1036
	q := postQuote(t, c.app, "", c.vpsCart(map[string]any{"country": "de"}))
	if q.Tax != vat || q.Total != 5450+vat || q.TaxNote != "" || len(q.Taxes) != 1 || q.Taxes[0].RateBP != 1900 || q.Taxes[0].Amount != vat {
		t.Fatalf("German visitor: %+v", q)
	}
	if last := q.Lines[len(q.Lines)-1]; last.Kind != "tax" || last.Item != nil || last.Amount != vat {
		t.Fatalf("tax line: %+v", last)
	}

	// A German customer is taxed by their record; an American one is not.
	de := mk(t, c.app, "customers", map[string]any{"name": "Dora", "email": "dora@example.com", "country": "DE"})
	us := mk(t, c.app, "customers", map[string]any{"name": "Uma", "email": "uma@example.com", "country": "US", "state": "OR"})
	if q := postQuote(t, c.app, token(t, de), c.vpsCart(nil)); q.Tax != vat || q.TaxNote != "" {
		t.Fatalf("German customer: tax %d note %q", q.Tax, q.TaxNote)
	}
	if q := postQuote(t, c.app, token(t, us), c.vpsCart(nil)); q.Tax != 0 || q.TaxNote != "" {
		t.Fatalf("American customer: tax %d note %q", q.Tax, q.TaxNote)
	}
	// The body's country wins over the record, as it will at checkout.
	if q := postQuote(t, c.app, token(t, us), c.vpsCart(map[string]any{"country": "DE"})); q.Tax != vat {
		t.Fatalf("American customer quoting for Germany: tax %d", q.Tax)
	}
}

func TestQuoteAppliesACouponOrSaysWhyNot(t *testing.T) {
	c := newCatalog(t)
	mk(t, c.app, "coupons", map[string]any{"code": "SPRING10", "kind": "percent", "percent_bp": 1000, "applies_to": "recurring", "active": true})
	mk(t, c.app, "coupons", map[string]any{"code": "GAMES", "kind": "percent", "percent_bp": 1000, "active": true, "products": []string{c.game}})

	alice := mk(t, c.app, "customers", map[string]any{"name": "Alice", "email": "alice@example.com", "country": "US", "state": "OR"})
	before := fmt.Sprint(count(t, c.app, "coupon_redemptions"), count(t, c.app, "orders"), count(t, c.app, "invoices"), count(t, c.app, "services"))
	q := postQuote(t, c.app, token(t, alice), c.vpsCart(map[string]any{"coupon": "SPRING10"}))
	// A quote is a price, not a purchase: nothing is written.
	if after := fmt.Sprint(count(t, c.app, "coupon_redemptions"), count(t, c.app, "orders"), count(t, c.app, "invoices"), count(t, c.app, "services")); after != before {
		t.Fatalf("a quote wrote rows: %s then %s", before, after)
	}
	// 10% off the product with its options; addons and setup are not.
	if q.Coupon == nil || q.Coupon.Code != "SPRING10" || q.Coupon.Discount != 490 || !q.Coupon.Recurring || q.Discount != 490 || q.Total != 5450-490 || q.CouponError != nil {
		t.Fatalf("SPRING10: %+v coupon %+v", q, q.Coupon)
	}
	// It repeats on every renewal; a first-invoice coupon does not, and
	// neither does one whose single cycle is the first invoice.
	if len(q.Recurring) != 1 || q.Recurring[0].Amount != 4900+250-490 {
		t.Fatalf("SPRING10 renews at %+v, want 4660", q.Recurring)
	}
	mk(t, c.app, "coupons", map[string]any{"code": "WELCOME", "kind": "percent", "percent_bp": 1000, "applies_to": "first_invoice", "active": true})
	mk(t, c.app, "coupons", map[string]any{"code": "ONCE", "kind": "percent", "percent_bp": 1000, "applies_to": "recurring", "recurring_cycles": 1, "active": true})
	for _, code := range []string{"WELCOME", "ONCE"} {
		q := postQuote(t, c.app, "", c.vpsCart(map[string]any{"coupon": code}))
		if q.Discount != 490 || q.Recurring[0].Amount != 4900+250 {
			t.Fatalf("%s: discount %d, renews at %d", code, q.Discount, q.Recurring[0].Amount)
		}
	}

	for _, code := range []string{"NOPE", "GAMES"} {
		q := postQuote(t, c.app, "", c.vpsCart(map[string]any{"coupon": code}))
		if q.Coupon != nil || q.CouponError == nil || q.CouponError.Message == "" || !strings.HasPrefix(q.CouponError.Code, "coupon_") || q.Discount != 0 || q.Total != 5450 {
			t.Fatalf("%s: the quote must be priced without it and say why: %+v %+v", code, q, q.CouponError)
		}
	}
}

func TestQuoteRefusesBadCartsNamingTheField(t *testing.T) {
	c := newCatalog(t)
	item := func(over map[string]any) map[string]any {
		it := map[string]any{"product": c.vpsL, "cycle": "monthly"}
		for k, v := range over {
			it[k] = v
		}
		return it
	}
	many := make([]any, 51)
	for i := range many {
		many[i] = item(nil)
	}
	cases := []struct {
		name  string
		body  any
		field string
	}{
		{"no currency", map[string]any{"items": []any{item(nil)}}, "currency"},
		{"unknown currency", map[string]any{"currency": "XXY", "items": []any{item(nil)}}, "currency"},
		{"empty cart", map[string]any{"currency": "USD", "items": []any{}}, "items"},
		{"51 items", map[string]any{"currency": "USD", "items": many}, "items"},
		{"unknown product", map[string]any{"currency": "USD", "items": []any{item(nil), item(map[string]any{"product": "nope"})}}, "items.1.product"},
		{"hidden product", map[string]any{"currency": "USD", "items": []any{item(map[string]any{"product": c.vpsHidden})}}, "items.0.product"},
		{"bad cycle", map[string]any{"currency": "USD", "items": []any{item(map[string]any{"cycle": "weekly"})}}, "items.0.cycle"},
		{"cycle not sold", map[string]any{"currency": "USD", "items": []any{item(map[string]any{"cycle": "annual"})}}, "items.0.cycle"},
		{"unknown option", map[string]any{"currency": "USD", "items": []any{item(map[string]any{"options": map[string]any{"zzz": 1}})}}, "items.0.options.zzz"},
		{"ram out of range", map[string]any{"currency": "USD", "items": []any{item(map[string]any{"options": map[string]any{c.ram: 99}})}}, "items.0.options." + c.ram},
		{"second addon bad", map[string]any{"currency": "USD", "items": []any{item(map[string]any{"addons": []string{c.ipv4, c.gameBackup}})}}, "items.0.addons.1"},
		{"bad hostname", map[string]any{"currency": "USD", "items": []any{item(map[string]any{"hostname": "not a host"})}}, "items.0.hostname"},
		{"bad country", map[string]any{"currency": "USD", "country": "Germany", "items": []any{item(nil)}}, "country"},
		{"unknown field", map[string]any{"currency": "USD", "items": []any{item(nil)}, "price": 1}, "body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body := c.app.Do(t, "POST", "/api/hb/cart/quote", "", tc.body)
			wantField(t, code, body, tc.field)
		})
	}

	t.Run("body too large", func(t *testing.T) {
		big := map[string]any{"currency": "USD", "items": []any{item(map[string]any{"hostname": strings.Repeat("a", 300<<10)})}}
		code, body := c.app.Do(t, "POST", "/api/hb/cart/quote", "", big)
		wantField(t, code, body, "body")
	})
}

func TestQuoteRefusesMoreThanTheStock(t *testing.T) {
	c := newCatalog(t)
	g := mk(t, c.app, "product_groups", map[string]any{"name": "Dedicated", "slug": "dedicated"})
	box := mk(t, c.app, "products", map[string]any{"name": "Last box", "slug": "last-box", "kind": "dedicated", "group": g.Id,
		"pricing": `{"USD":{"monthly":{"price":9000,"setup":0}}}`, "track_stock": true, "stock": 1}).Id
	gone := mk(t, c.app, "products", map[string]any{"name": "Gone box", "slug": "gone-box", "kind": "dedicated", "group": g.Id,
		"pricing": `{"USD":{"monthly":{"price":9000,"setup":0}}}`, "track_stock": true, "stock": 0}).Id
	one := map[string]any{"product": box, "cycle": "monthly"}
	postQuote(t, c.app, "", map[string]any{"currency": "USD", "items": []any{one}})

	code, body := c.app.Do(t, "POST", "/api/hb/cart/quote", "", map[string]any{"currency": "USD", "items": []any{one, one}})
	wantField(t, code, body, "items.1.product")
	if !strings.Contains(string(body), "Only 1 of Last box left") {
		t.Fatalf("the message must say how many are left: %s", body)
	}
	code, body = c.app.Do(t, "POST", "/api/hb/cart/quote", "", map[string]any{"currency": "USD", "items": []any{map[string]any{"product": gone, "cycle": "monthly"}}})
	wantField(t, code, body, "items.0.product")
	if !strings.Contains(string(body), "out of stock") {
		t.Fatalf("the message must say it is out of stock: %s", body)
	}
}

func TestQuoteRefusesACurrencyTheShopDoesNotSell(t *testing.T) {
	c := newCatalog(t)
	// The defaults sell in USD only.
	mk(t, c.app, "currencies", map[string]any{"code": "EUR", "name": "Euro", "decimals": 2, "rate_nano": 900_000_000, "active": false})
	postQuote(t, c.app, "", c.vpsCart(nil))
	code, body := c.app.Do(t, "POST", "/api/hb/cart/quote", "", c.vpsCart(map[string]any{"currency": "EUR"}))
	wantField(t, code, body, "currency")
}

func TestQuoteRequiresAHostnameWhereTheProductDoes(t *testing.T) {
	c := newCatalog(t)
	rec, err := c.app.FindRecordById("products", c.vpsL)
	if err != nil {
		t.Fatal(err)
	}
	rec.Set("requires_hostname", true)
	if err := c.app.Save(rec); err != nil {
		t.Fatal(err)
	}
	code, body := c.app.Do(t, "POST", "/api/hb/cart/quote", "", map[string]any{"currency": "USD", "items": []any{map[string]any{"product": c.vpsL, "cycle": "monthly"}}})
	wantField(t, code, body, "items.0.hostname")
	for _, bad := range []string{"server1", "-a.example.com", "a..example.com", "a.123", "ünï.example.com", strings.Repeat("a", 64) + ".example.com"} {
		code, body := c.app.Do(t, "POST", "/api/hb/cart/quote", "", map[string]any{"currency": "USD", "items": []any{map[string]any{"product": c.vpsL, "cycle": "monthly", "hostname": bad}}})
		wantField(t, code, body, "items.0.hostname")
	}
}

func BenchmarkCartQuote(b *testing.B) {
	c := newCatalog(b)
	c.app.Settings().RateLimits.Enabled = false
	body := c.vpsCart(map[string]any{"country": "DE"})
	raw, _ := json.Marshal(body)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		code, out := c.app.Do(b, "POST", "/api/hb/cart/quote", "", strings.NewReader(string(raw)))
		if code != 200 {
			b.Fatalf("quote: %d %s", code, out)
		}
	}
}
