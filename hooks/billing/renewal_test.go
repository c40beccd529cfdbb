package billing_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/money"
)

// shop is a small shop for the billing tests: a German seller, German VAT,
// a German and an American customer.
type shop struct {
	app                 *hbtest.App
	product, customerDE string
	customerUS          string
}

func seedShop(app *hbtest.App) error {
	s, err := app.FindFirstRecordByFilter("settings", "id != ''")
	if err != nil {
		return err
	}
	s.Load(map[string]any{"company_name": "Northwind", "company_country": "DE", "company_tax_id": "DE123456789",
		"timezone": "Europe/Berlin", "invoice_days_in_advance": 7, "invoice_number_pattern": "INV-{YYYY}-{SEQ:6}",
		// These tests walk years of unpaid renewals: no dunning stops them.
		"dunning": `{"remind_before_days":[7],"remind_after_days":[],"retry_days":[],"suspend_after_days":0,"terminate_after_days":0}`})
	return app.Save(s)
}

func newShop(t *testing.T) *shop {
	t.Helper()
	app := hbtest.NewApp(t, hbtest.SeedDir(t, "billing-shop", seedShop))
	sh := &shop{app: app}
	mk(t, app, "tax_rules", map[string]any{"country": "DE", "name": "VAT", "rate_bp": 1900, "active": true})
	g := mk(t, app, "product_groups", map[string]any{"name": "VPS", "slug": "vps"})
	sh.product = mk(t, app, "products", map[string]any{"name": "VPS S", "slug": "vps-s", "kind": "vps", "group": g.Id,
		"pricing": `{"USD":{"monthly":{"price":1299,"setup":0}}}`}).Id
	sh.customerDE = mk(t, app, "customers", map[string]any{"name": "Anna", "email": "anna@example.com", "country": "DE"}).Id
	sh.customerUS = mk(t, app, "customers", map[string]any{"name": "Bob", "email": "bob@example.com", "country": "US", "state": "TX"}).Id
	return sh
}

func day(t testing.TB, s string) money.Date {
	t.Helper()
	d, err := money.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func stored(d money.Date) string { return d.String() + " 00:00:00.000Z" }

// service makes an active service anchored on its first due date.
func (sh *shop) service(t *testing.T, customer, cycle string, amount int64, anchor, nextDue string) string {
	t.Helper()
	a, n := day(t, anchor), day(t, nextDue)
	return mk(t, sh.app, "services", map[string]any{"customer": customer, "product": sh.product, "status": "active",
		"cycle": cycle, "currency": "USD", "recurring_amount": amount, "anchor_date": stored(a),
		"next_due_date": stored(n), "next_invoice_date": stored(n.AddDays(-7))}).Id
}

func run(t *testing.T, app core.App, asOf string) *billing.Report {
	t.Helper()
	r, err := billing.Run(context.Background(), app, billing.RunOptions{AsOf: day(t, asOf), Now: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("run as of %s: %v", asOf, err)
	}
	if len(r.Problems) > 0 {
		t.Fatalf("run as of %s had problems: %v", asOf, r.Problems)
	}
	return r
}

type invoiceRow struct {
	ID       string `db:"id"`
	Number   string `db:"number"`
	Customer string `db:"customer"`
	Status   string `db:"status"`
	DueAt    string `db:"due_at"`
	Subtotal int64  `db:"subtotal"`
	TaxTotal int64  `db:"tax_total"`
	Total    int64  `db:"total"`
	Due      int64  `db:"amount_due"`
}

func invoices(t *testing.T, app core.App) []invoiceRow {
	t.Helper()
	var rows []invoiceRow
	if err := app.DB().Select("id", "number", "customer", "status", "due_at", "subtotal", "tax_total", "total", "amount_due").
		From("invoices").OrderBy("number").All(&rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

type lineRow struct {
	Invoice string `db:"invoice"`
	Service string `db:"service"`
	Start   string `db:"period_start"`
	End     string `db:"period_end"`
	Amount  int64  `db:"amount"`
	Tax     int64  `db:"tax_amount"`
}

func lines(t *testing.T, app core.App) []lineRow {
	t.Helper()
	var rows []lineRow
	if err := app.DB().Select("invoice", "service", "period_start", "period_end", "amount", "tax_amount").
		From("invoice_items").OrderBy("service", "period_start").All(&rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func serviceDates(t *testing.T, app core.App, id string) (nextDue, nextInvoice string) {
	t.Helper()
	var row struct {
		Due string `db:"next_due_date"`
		Inv string `db:"next_invoice_date"`
	}
	if err := app.DB().Select("next_due_date", "next_invoice_date").From("services").Where(dbx.HashExp{"id": id}).One(&row); err != nil {
		t.Fatal(err)
	}
	return dayPart(row.Due), dayPart(row.Inv)
}

func dayPart(s string) string {
	if len(s) < 10 {
		return s
	}
	return s[:10]
}

// Every invoice balances: total = Σ lines + Σ tax, and nothing is paid yet.
func assertBalanced(t *testing.T, app core.App) {
	t.Helper()
	byInvoice := map[string]int64{}
	for _, l := range lines(t, app) {
		byInvoice[l.Invoice] += l.Amount + l.Tax
	}
	for _, inv := range invoices(t, app) {
		if inv.Total != byInvoice[inv.ID] || inv.Total != inv.Subtotal+inv.TaxTotal || inv.Due != inv.Total {
			t.Errorf("invoice %s does not balance: total %d, lines+tax %d, subtotal %d + tax %d, due %d",
				inv.Number, inv.Total, byInvoice[inv.ID], inv.Subtotal, inv.TaxTotal, inv.Due)
		}
	}
}

// Numbers of a series run 1..N without a gap or a repeat.
func assertGapless(t *testing.T, app core.App) {
	t.Helper()
	rows := invoices(t, app)
	var nums []string
	for _, r := range rows {
		nums = append(nums, r.Number)
	}
	sort.Strings(nums)
	for i, n := range nums {
		if want := fmt.Sprintf("INV-2026-%06d", i+1); n != want {
			t.Fatalf("invoice numbers are not gapless: %v", nums)
		}
	}
}

func TestRenewalInvoicesEachDuePeriodOnce(t *testing.T) {
	sh := newShop(t)
	a1 := sh.service(t, sh.customerDE, "monthly", 1299, "2026-01-31", "2026-02-28")
	a2 := sh.service(t, sh.customerDE, "monthly", 500, "2026-02-28", "2026-02-28")
	b1 := sh.service(t, sh.customerUS, "annual", 12000, "2025-03-05", "2026-03-05")
	later := sh.service(t, sh.customerUS, "monthly", 700, "2026-01-20", "2026-03-20")

	r := run(t, sh.app, "2026-02-21")
	if r.Invoices != 1 || r.Lines != 2 {
		t.Fatalf("as of Feb 21 only Anna's two services (due Feb 28) are due: %s", r)
	}
	invs := invoices(t, sh.app)
	if invs[0].Customer != sh.customerDE || invs[0].Number != "INV-2026-000001" || invs[0].DueAt[:10] != "2026-02-28" {
		t.Fatalf("one invoice for Anna due Feb 28: %+v", invs)
	}
	// 1299 + 500 at 19% German VAT: 246.81 → 247 and 95.
	if invs[0].Subtotal != 1799 || invs[0].TaxTotal != 247+95 || invs[0].Total != 1799+342 {
		t.Fatalf("amounts: %+v", invs[0])
	}
	// Anchored on Jan 31: the Feb 28 period ends Mar 30 and the next is due Mar 31.
	if due, inv := serviceDates(t, sh.app, a1); due != "2026-03-31" || inv != "2026-03-24" {
		t.Fatalf("Jan 31 anchor after Feb 28: next due %s, next invoice %s", due, inv)
	}
	if ls := lines(t, sh.app); ls[0].Service != a1 && ls[1].Service != a1 {
		t.Fatalf("lines: %+v", ls)
	}
	for _, l := range lines(t, sh.app) {
		if l.Service == a1 && (l.Start[:10] != "2026-02-28" || l.End[:10] != "2026-03-30") {
			t.Fatalf("period of the Jan-31-anchored service: %s–%s", l.Start, l.End)
		}
	}

	if r := run(t, sh.app, "2026-02-21"); r.Invoices != 0 || r.Lines != 0 {
		t.Fatalf("the same day again invoices nothing: %s", r)
	}

	r = run(t, sh.app, "2026-03-25")
	// Anna: Mar 31 period for a1 and a2 (anchored Feb 28 → Mar 28); Bob: annual Mar 5, monthly Mar 20.
	if r.Invoices != 4 || r.Lines != 4 {
		t.Fatalf("as of Mar 25: Bob's two (Mar 5, Mar 20) and Anna's two due dates (Mar 28, Mar 31): %s", r)
	}
	if due, _ := serviceDates(t, sh.app, a2); due != "2026-04-28" {
		t.Fatalf("Feb 28 anchor: after Mar 28 comes Apr 28, got %s", due)
	}
	if due, _ := serviceDates(t, sh.app, b1); due != "2027-03-05" {
		t.Fatalf("annual: next due %s", due)
	}
	if due, _ := serviceDates(t, sh.app, later); due != "2026-04-20" {
		t.Fatalf("monthly Mar 20: next due %s", due)
	}
	for _, inv := range invoices(t, sh.app) {
		if inv.Customer == sh.customerUS && inv.TaxTotal != 0 {
			t.Errorf("no tax rule matches Texas here: %+v", inv)
		}
	}
	assertBalanced(t, sh.app)
	assertGapless(t, sh.app)
}

// A service that fell behind is invoiced for every missed period, each on
// the invoice of its own due date.
func TestRenewalCatchesUpMissedPeriods(t *testing.T) {
	sh := newShop(t)
	id := sh.service(t, sh.customerDE, "monthly", 1000, "2025-11-30", "2025-11-30")
	r := run(t, sh.app, "2026-02-15")
	// Nov 30, Dec 30 and Jan 30 are due; Feb 28 is invoiced on Feb 21, after the run day.
	if r.Lines != 3 || r.Invoices != 3 {
		t.Fatalf("three missed periods: %s", r)
	}
	if due, _ := serviceDates(t, sh.app, id); due != "2026-02-28" {
		t.Fatalf("next due after catching up: %s", due)
	}
	assertBalanced(t, sh.app)
}

// Leap day and year end: an annual service anchored on Feb 29 renews on
// Feb 28 in common years and on Feb 29 again in leap years.
func TestRenewalLeapDayAndYearEnd(t *testing.T) {
	sh := newShop(t)
	leap := sh.service(t, sh.customerDE, "annual", 10000, "2024-02-29", "2026-02-28")
	yearEnd := sh.service(t, sh.customerDE, "monthly", 100, "2025-12-31", "2026-12-31")
	run(t, sh.app, "2026-02-25")
	if due, _ := serviceDates(t, sh.app, leap); due != "2027-02-28" {
		t.Fatalf("after Feb 28 2026: %s", due)
	}
	run(t, sh.app, "2026-12-28")
	if due, _ := serviceDates(t, sh.app, yearEnd); due != "2027-01-31" {
		t.Fatalf("Dec 31 → Jan 31: %s", due)
	}
	run(t, sh.app, "2027-02-25")
	if due, _ := serviceDates(t, sh.app, leap); due != "2028-02-29" {
		t.Fatalf("back to Feb 29 in 2028: %s", due)
	}
	assertBalanced(t, sh.app)
}

// Two runs at once (here: racing goroutines that both wait for the lease)
// invoice each period once, with gapless numbers.
func TestConcurrentRunsInvoiceOnce(t *testing.T) {
	sh := newShop(t)
	var ids []string
	for i := 0; i < 40; i++ {
		cust := sh.customerDE
		if i%2 == 1 {
			cust = sh.customerUS
		}
		due := fmt.Sprintf("2026-03-%02d", 1+i%8)
		ids = append(ids, sh.service(t, cust, "monthly", int64(100+i), due, due))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := billing.Run(context.Background(), sh.app, billing.RunOptions{AsOf: day(t, "2026-03-01"), Wait: true, BatchSize: 7, Holder: fmt.Sprintf("racer-%d", i)})
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	for _, l := range lines(t, sh.app) {
		k := l.Service + l.Start
		if seen[k] {
			t.Fatalf("service %s invoiced twice for %s", l.Service, l.Start)
		}
		seen[k] = true
	}
	if len(seen) != len(ids) {
		t.Fatalf("%d lines for %d services due once each", len(seen), len(ids))
	}
	assertBalanced(t, sh.app)
	assertGapless(t, sh.app)
}

// A second run while one holds the lease exits saying so.
func TestRunRefusesWhileAnotherRuns(t *testing.T) {
	sh := newShop(t)
	l, _, err := billing.AcquireLease(context.Background(), sh.app, billing.RunLease, "cron:1", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	_, err = billing.Run(context.Background(), sh.app, billing.RunOptions{AsOf: day(t, "2026-03-01")})
	if err == nil || err.Error() == "" {
		t.Fatal("a run must refuse while another holds the lease")
	}
}
