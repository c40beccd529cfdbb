package billing_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
)

func addCredit(app core.App, e billing.CreditEntry) (bool, error) {
	var wrote bool
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		wrote, err = billing.AddCredit(tx, e)
		return err
	})
	return wrote, err
}

func balance(t *testing.T, app core.App, customer string) int64 {
	t.Helper()
	b, err := billing.Balance(app, customer, "USD")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The balance is the ledger's sum, never negative, and a retried entry is
// written once.
func TestCreditLedger(t *testing.T) {
	sh := newShop(t)
	c := sh.customerDE
	if _, err := addCredit(sh.app, billing.CreditEntry{Customer: c, Currency: "USD", Amount: 1500, Kind: collections.CreditEntryKindAdjustment, Note: "goodwill", IdempotencyKey: "k1"}); err != nil {
		t.Fatal(err)
	}
	if wrote, err := addCredit(sh.app, billing.CreditEntry{Customer: c, Currency: "USD", Amount: 1500, Kind: collections.CreditEntryKindAdjustment, IdempotencyKey: "k1"}); err != nil || wrote {
		t.Fatalf("a retried entry must be a no-op: wrote=%v %v", wrote, err)
	}
	if b := balance(t, sh.app, c); b != 1500 {
		t.Fatalf("balance %d, want 1500", b)
	}
	_, err := addCredit(sh.app, billing.CreditEntry{Customer: c, Currency: "USD", Amount: -1501, Kind: collections.CreditEntryKindAdjustment})
	if !errors.Is(err, billing.ErrInsufficientCredit) {
		t.Fatalf("taking more than the balance: %v", err)
	}
	if b := balance(t, sh.app, c); b != 1500 {
		t.Fatalf("a refused entry changed the balance to %d", b)
	}
	if b, _ := billing.Balance(sh.app, c, "EUR"); b != 0 {
		t.Fatalf("credit is per currency: EUR balance %d", b)
	}

	// Eight spenders at once, 300 each, from 1500: five get it, and the
	// balance ends at zero, never below.
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := addCredit(sh.app, billing.CreditEntry{Customer: c, Currency: "USD", Amount: -300, Kind: collections.CreditEntryKindApplied}); err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if b := balance(t, sh.app, c); ok != 5 || b != 0 {
		t.Fatalf("%d spends went through leaving %d; want 5 and 0", ok, b)
	}
}

// The run pays new invoices from credit when the setting is on: in part
// when the credit is short, in full (and paid) when it covers them.
func TestRunAppliesCredit(t *testing.T) {
	sh := newShop(t)
	sh.service(t, sh.customerUS, "monthly", 1000, "2026-03-10", "2026-03-10")
	sh.service(t, sh.customerDE, "monthly", 1000, "2026-03-10", "2026-03-10")
	if _, err := addCredit(sh.app, billing.CreditEntry{Customer: sh.customerUS, Currency: "USD", Amount: 2500, Kind: collections.CreditEntryKindTopup}); err != nil {
		t.Fatal(err)
	}
	if _, err := addCredit(sh.app, billing.CreditEntry{Customer: sh.customerDE, Currency: "USD", Amount: 400, Kind: collections.CreditEntryKindTopup}); err != nil {
		t.Fatal(err)
	}
	r := run(t, sh.app, "2026-03-05")
	if r.Invoices != 2 || r.CreditApplied != 2 {
		t.Fatalf("two invoices, both paid from credit (one in part): %s", r)
	}
	for _, inv := range invoices(t, sh.app) {
		switch inv.Customer {
		case sh.customerUS:
			if inv.Status != "paid" || inv.Due != 0 {
				t.Errorf("Bob's credit covers his invoice: %+v", inv)
			}
		case sh.customerDE:
			// 1000 + 19% = 1190, 400 of it from credit.
			if inv.Status != "unpaid" || inv.Due != 790 {
				t.Errorf("Anna's 400 of credit pays part of 1190: %+v", inv)
			}
		}
	}
	if b := balance(t, sh.app, sh.customerUS); b != 1500 {
		t.Fatalf("Bob keeps 1500 of credit, has %d", b)
	}
	if b := balance(t, sh.app, sh.customerDE); b != 0 {
		t.Fatalf("Anna used all her credit, has %d", b)
	}
	if r := run(t, sh.app, "2026-03-05"); r.CreditApplied != 0 {
		t.Fatalf("nothing more to apply on a second run: %s", r)
	}
}
