package coupons

import "testing"

func TestAppliesToRenewal(t *testing.T) {
	tests := []struct {
		name       string
		c          Coupon
		discounted int
		want       bool
	}{
		{"first invoice only", Coupon{AppliesTo: FirstInvoice}, 1, false},
		{"first invoice only, even before it", Coupon{AppliesTo: FirstInvoice}, 0, false},
		{"empty applies_to means first invoice", Coupon{}, 1, false},
		{"forever", Coupon{AppliesTo: Recurring}, 1, true},
		{"forever, years later", Coupon{AppliesTo: Recurring}, 1000, true},
		// 3 invoices in all: the order's and two renewals
		{"3 cycles, after the order's invoice", Coupon{AppliesTo: Recurring, RecurringCycles: 3}, 1, true},
		{"3 cycles, after the first renewal", Coupon{AppliesTo: Recurring, RecurringCycles: 3}, 2, true},
		{"3 cycles, all used", Coupon{AppliesTo: Recurring, RecurringCycles: 3}, 3, false},
		{"3 cycles, past them", Coupon{AppliesTo: Recurring, RecurringCycles: 3}, 4, false},
		{"1 cycle: the order's invoice only", Coupon{AppliesTo: Recurring, RecurringCycles: 1}, 1, false},
		{"misconfigured negative cycles", Coupon{AppliesTo: Recurring, RecurringCycles: -1}, 0, false},
	}
	for _, tt := range tests {
		if got := tt.c.AppliesToRenewal(tt.discounted); got != tt.want {
			t.Errorf("%s: AppliesToRenewal(%d) = %v, want %v", tt.name, tt.discounted, got, tt.want)
		}
	}
}
