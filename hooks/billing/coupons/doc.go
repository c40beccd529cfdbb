// Package coupons decides who may use a coupon, on which items, and what it
// takes off. It is pure: the caller loads the coupon and counts its
// redemptions, passes the time of the request (read once), and gets back
// either a discount or a *Refusal whose message a customer can read.
//
// Three steps, in this order:
//
//	if err := coupons.Check(c, now, usage); err != nil {
//		return err // *Refusal: "This coupon expired on 31 Mar 2026."
//	}
//	for _, it := range items {
//		price, setup, err := c.Discount(it) // checks the item too
//		var r *coupons.Refusal
//		if errors.As(err, &r) {
//			continue // the coupon does not cover this item: no discount
//		}
//		...
//	}
//
// and at each renewal of a discounted service, c.AppliesToRenewal(n) tells
// whether the renewal invoice is discounted again.
//
// Amounts are int64 minor units, rates basis points (25% = 2500), rounding
// half-even; no floating point anywhere.
package coupons
