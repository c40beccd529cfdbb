package billing_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/billing/coupons"
	"github.com/ezscale/hostbase/hooks/money"
)

// order is a checkout's pending records: one VPS with a backup addon.
type order struct {
	id, service, serviceAddon, addon string
}

func (sh *shop) pendingOrder(t *testing.T, customer string) order {
	t.Helper()
	o := mk(t, sh.app, "orders", map[string]any{"customer": customer, "status": "pending", "currency": "USD"})
	svc := mk(t, sh.app, "services", map[string]any{"customer": customer, "order": o.Id, "product": sh.product, "status": "pending",
		"cycle": "monthly", "currency": "USD", "recurring_amount": 1299})
	addon := mk(t, sh.app, "addons", map[string]any{"name": "Backups", "pricing": `{"USD":{"monthly":{"price":300,"setup":0}}}`})
	sa := mk(t, sh.app, "service_addons", map[string]any{"service": svc.Id, "customer": customer, "addon": addon.Id, "status": "pending",
		"cycle": "monthly", "currency": "USD", "quantity": 2, "recurring_amount": 300})
	return order{o.Id, svc.Id, sa.Id, addon.Id}
}

func (o order) cart(customer, coupon string) billing.Cart {
	return billing.Cart{Currency: "USD", Customer: customer, Coupon: coupon, Items: []billing.CartItem{{
		Product: "", ProductName: "VPS S", Cycle: money.Monthly, Price: 1299, Setup: 500, Service: o.service,
		Addons: []billing.CartAddon{{Addon: o.addon, Description: "Backups", Quantity: 2, Price: 300, ServiceAddon: o.serviceAddon}},
	}}}
}

var checkoutNow = types.NowDateTime()

func issue(app core.App, sh *shop, o order, customer, coupon string) (*collections.Invoice, error) {
	var inv *collections.Invoice
	err := app.RunInTransaction(func(tx core.App) error {
		c := o.cart(customer, coupon)
		c.Items[0].Product = sh.product
		var err error
		inv, err = billing.IssueOrderInvoice(tx, billing.OrderInvoice{Cart: c, Order: o.id, Today: money.Date{Year: 2026, Month: 3, Day: 31}, Now: checkoutNow})
		return err
	})
	return inv, err
}

type itemRow struct {
	Kind    string `db:"kind"`
	Service string `db:"service"`
	Addon   string `db:"service_addon"`
	Start   string `db:"period_start"`
	End     string `db:"period_end"`
	Qty     int64  `db:"quantity"`
	Amount  int64  `db:"amount"`
	Tax     int64  `db:"tax_amount"`
}

func items(t *testing.T, app core.App, invoice string) []itemRow {
	t.Helper()
	var rows []itemRow
	if err := app.DB().Select("kind", "service", "service_addon", "period_start", "period_end", "quantity", "amount", "tax_amount").
		From("invoice_items").Where(dbx.HashExp{"invoice": invoice}).OrderBy("sort").All(&rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func count(t *testing.T, app core.App, table string) int {
	t.Helper()
	var n int
	if err := app.DB().Select("count(*)").From(table).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOrderInvoiceHasALinePerServiceSetupAddonAndDiscount(t *testing.T) {
	sh := newShop(t)
	coupon := mk(t, sh.app, "coupons", map[string]any{"code": "SPRING", "kind": "percent", "percent_bp": 2000, "applies_to": "recurring",
		"recurring_cycles": 3, "active": true, "products": []string{sh.product}})
	o := sh.pendingOrder(t, sh.customerDE)

	inv, err := issue(sh.app, sh, o, sh.customerDE, "spring")
	if err != nil {
		t.Fatal(err)
	}
	// German customer, 19% VAT per line, half-even: 1299 → 246.81 → 247;
	// 500 → 95; −260 (20% of 1299 = 259.8) → −49.4 → −49; 2 × 300 → 114.
	want := []itemRow{
		{"service", o.service, "", "2026-03-31", "2026-04-29", 1, 1299, 247},
		{"setup", o.service, "", "2026-03-31", "2026-04-29", 1, 500, 95},
		{"discount", o.service, "", "2026-03-31", "2026-04-29", 1, -260, -49},
		{"addon", o.service, o.serviceAddon, "2026-03-31", "2026-04-29", 2, 600, 114},
	}
	got := items(t, sh.app, inv.Id)
	if len(got) != len(want) {
		t.Fatalf("lines %+v, want %+v", got, want)
	}
	for i := range want {
		g := got[i]
		g.Start, g.End = g.Start[:10], g.End[:10]
		if g != want[i] {
			t.Errorf("line %d: %+v, want %+v", i, g, want[i])
		}
	}
	if inv.Number() != "INV-2026-000001" || inv.Status() != collections.InvoiceStatusUnpaid || inv.OrderID() != o.id {
		t.Errorf("invoice %s %s order %s", inv.Number(), inv.Status(), inv.OrderID())
	}
	if inv.Subtotal() != 2399 || inv.DiscountTotal() != 260 || inv.TaxTotal() != 407 || inv.Total() != 2546 || inv.AmountDue() != 2546 {
		t.Errorf("totals: subtotal %d discount %d tax %d total %d due %d", inv.Subtotal(), inv.DiscountTotal(), inv.TaxTotal(), inv.Total(), inv.AmountDue())
	}
	// The service is dated from its first period, and keeps the recurring coupon.
	due, next := serviceDates(t, sh.app, o.service)
	if due != "2026-04-30" || next != "2026-04-23" {
		t.Errorf("service dates: next due %s, next invoice %s", due, next)
	}
	svc, _ := collections.FindService(sh.app, o.service)
	if svc.CouponID() != coupon.Id || svc.AnchorDate().String()[:10] != "2026-03-31" {
		t.Errorf("service coupon %q anchor %q", svc.CouponID(), svc.AnchorDate())
	}
	var redemption struct {
		Coupon, Order, Invoice string
		Amount                 int64
	}
	if err := sh.app.DB().Select("coupon", "[[order]]", "invoice", "amount").From("coupon_redemptions").One(&redemption); err != nil {
		t.Fatal(err)
	}
	if redemption.Coupon != coupon.Id || redemption.Order != o.id || redemption.Invoice != inv.Id || redemption.Amount != 260 {
		t.Errorf("redemption %+v", redemption)
	}
}

func TestOrderInvoiceIsWrittenOnceTwiceConcurrentlyAndAfterACrash(t *testing.T) {
	sh := newShop(t)
	o := sh.pendingOrder(t, sh.customerUS)

	// A crash after the invoice was computed and written, before commit:
	// nothing of it survives, not even its number.
	crash := errors.New("power cut")
	err := sh.app.RunInTransaction(func(tx core.App) error {
		c := o.cart(sh.customerUS, "")
		c.Items[0].Product = sh.product
		if _, err := billing.IssueOrderInvoice(tx, billing.OrderInvoice{Cart: c, Order: o.id, Today: day(t, "2026-03-31"), Now: checkoutNow}); err != nil {
			return err
		}
		return crash
	})
	if !errors.Is(err, crash) {
		t.Fatal(err)
	}
	if n := count(t, sh.app, "invoices"); n != 0 {
		t.Fatalf("%d invoices survived the crash", n)
	}
	if due, _ := serviceDates(t, sh.app, o.service); due != "" {
		t.Fatalf("the crash moved the service's dates to %s", due)
	}

	var wg sync.WaitGroup
	ids := make([]string, 8)
	errs := make([]error, 8)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			inv, err := issue(sh.app, sh, o, sh.customerUS, "")
			errs[i] = err
			if err == nil {
				ids[i] = inv.Id
			}
		}()
	}
	wg.Wait()
	again, err := issue(sh.app, sh, o, sh.customerUS, "")
	if err != nil {
		t.Fatal(err)
	}
	for i := range ids {
		if errs[i] != nil || ids[i] != again.Id {
			t.Fatalf("call %d: invoice %q, err %v; want %s", i, ids[i], errs[i], again.Id)
		}
	}
	if n := count(t, sh.app, "invoices"); n != 1 {
		t.Fatalf("%d invoices for one order", n)
	}
	if n := count(t, sh.app, "invoice_items"); n != 3 {
		t.Fatalf("%d lines, want service, setup and addon", n)
	}
	if again.Number() != "INV-2026-000001" {
		t.Fatalf("number %s: the crash used up a number", again.Number())
	}
	assertGapless(t, sh.app)
}

func TestOrderInvoiceRefusesCouponsThatDoNotApply(t *testing.T) {
	sh := newShop(t)
	other := mk(t, sh.app, "products", map[string]any{"name": "Dedicated", "slug": "ded", "kind": "dedicated",
		"group": mustGroup(t, sh), "pricing": `{"USD":{"monthly":{"price":9900,"setup":0}}}`})
	mk(t, sh.app, "coupons", map[string]any{"code": "DEDI", "kind": "fixed", "amounts": `{"USD":1000}`, "active": true, "products": []string{other.Id}})
	mk(t, sh.app, "coupons", map[string]any{"code": "EUROS", "kind": "fixed", "amounts": `{"EUR":1000}`, "active": true})
	mk(t, sh.app, "coupons", map[string]any{"code": "GONE", "kind": "percent", "percent_bp": 1000, "active": true,
		"expires_at": "2020-01-01 00:00:00.000Z"})
	o := sh.pendingOrder(t, sh.customerUS)

	for _, tc := range []struct {
		code   string
		reason coupons.Reason
	}{
		{"DEDI", coupons.ReasonNotForProduct},
		{"EUROS", coupons.ReasonNotInCurrency},
		{"GONE", coupons.ReasonExpired},
		{"NOPE", coupons.ReasonNotFound},
	} {
		_, err := issue(sh.app, sh, o, sh.customerUS, tc.code)
		var ce *billing.CartError
		if !errors.As(err, &ce) || ce.Field != "coupon" || ce.Reason != tc.reason || ce.Message == "" {
			t.Errorf("coupon %s: %v, want a refusal on coupon for %s", tc.code, err, tc.reason)
		}
	}
	for _, table := range []string{"invoices", "invoice_items", "coupon_redemptions", "invoice_sequences"} {
		if n := count(t, sh.app, table); n != 0 {
			t.Errorf("a refused coupon wrote %d %s", n, table)
		}
	}
}

func mustGroup(t *testing.T, sh *shop) string {
	t.Helper()
	p, err := sh.app.FindRecordById("products", sh.product)
	if err != nil {
		t.Fatal(err)
	}
	return p.GetString("group")
}

func TestCouponUsageLimitsHoldUnderConcurrentCheckouts(t *testing.T) {
	sh := newShop(t)
	mk(t, sh.app, "coupons", map[string]any{"code": "ONCE", "kind": "fixed", "amounts": `{"USD":100}`, "active": true, "max_uses": 1})
	orders := []order{sh.pendingOrder(t, sh.customerUS), sh.pendingOrder(t, sh.customerDE)}
	customers := []string{sh.customerUS, sh.customerDE}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range orders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = issue(sh.app, sh, orders[i], customers[i], "ONCE")
		}()
	}
	wg.Wait()
	refused := 0
	for _, err := range errs {
		var ce *billing.CartError
		if errors.As(err, &ce) && ce.Reason == coupons.ReasonUsedUp {
			refused++
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if refused != 1 || count(t, sh.app, "coupon_redemptions") != 1 {
		t.Fatalf("%d refused, %d redemptions: a one-use coupon must be used once", refused, count(t, sh.app, "coupon_redemptions"))
	}
}

func TestFreeOrderIsPaidAtOnceAndCreditIsApplied(t *testing.T) {
	sh := newShop(t)
	mk(t, sh.app, "coupons", map[string]any{"code": "FREE", "kind": "percent", "percent_bp": 10000, "active": true})
	mk(t, sh.app, "coupons", map[string]any{"code": "NOSETUP", "kind": "free_setup", "active": true})
	free, err := issueFree(t, sh, sh.customerUS)
	if err != nil {
		t.Fatal(err)
	}
	if free.Total() != 0 || free.Status() != collections.InvoiceStatusPaid {
		t.Fatalf("a free order: total %d, status %s", free.Total(), free.Status())
	}

	s, _ := sh.app.FindFirstRecordByFilter("settings", "id != ''")
	s.Set("auto_apply_credit", true)
	if err := sh.app.Save(s); err != nil {
		t.Fatal(err)
	}
	if _, err := addCredit(sh.app, billing.CreditEntry{Customer: sh.customerUS, Currency: "USD", Amount: 1000, Kind: collections.CreditEntryKindAdjustment, Note: "goodwill"}); err != nil {
		t.Fatal(err)
	}
	o := sh.pendingOrder(t, sh.customerUS)
	inv, err := issue(sh.app, sh, o, sh.customerUS, "NOSETUP")
	if err != nil {
		t.Fatal(err)
	}
	// US customer, no tax: 1299 + 500 − 500 + 600 = 1899; 1000 of credit.
	if inv.Total() != 1899 || inv.CreditApplied() != 1000 || inv.AmountDue() != 899 || inv.Status() != collections.InvoiceStatusUnpaid {
		t.Fatalf("total %d, credit applied %d, due %d, %s", inv.Total(), inv.CreditApplied(), inv.AmountDue(), inv.Status())
	}
	if b := balance(t, sh.app, sh.customerUS); b != 0 {
		t.Fatalf("balance %d after applying it", b)
	}
}

func issueFree(t *testing.T, sh *shop, customer string) (*collections.Invoice, error) {
	o := mk(t, sh.app, "orders", map[string]any{"customer": customer, "status": "pending", "currency": "USD"})
	svc := mk(t, sh.app, "services", map[string]any{"customer": customer, "order": o.Id, "product": sh.product, "status": "pending",
		"cycle": "annual", "currency": "USD", "recurring_amount": 12000})
	var inv *collections.Invoice
	err := sh.app.RunInTransaction(func(tx core.App) error {
		var err error
		inv, err = billing.IssueOrderInvoice(tx, billing.OrderInvoice{Order: o.Id, Today: money.Date{Year: 2026, Month: 2, Day: 28}, Now: checkoutNow,
			Cart: billing.Cart{Currency: "USD", Customer: customer, Coupon: "FREE", Items: []billing.CartItem{{Product: sh.product, ProductName: "VPS S", Cycle: money.Annual, Price: 12000, Service: svc.Id}}}})
		return err
	})
	return inv, err
}

func TestPriceCartIsWhatTheOrderInvoiceSays(t *testing.T) {
	sh := newShop(t)
	policy, err := billing.LoadPolicy(sh.app)
	if err != nil {
		t.Fatal(err)
	}
	mk(t, sh.app, "coupons", map[string]any{"code": "TENOFF", "kind": "percent", "percent_bp": 1000, "active": true})
	o := sh.pendingOrder(t, sh.customerDE)
	c := o.cart("", "TENOFF")
	c.Items[0].Product = sh.product
	c.Buyer.Country = "DE"
	quote, err := billing.PriceCart(sh.app, policy, c, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	inv, err := issue(sh.app, sh, o, sh.customerDE, "TENOFF")
	if err != nil {
		t.Fatal(err)
	}
	if quote.Invoice.Total != inv.Total() || quote.Invoice.TaxTotal != inv.TaxTotal() || quote.Coupon.Discount != inv.DiscountTotal() {
		t.Fatalf("quote %d (tax %d, discount %d) vs invoice %d (tax %d, discount %d)",
			quote.Invoice.Total, quote.Invoice.TaxTotal, quote.Coupon.Discount, inv.Total(), inv.TaxTotal(), inv.DiscountTotal())
	}

	for _, tc := range []struct {
		name  string
		edit  func(c *billing.Cart)
		field string
	}{
		{"unknown currency", func(c *billing.Cart) { c.Currency = "XXY" }, "currency"},
		{"negative price", func(c *billing.Cart) { c.Items[0].Price = -1 }, "items.0.price"},
		{"zero addon quantity", func(c *billing.Cart) { c.Items[0].Addons[0].Quantity = 0 }, "items.0.addons.0.quantity"},
		{"unknown cycle", func(c *billing.Cart) { c.Items[0].Cycle = "weekly" }, "items.0.cycle"},
		{"empty", func(c *billing.Cart) { c.Items = nil }, "items"},
	} {
		bad := o.cart("", "")
		bad.Items[0].Product = sh.product
		tc.edit(&bad)
		_, err := billing.PriceCart(sh.app, policy, bad, time.Now())
		var ce *billing.CartError
		if !errors.As(err, &ce) || ce.Field != tc.field {
			t.Errorf("%s: %v, want an error on %s", tc.name, err, tc.field)
		}
	}
}

func TestRecurringCouponDiscountsItsNumberOfCyclesAndNoMore(t *testing.T) {
	sh := newShop(t)
	mk(t, sh.app, "coupons", map[string]any{"code": "SPRING", "kind": "percent", "percent_bp": 2000, "applies_to": "recurring",
		"recurring_cycles": 3, "active": true})
	o := sh.pendingOrder(t, sh.customerUS)
	if _, err := issue(sh.app, sh, o, sh.customerUS, "SPRING"); err != nil {
		t.Fatal(err)
	}
	activate := func() {
		if _, err := sh.app.DB().Update("services", dbx.Params{"status": "active"}, dbx.HashExp{"id": o.service}).Execute(); err != nil {
			t.Fatal(err)
		}
		if _, err := sh.app.DB().Update("service_addons", dbx.Params{"status": "active"}, dbx.HashExp{"id": o.serviceAddon}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	activate()
	discounts := func() []string {
		var starts []string
		if err := sh.app.DB().Select("period_start").From("invoice_items").
			Where(dbx.HashExp{"kind": "discount", "service": o.service}).OrderBy("period_start").Column(&starts); err != nil {
			t.Fatal(err)
		}
		for i := range starts {
			starts[i] = starts[i][:10]
		}
		return starts
	}
	run(t, sh.app, "2026-04-23")
	run(t, sh.app, "2026-04-23") // a rerun adds nothing
	r := run(t, sh.app, "2026-05-24")
	if r.Discounts != 1 {
		t.Fatalf("the third cycle: %d discounts", r.Discounts)
	}
	if r := run(t, sh.app, "2026-06-23"); r.Discounts != 0 || r.ServicePeriods != 1 {
		t.Fatalf("the fourth cycle: %d discounts, %d periods; a 3-cycle coupon is spent", r.Discounts, r.ServicePeriods)
	}
	if got := discounts(); len(got) != 3 || got[0] != "2026-03-31" || got[1] != "2026-04-30" || got[2] != "2026-05-31" {
		t.Fatalf("discounted periods %v, want the first three", got)
	}
	var cycles int
	if err := sh.app.DB().Select("cycles_applied").From("coupon_redemptions").Row(&cycles); err != nil || cycles != 3 {
		t.Fatalf("cycles_applied %d (%v), want 3", cycles, err)
	}
	assertGapless(t, sh.app)
}
