package billing_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
)

// activeService is a monthly service anchored on 1 March 2026 whose March
// is invoiced: the plan changes on 17 March, with 15 of 31 days left.
func (sh *shop) activeService(t *testing.T, customer string, price int64) string {
	t.Helper()
	return mk(t, sh.app, "services", map[string]any{"customer": customer, "product": sh.product, "status": "active",
		"cycle": "monthly", "currency": "USD", "recurring_amount": price, "anchor_date": "2026-03-01 00:00:00.000Z",
		"next_due_date": "2026-04-01 00:00:00.000Z", "next_invoice_date": "2026-03-25 00:00:00.000Z"}).Id
}

func (sh *shop) bigger(t *testing.T) string {
	t.Helper()
	return mk(t, sh.app, "products", map[string]any{"name": "VPS L", "slug": "vps-l", "kind": "vps", "group": mustGroup(t, sh),
		"pricing": `{"USD":{"monthly":{"price":3100,"setup":0}}}`}).Id
}

func change(app core.App, req billing.ChangeRequest) (*collections.ServiceChange, error) {
	var ch *collections.ServiceChange
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		ch, err = billing.RequestChange(tx, req)
		return err
	})
	return ch, err
}

func TestUpgradeInvoicesTheProratedDifferenceAndAppliesOncePaid(t *testing.T) {
	sh := newShop(t)
	svc := sh.activeService(t, sh.customerUS, 1000)
	large := sh.bigger(t)
	fired := 0
	billing.OnChangeApplied(sh.app).BindFunc(func(e *billing.ChangeAppliedEvent) error {
		fired++
		if e.Service.RecurringAmount() != 3100 {
			t.Errorf("the hook saw the old price %d", e.Service.RecurringAmount())
		}
		return e.Next()
	})
	req := billing.ChangeRequest{Service: svc, ToProduct: large, ToProductName: "VPS L", NewPrice: 3100, Today: day(t, "2026-03-17"), Now: checkoutNow}

	p, err := billing.PreviewChange(sh.app, req)
	if err != nil {
		t.Fatal(err)
	}
	// 15 of 31 days: credit 1000 × 15/31 = 483.87 → 484, charge 3100 × 15/31 = 1500.
	if p.Kind != collections.ServiceChangeKindUpgrade || p.TotalDays != 31 || p.RemainingDays != 15 || p.Credit != 484 || p.Charge != 1500 || p.DueNow != 1016 {
		t.Fatalf("preview %+v", p)
	}
	if n := count(t, sh.app, "service_changes"); n != 0 {
		t.Fatalf("a preview wrote %d changes", n)
	}

	// A crash after the change was written leaves nothing behind.
	crash := errors.New("crash")
	if err := sh.app.RunInTransaction(func(tx core.App) error {
		if _, err := billing.RequestChange(tx, req); err != nil {
			return err
		}
		return crash
	}); !errors.Is(err, crash) {
		t.Fatal(err)
	}
	if count(t, sh.app, "service_changes")+count(t, sh.app, "invoices") != 0 {
		t.Fatal("the crashed change left records")
	}

	// Two requests at once: one upgrade invoice, the other refused.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = change(sh.app, req) }()
	}
	wg.Wait()
	var ok, refused int
	for _, err := range errs {
		var ce *billing.ChangeError
		switch {
		case err == nil:
			ok++
		case errors.As(err, &ce) && ce.Code == "validation_change_pending":
			refused++
		default:
			t.Fatal(err)
		}
	}
	if ok != 1 || refused != 1 {
		t.Fatalf("%d changes made, %d refused", ok, refused)
	}

	rec, err := sh.app.FindFirstRecordByFilter("service_changes", "id != ''")
	if err != nil {
		t.Fatal(err)
	}
	ch := collections.WrapServiceChange(rec)
	inv, _ := collections.FindInvoice(sh.app, ch.InvoiceID())
	if ch.Status() != collections.ServiceChangeStatusInvoiced || inv.Total() != 1016 || fired != 0 {
		t.Fatalf("change %s, invoice total %d, hook fired %d times before payment", ch.Status(), inv.Total(), fired)
	}
	if s, _ := collections.FindService(sh.app, svc); s.RecurringAmount() != 1000 {
		t.Fatal("the plan changed before the upgrade was paid")
	}

	// Paid from account credit: the change applies, once.
	if err := sh.app.RunInTransaction(func(tx core.App) error {
		if _, err := billing.AddCredit(tx, billing.CreditEntry{Customer: sh.customerUS, Currency: "USD", Amount: 1016, Kind: collections.CreditEntryKindAdjustment, Note: "test"}); err != nil {
			return err
		}
		if _, err := billing.ApplyCredit(tx, inv.Id, day(t, "2026-03-17")); err != nil {
			return err
		}
		return billing.InvoicePaid(tx, inv.Id, checkoutNow) // a gateway's late duplicate
	}); err != nil {
		t.Fatal(err)
	}
	s, _ := collections.FindService(sh.app, svc)
	ch, _ = collections.FindServiceChange(sh.app, ch.Id)
	if s.RecurringAmount() != 3100 || s.ProductID() != large || ch.Status() != collections.ServiceChangeStatusApplied || fired != 1 {
		t.Fatalf("after payment: price %d, product %s, change %s, hook fired %d times", s.RecurringAmount(), s.ProductID(), ch.Status(), fired)
	}
}

func TestDowngradeCreditsTheUnusedDifferenceWithTax(t *testing.T) {
	sh := newShop(t)
	svc := sh.activeService(t, sh.customerDE, 1000)
	ch, err := change(sh.app, billing.ChangeRequest{Service: svc, ToConfig: map[string]any{"ram": "1GB"}, NewPrice: 500, Today: day(t, "2026-03-17"), Now: checkoutNow})
	if err != nil {
		t.Fatal(err)
	}
	// credit 484, charge 500 × 15/31 = 241.94 → 242: 242 back, plus 19% VAT = 287.98 → 288.
	if ch.Kind() != collections.ServiceChangeKindDowngrade || ch.Status() != collections.ServiceChangeStatusApplied {
		t.Fatalf("change %s %s", ch.Kind(), ch.Status())
	}
	if b := balance(t, sh.app, sh.customerDE); b != 288 {
		t.Fatalf("credit %d, want 288", b)
	}
	if s, _ := collections.FindService(sh.app, svc); s.RecurringAmount() != 500 {
		t.Fatalf("price %d after the downgrade", s.RecurringAmount())
	}
	if n := count(t, sh.app, "invoices"); n != 0 {
		t.Fatalf("a downgrade made %d invoices", n)
	}
}

func TestDowngradeCreditOnTheNextRenewal(t *testing.T) {
	sh := newShop(t)
	s, _ := sh.app.FindFirstRecordByFilter("settings", "id != ''")
	s.Set("downgrade_policy", "credit_next_renewal")
	if err := sh.app.Save(s); err != nil {
		t.Fatal(err)
	}
	small := sh.activeService(t, sh.customerUS, 1000)
	huge := sh.activeService(t, sh.customerDE, 100000)
	for _, req := range []billing.ChangeRequest{
		{Service: small, ToConfig: map[string]any{"ram": "1GB"}, NewPrice: 500, Today: day(t, "2026-03-17"), Now: checkoutNow},
		{Service: huge, ToConfig: map[string]any{"ram": "1GB"}, NewPrice: 1000, Today: day(t, "2026-03-17"), Now: checkoutNow},
	} {
		ch, err := change(sh.app, req)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Status() != collections.ServiceChangeStatusPending {
			t.Fatalf("a downgrade whose credit waits is %s", ch.Status())
		}
	}
	if b := balance(t, sh.app, sh.customerUS); b != 0 {
		t.Fatalf("credit %d before the renewal", b)
	}
	run(t, sh.app, "2026-03-25")
	run(t, sh.app, "2026-03-25")
	var credits []struct {
		Service string `db:"service"`
		Amount  int64  `db:"amount"`
	}
	if err := sh.app.DB().Select("service", "amount").From("invoice_items").Where(dbx.HashExp{"kind": "credit"}).All(&credits); err != nil {
		t.Fatal(err)
	}
	// small: 242 off its 500 renewal. huge: 100000 × 15/31 = 48387 credit,
	// 1000 × 15/31 = 484 charge: 47903 owed, 1000 on the renewal line, the
	// 46903 left + 19% VAT = 55814.57 → 55815 to the account credit.
	want := map[string]int64{small: -242, huge: -1000}
	if len(credits) != 2 || credits[0].Amount != want[credits[0].Service] || credits[1].Amount != want[credits[1].Service] {
		t.Fatalf("credit lines %+v, want %v", credits, want)
	}
	if b := balance(t, sh.app, sh.customerDE); b != 55815 {
		t.Fatalf("the rest of the downgrade credit: %d, want 55815", b)
	}
	var pending int
	if err := sh.app.DB().Select("count(*)").From("service_changes").Where(dbx.HashExp{"status": "pending"}).Row(&pending); err != nil || pending != 0 {
		t.Fatalf("%d changes still pending (%v)", pending, err)
	}
	assertGapless(t, sh.app)
}

func TestChangeRefusals(t *testing.T) {
	sh := newShop(t)
	svc := sh.activeService(t, sh.customerUS, 1000)
	pending := mk(t, sh.app, "services", map[string]any{"customer": sh.customerUS, "product": sh.product, "status": "pending",
		"cycle": "monthly", "currency": "USD", "recurring_amount": 1000}).Id
	for _, tc := range []struct {
		name string
		req  billing.ChangeRequest
		code string
	}{
		{"no such service", billing.ChangeRequest{Service: "nope", NewPrice: 1}, "validation_not_found"},
		{"a pending service", billing.ChangeRequest{Service: pending, ToProduct: sh.product, NewPrice: 2000}, "validation_not_active"},
		{"a negative price", billing.ChangeRequest{Service: svc, ToProduct: sh.product, NewPrice: -1}, "validation_negative"},
		{"nothing to change", billing.ChangeRequest{Service: svc}, "validation_required"},
		{"the same plan", billing.ChangeRequest{Service: svc, ToProduct: sh.product, NewPrice: 1000}, "validation_no_change"},
	} {
		tc.req.Today, tc.req.Now = day(t, "2026-03-17"), checkoutNow
		_, err := change(sh.app, tc.req)
		var ce *billing.ChangeError
		if !errors.As(err, &ce) || ce.Code != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	if count(t, sh.app, "service_changes")+count(t, sh.app, "invoices")+count(t, sh.app, "credit_ledger") != 0 {
		t.Fatal("a refused change wrote records")
	}
}
