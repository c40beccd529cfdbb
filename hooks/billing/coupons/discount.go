package coupons

import (
	"errors"
	"fmt"

	"github.com/ezscale/hostbase/hooks/money"
)

// ErrInvalidItem is returned (wrapped with the details) for an Item with a
// negative price or setup fee.
var ErrInvalidItem = errors.New("coupons: invalid item")

// Discount returns how much the coupon takes off one item: off its price and
// off its setup fee, in minor units of it.Currency. The discounted item costs
// Price − price and Setup − setup.
//
//   - Percent: price = Price × PercentBP / 10000, rounded half-even once
//     (25% of 9.99 is 2.4975, so 2.50); setup = 0.
//   - Fixed: price = min(Price, Amounts[Currency]); setup = 0. The amount
//     is taken off each item separately, as in WHMCS: a 5.00 coupon on a
//     cart with two eligible items takes off up to 10.00.
//   - FreeSetup: price = 0; setup = Setup.
//
// A discount is never negative and never more than what it comes off.
//
// Discount calls CheckItem first and returns its *Refusal for an item the
// coupon does not cover, so a caller can discount every item of a cart and
// skip the refused ones. It does not call Check. It returns an error
// wrapping ErrInvalidItem for a negative Price or Setup, and one wrapping
// ErrInvalidCoupon for an unknown Kind, a PercentBP outside 0–10000 or a
// negative fixed amount; those are not refusals.
func (c Coupon) Discount(it Item) (price, setup int64, err error) {
	if it.Price < 0 || it.Setup < 0 {
		return 0, 0, fmt.Errorf("%w: price %d and setup %d must not be negative", ErrInvalidItem, it.Price, it.Setup)
	}
	if err := c.CheckItem(it); err != nil {
		return 0, 0, err
	}
	switch c.Kind {
	case Percent:
		if c.PercentBP < 0 || c.PercentBP > money.BasisPoints {
			return 0, 0, fmt.Errorf("%w %q: percent_bp %d is outside 0–10000", ErrInvalidCoupon, c.Code, c.PercentBP)
		}
		// 0 <= PercentBP <= 10000, so the result is within [0, Price]
		off, err := money.MulRateBP(it.Price, c.PercentBP)
		if err != nil {
			return 0, 0, err
		}
		return off, 0, nil
	case Fixed:
		amount := c.Amounts[it.Currency] // present: CheckItem checked it
		if amount < 0 {
			return 0, 0, fmt.Errorf("%w %q: amount %s %d is negative", ErrInvalidCoupon, c.Code, it.Currency, amount)
		}
		return min(it.Price, amount), 0, nil
	case FreeSetup:
		return 0, it.Setup, nil
	default:
		return 0, 0, fmt.Errorf("%w %q: unknown kind %q", ErrInvalidCoupon, c.Code, c.Kind)
	}
}
