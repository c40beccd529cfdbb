package coupons

import (
	"slices"

	"github.com/ezscale/hostbase/hooks/money"
)

// Item is one thing a coupon may discount: a product (with its options and
// addons priced in) in a cart, or a service's renewal.
type Item struct {
	// ProductID is the product's record id.
	ProductID string
	// ProductName is the product's name, for refusal messages; the id is
	// used when it is empty.
	ProductName string
	// Cycle is the billing cycle ordered.
	Cycle money.Cycle
	// Currency is the ISO 4217 code of Price and Setup.
	Currency string
	// Price is the recurring (or one-time) price and Setup the setup fee,
	// in minor units, both >= 0.
	Price, Setup int64
}

// CheckItem decides whether the coupon covers it. It returns nil or a
// *Refusal, checking in this order:
//
//   - ReasonNotForProduct when ProductIDs is not empty and does not hold
//     it.ProductID;
//   - ReasonNotForCycle when Cycles is not empty and does not hold it.Cycle;
//   - ReasonNotInCurrency when a Fixed coupon has no amount in it.Currency.
//
// It does not repeat Check: call that first, once per cart.
func (c Coupon) CheckItem(it Item) error {
	if len(c.ProductIDs) > 0 && !slices.Contains(c.ProductIDs, it.ProductID) {
		name := it.ProductName
		if name == "" {
			name = "product " + it.ProductID
		}
		return &Refusal{ReasonNotForProduct, "This coupon does not apply to " + name + "."}
	}
	if len(c.Cycles) > 0 && !slices.Contains(c.Cycles, it.Cycle) {
		return &Refusal{ReasonNotForCycle, "This coupon does not apply to " + cycleLabel(it.Cycle) + "."}
	}
	if c.Kind == Fixed {
		if _, ok := c.Amounts[it.Currency]; !ok {
			return &Refusal{ReasonNotInCurrency, "This coupon cannot be used with prices in " + currencyLabel(it.Currency) + "."}
		}
	}
	return nil
}

// cycleLabel names a billing cycle for a customer.
func cycleLabel(c money.Cycle) string {
	switch c {
	case money.Monthly:
		return "monthly billing"
	case money.Quarterly:
		return "quarterly billing"
	case money.Semiannual:
		return "semi-annual billing"
	case money.Annual:
		return "annual billing"
	case money.Biennial:
		return "biennial billing"
	case money.Triennial:
		return "triennial billing"
	case money.OneTime:
		return "one-time purchases"
	default:
		return "this billing cycle"
	}
}

// currencyLabel returns a known currency's code, or a neutral phrase for
// anything else, so that no odd input is echoed to the customer.
func currencyLabel(code string) string {
	if money.IsKnownCurrency(code) {
		return code
	}
	return "this currency"
}
