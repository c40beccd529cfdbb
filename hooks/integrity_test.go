package hooks_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/integrity"
)

// Money records outlive everything they point at: deleting what they refer
// to is refused, for superusers and Go code alike; a draft invoice is not yet
// a money record and goes with its lines.
func TestMoneyRecordsAreNeverDeletedOrOrphaned(t *testing.T) {
	dir, w := theWorld(t)
	app := hbtest.NewApp(t, dir)
	su := w.tokens[superuser]

	for _, c := range []struct{ collection, fixture, mention string }{
		{"customers", "customer_a", "invoices"},
		{"coupons", "coupon", "coupon_redemptions"},
		{"affiliates", "affiliate", "commissions"},
		{"invoices", "invoice", "kept forever"},
		{"transactions", "transaction", "kept forever"},
		{"credit_ledger", "credit", "kept forever"},
	} {
		status, body := app.Do(t, http.MethodDelete, recordsURL(c.collection)+"/"+w.id(c.fixture), su, nil)
		if status != http.StatusBadRequest {
			t.Errorf("superuser deleting %s: want 400, got %d %s", c.collection, status, body)
		}
		if _, err := app.FindRecordById(c.collection, w.id(c.fixture)); err != nil {
			t.Errorf("%s %s was deleted", c.collection, c.fixture)
		}
		r, _ := app.FindRecordById(c.collection, w.id(c.fixture))
		var moneyErr *integrity.ErrMoneyRecord
		if err := app.Delete(r); !errors.As(err, &moneyErr) || !strings.Contains(err.Error(), c.mention) {
			t.Errorf("Go code deleting %s: want ErrMoneyRecord mentioning %q, got %v", c.collection, c.mention, err)
		}
	}

	draft, err := mk(app, "invoices", map[string]any{"kind": "invoice", "customer": w.id("customer_b"), "status": "draft", "currency": "USD"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, err := mk(app, "invoice_items", map[string]any{"invoice": draft.Id, "kind": "adjustment", "description": "line", "quantity": 1, "amount": 100}); err != nil {
			t.Fatal(err)
		}
	}
	if status, body := app.Do(t, http.MethodDelete, recordsURL("invoices")+"/"+draft.Id, su, nil); status != http.StatusNoContent {
		t.Fatalf("deleting a draft invoice: %d %s", status, body)
	}
	if n, _ := app.CountRecords("invoice_items", dbxField("invoice", draft.Id)); n != 0 {
		t.Fatalf("the draft's %d lines outlived it", n)
	}
}

func TestSettingsRecordIsUnique(t *testing.T) {
	dir, w := theWorld(t)
	app := hbtest.NewApp(t, dir)
	s, err := app.FindRecordById("settings", w.id("settings"))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Delete(s); !errors.Is(err, integrity.ErrSettingsSingleton) {
		t.Fatalf("deleting the settings record: want ErrSettingsSingleton, got %v", err)
	}
	if _, err := mk(app, "settings", createBody(w, "settings", superuser, 1)); !errors.Is(err, integrity.ErrSettingsSingleton) {
		t.Fatalf("a second settings record: want ErrSettingsSingleton, got %v", err)
	}
}
