package billing_test

import (
	"testing"

	"github.com/pocketbase/dbx"
)

// An invoice overdue past the policy's days gets one late fee, as an invoice
// of its own (the issued invoice is never changed), and only once.
func TestLateFeeOncePerOverdueInvoice(t *testing.T) {
	sh := newShop(t)
	s, err := sh.app.FindFirstRecordByFilter("settings", "id != ''")
	if err != nil {
		t.Fatal(err)
	}
	s.Set("late_fee", map[string]any{"enabled": true, "kind": "percent", "percent_bp": 1000, "after_days": 7})
	if err := sh.app.Save(s); err != nil {
		t.Fatal(err)
	}
	sh.service(t, sh.customerDE, "monthly", 1000, "2026-03-01", "2026-03-01")
	run(t, sh.app, "2026-02-25") // the Mar 1 invoice: 1000 + 190 VAT
	if r := run(t, sh.app, "2026-03-08"); r.LateFees != 0 {
		t.Fatalf("7 days overdue is not yet late: %s", r)
	}
	r := run(t, sh.app, "2026-03-09")
	if r.LateFees != 1 {
		t.Fatalf("8 days overdue: one late fee, got %s", r)
	}
	var fee struct {
		Total int64  `db:"total"`
		Tax   int64  `db:"tax_total"`
		Notes string `db:"notes"`
	}
	if err := sh.app.DB().Select("total", "tax_total", "notes").From("invoices").
		Where(dbx.NewExp("id IN (SELECT invoice FROM invoice_items WHERE kind = 'late_fee')")).One(&fee); err != nil {
		t.Fatal(err)
	}
	if fee.Total != 119 || fee.Tax != 0 {
		t.Fatalf("10%% of 1190 overdue, no VAT on a late fee: %+v", fee)
	}
	if r := run(t, sh.app, "2026-03-20"); r.LateFees != 0 {
		t.Fatalf("once per invoice, and a late fee earns none of its own: %s", r)
	}
	assertBalanced(t, sh.app)
	assertGapless(t, sh.app)
}
