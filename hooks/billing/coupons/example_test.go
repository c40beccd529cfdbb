package coupons_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/ezscale/hostbase/hooks/billing/coupons"
	"github.com/ezscale/hostbase/hooks/money"
)

// The package example: check a 25% coupon for VPS plans, then
// discount a cart of two items, one of which it does not cover.
func Example() {
	c := coupons.Coupon{
		Code: "SPRING25", Kind: coupons.Percent, PercentBP: 2500,
		ProductIDs: []string{"p_vps"}, Active: true,
		ExpiresAt: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
	}
	now := time.Date(2026, 3, 20, 9, 30, 0, 0, time.UTC)
	if err := coupons.Check(c, now, coupons.Usage{Total: 12}); err != nil {
		fmt.Println(err)
		return
	}
	cart := []coupons.Item{
		{ProductID: "p_vps", ProductName: "VPS Small", Cycle: money.Annual, Currency: "USD", Price: 9999, Setup: 1000},
		{ProductID: "p_web", ProductName: "Web Hosting", Cycle: money.Annual, Currency: "USD", Price: 4800},
	}
	for _, it := range cart {
		price, setup, err := c.Discount(it)
		var r *coupons.Refusal
		switch {
		case errors.As(err, &r):
			fmt.Printf("%s: %s (%s)\n", it.ProductName, r.Message, r.Reason)
		case err != nil:
			fmt.Println(err)
		default:
			fmt.Printf("%s: -%s, setup -%s\n", it.ProductName, money.FormatMinor(price, 2), money.FormatMinor(setup, 2))
		}
	}

	later := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	fmt.Println(coupons.Check(c, later, coupons.Usage{}))
	// Output:
	// VPS Small: -25.00, setup -0.00
	// Web Hosting: This coupon does not apply to Web Hosting. (not_for_product)
	// This coupon expired on 1 Apr 2026.
}
