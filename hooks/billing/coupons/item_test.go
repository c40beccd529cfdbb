package coupons

import (
	"testing"

	"github.com/ezscale/hostbase/hooks/money"
)

func TestCheckItem(t *testing.T) {
	vps := Item{ProductID: "p_vps", ProductName: "VPS Small", Cycle: money.Monthly, Currency: "USD", Price: 1000, Setup: 500}
	with := func(edit func(*Item)) Item {
		it := vps
		edit(&it)
		return it
	}
	tests := []struct {
		name    string
		c       Coupon
		it      Item
		reason  Reason
		message string
	}{
		{"no limits", Coupon{Kind: Percent}, vps, "", ""},
		{"listed product", Coupon{Kind: Percent, ProductIDs: []string{"p_web", "p_vps"}}, vps, "", ""},
		{"other product", Coupon{Kind: Percent, ProductIDs: []string{"p_web"}}, vps,
			ReasonNotForProduct, "This coupon does not apply to VPS Small."},
		{"other product without a name", Coupon{Kind: Percent, ProductIDs: []string{"p_web"}}, with(func(it *Item) { it.ProductName = "" }),
			ReasonNotForProduct, "This coupon does not apply to product p_vps."},
		{"listed cycle", Coupon{Kind: Percent, Cycles: []money.Cycle{money.Annual, money.Monthly}}, vps, "", ""},
		{"other cycle", Coupon{Kind: Percent, Cycles: []money.Cycle{money.Annual, money.Biennial}}, vps,
			ReasonNotForCycle, "This coupon does not apply to monthly billing."},
		{"semi-annual", Coupon{Kind: Percent, Cycles: []money.Cycle{money.Annual}}, with(func(it *Item) { it.Cycle = money.Semiannual }),
			ReasonNotForCycle, "This coupon does not apply to semi-annual billing."},
		{"one-time", Coupon{Kind: Percent, Cycles: []money.Cycle{money.Annual}}, with(func(it *Item) { it.Cycle = money.OneTime }),
			ReasonNotForCycle, "This coupon does not apply to one-time purchases."},
		{"unknown cycle", Coupon{Kind: Percent, Cycles: []money.Cycle{money.Annual}}, with(func(it *Item) { it.Cycle = "weekly" }),
			ReasonNotForCycle, "This coupon does not apply to this billing cycle."},
		{"fixed in the currency", Coupon{Kind: Fixed, Amounts: map[string]int64{"USD": 500}}, vps, "", ""},
		{"fixed, other currency", Coupon{Kind: Fixed, Amounts: map[string]int64{"USD": 500}}, with(func(it *Item) { it.Currency = "EUR" }),
			ReasonNotInCurrency, "This coupon cannot be used with prices in EUR."},
		{"fixed, odd currency", Coupon{Kind: Fixed, Amounts: map[string]int64{"USD": 500}}, with(func(it *Item) { it.Currency = "<b>" }),
			ReasonNotInCurrency, "This coupon cannot be used with prices in this currency."},
		{"percent in any currency", Coupon{Kind: Percent, Amounts: map[string]int64{"USD": 500}}, with(func(it *Item) { it.Currency = "EUR" }), "", ""},
		{"free setup in any currency", Coupon{Kind: FreeSetup}, with(func(it *Item) { it.Currency = "JPY" }), "", ""},
		// product first, then cycle, then currency
		{"every limit fails", Coupon{Kind: Fixed, ProductIDs: []string{"p_web"}, Cycles: []money.Cycle{money.Annual}}, vps,
			ReasonNotForProduct, "This coupon does not apply to VPS Small."},
		{"cycle and currency fail", Coupon{Kind: Fixed, Cycles: []money.Cycle{money.Annual}}, vps,
			ReasonNotForCycle, "This coupon does not apply to monthly billing."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.CheckItem(tt.it)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("CheckItem = %v, want nil", err)
				}
				return
			}
			r, ok := err.(*Refusal)
			if !ok {
				t.Fatalf("CheckItem = %#v, want a *Refusal", err)
			}
			if r.Reason != tt.reason || r.Message != tt.message {
				t.Errorf("CheckItem = %q %q, want %q %q", r.Reason, r.Message, tt.reason, tt.message)
			}
		})
	}
}
