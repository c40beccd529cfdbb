package coupons

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/money"
)

func TestKindAndAppliesToIsValid(t *testing.T) {
	for k, want := range map[Kind]bool{Percent: true, Fixed: true, FreeSetup: true, "": false, "Percent": false, "free-setup": false} {
		if got := k.IsValid(); got != want {
			t.Errorf("Kind(%q).IsValid() = %v", k, got)
		}
	}
	for a, want := range map[AppliesTo]bool{FirstInvoice: true, Recurring: true, "": true, "renewals": false} {
		if got := a.IsValid(); got != want {
			t.Errorf("AppliesTo(%q).IsValid() = %v", a, got)
		}
	}
}

func TestValidate(t *testing.T) {
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	good := []Coupon{
		{Code: "P", Kind: Percent, PercentBP: 1},
		{Code: "P", Kind: Percent, PercentBP: 10000, Cycles: []money.Cycle{money.Monthly, money.OneTime}, AppliesTo: Recurring, RecurringCycles: 3},
		{Code: "F", Kind: Fixed, Amounts: map[string]int64{"USD": 500, "JPY": 0}, AppliesTo: FirstInvoice},
		{Code: "S", Kind: FreeSetup, MaxUses: 10, MaxUsesPerCustomer: 1, StartsAt: start, ExpiresAt: start.Add(time.Second)},
		{Code: "S", Kind: FreeSetup, ExpiresAt: start}, // open start
	}
	for _, c := range good {
		if err := c.Validate(); err != nil {
			t.Errorf("Validate(%+v): %v", c, err)
		}
	}

	bad := []struct {
		c    Coupon
		want string
	}{
		{Coupon{Code: "X", Kind: "bogo"}, `coupons: invalid coupon "X": unknown kind "bogo"`},
		{Coupon{Code: "X"}, `coupons: invalid coupon "X": unknown kind ""`},
		{Coupon{Code: "X", Kind: Percent}, `coupons: invalid coupon "X": percent_bp 0 must be 1–10000 basis points (0.01%–100%)`},
		{Coupon{Code: "X", Kind: Percent, PercentBP: 10001}, `coupons: invalid coupon "X": percent_bp 10001 must be 1–10000 basis points (0.01%–100%)`},
		{Coupon{Code: "X", Kind: Fixed}, `coupons: invalid coupon "X": a fixed coupon needs an amount per currency, e.g. {"USD":500}`},
		{Coupon{Code: "X", Kind: Fixed, Amounts: map[string]int64{"USD": 5, "usd": 5}}, `coupons: invalid coupon "X": amounts: unknown currency "usd"`},
		{Coupon{Code: "X", Kind: Fixed, Amounts: map[string]int64{"EUR": 5, "USD": -5}}, `coupons: invalid coupon "X": amounts: USD -5 is negative`},
		{Coupon{Code: "X", Kind: FreeSetup, Cycles: []money.Cycle{"weekly"}}, `coupons: invalid coupon "X": cycles: unknown billing cycle "weekly"`},
		{Coupon{Code: "X", Kind: FreeSetup, AppliesTo: "always"}, `coupons: invalid coupon "X": unknown applies_to "always"`},
		{Coupon{Code: "X", Kind: FreeSetup, RecurringCycles: -1}, `coupons: invalid coupon "X": recurring_cycles -1 is negative`},
		{Coupon{Code: "X", Kind: FreeSetup, MaxUses: -1}, `coupons: invalid coupon "X": max_uses -1 is negative`},
		{Coupon{Code: "X", Kind: FreeSetup, MaxUsesPerCustomer: -1}, `coupons: invalid coupon "X": max_uses_per_customer -1 is negative`},
		{Coupon{Code: "X", Kind: FreeSetup, StartsAt: start, ExpiresAt: start}, `coupons: invalid coupon "X": expires_at 2026-04-01T00:00:00Z must be after starts_at 2026-04-01T00:00:00Z`},
	}
	for _, tt := range bad {
		err := tt.c.Validate()
		if !errors.Is(err, ErrInvalidCoupon) || err.Error() != tt.want {
			t.Errorf("Validate(%+v)\n got %v\nwant %s", tt.c, err, tt.want)
		}
		if ReasonOf(err) != "" || strings.Contains(err.Error(), "\n") {
			t.Errorf("Validate(%+v) = %v: a refusal or a multi-line error", tt.c, err)
		}
	}
}
