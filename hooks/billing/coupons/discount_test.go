package coupons

import (
	"errors"
	"math"
	"testing"

	"github.com/ezscale/hostbase/hooks/money"
)

func TestDiscount(t *testing.T) {
	item := func(price, setup int64) Item {
		return Item{ProductID: "p_vps", Cycle: money.Monthly, Currency: "USD", Price: price, Setup: setup}
	}
	pct := func(bp int64) Coupon { return Coupon{Code: "P", Kind: Percent, PercentBP: bp} }
	fixed := Coupon{Code: "F", Kind: Fixed, Amounts: map[string]int64{"USD": 500, "JPY": 600}}
	free := Coupon{Code: "S", Kind: FreeSetup}

	tests := []struct {
		name         string
		c            Coupon
		it           Item
		price, setup int64
	}{
		{"25% of 10.00", pct(2500), item(1000, 500), 250, 0},
		{"25% of 9.99 = 2.4975", pct(2500), item(999, 0), 250, 0},
		{"25% of 0.10 = 0.025: tie to even", pct(2500), item(10, 0), 2, 0},
		{"25% of 0.30 = 0.075: tie to even", pct(2500), item(30, 0), 8, 0},
		{"0.01% of 50.00 = 0.005: tie to even", pct(1), item(5000, 0), 0, 0},
		{"0.01% of 150.00 = 0.015: tie to even", pct(1), item(15000, 0), 2, 0},
		{"100%", pct(10000), item(1234, 500), 1234, 0},
		{"100% of the largest price", pct(10000), item(math.MaxInt64, 0), math.MaxInt64, 0},
		{"33.33% of 1.00 = 0.3333", pct(3333), item(100, 0), 33, 0},
		{"percent of a free item", pct(5000), item(0, 500), 0, 0},
		{"fixed under the price", fixed, item(1000, 300), 500, 0},
		{"fixed equal to the price", fixed, item(500, 300), 500, 0},
		{"fixed over the price: capped", fixed, item(199, 300), 199, 0},
		{"fixed on a free item", fixed, item(0, 300), 0, 0},
		{"fixed in JPY", fixed, Item{ProductID: "p", Cycle: money.Annual, Currency: "JPY", Price: 5000}, 600, 0},
		{"free setup", free, item(1000, 1500), 0, 1500},
		{"free setup without a setup fee", free, item(1000, 0), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			price, setup, err := tt.c.Discount(tt.it)
			if err != nil {
				t.Fatalf("Discount: %v", err)
			}
			if price != tt.price || setup != tt.setup {
				t.Errorf("Discount = %d, %d; want %d, %d", price, setup, tt.price, tt.setup)
			}
			if price < 0 || price > tt.it.Price || setup < 0 || setup > tt.it.Setup {
				t.Errorf("Discount = %d, %d: outside what the item costs", price, setup)
			}
		})
	}
}

func TestDiscountRefusesAndFails(t *testing.T) {
	vps := Item{ProductID: "p_vps", Cycle: money.Monthly, Currency: "USD", Price: 1000, Setup: 500}
	tests := []struct {
		name   string
		c      Coupon
		it     Item
		reason Reason // a refusal
		is     error  // or a failure
	}{
		{"other product", Coupon{Kind: Percent, PercentBP: 2500, ProductIDs: []string{"p_web"}}, vps, ReasonNotForProduct, nil},
		{"other cycle", Coupon{Kind: FreeSetup, Cycles: []money.Cycle{money.Annual}}, vps, ReasonNotForCycle, nil},
		{"fixed, other currency", Coupon{Kind: Fixed, Amounts: map[string]int64{"EUR": 500}}, vps, ReasonNotInCurrency, nil},
		{"negative price", Coupon{Kind: Percent, PercentBP: 2500}, Item{Price: -1}, "", ErrInvalidItem},
		{"negative setup", Coupon{Kind: FreeSetup}, Item{Setup: -1}, "", ErrInvalidItem},
		{"unknown kind", Coupon{Kind: "bogo"}, vps, "", ErrInvalidCoupon},
		{"percent over 100%", Coupon{Kind: Percent, PercentBP: 10001}, vps, "", ErrInvalidCoupon},
		{"negative percent", Coupon{Kind: Percent, PercentBP: -1}, vps, "", ErrInvalidCoupon},
		{"negative fixed amount", Coupon{Kind: Fixed, Amounts: map[string]int64{"USD": -500}}, vps, "", ErrInvalidCoupon},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			price, setup, err := tt.c.Discount(tt.it)
			if price != 0 || setup != 0 {
				t.Errorf("Discount = %d, %d with an error", price, setup)
			}
			if got := ReasonOf(err); got != tt.reason {
				t.Errorf("Discount error %v has reason %q, want %q", err, got, tt.reason)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("Discount error %v, want %v", err, tt.is)
			}
			if err == nil {
				t.Error("Discount succeeded")
			}
		})
	}
}
