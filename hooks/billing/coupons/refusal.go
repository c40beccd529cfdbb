package coupons

import "errors"

// Reason is the stable, machine-readable code of a Refusal, fit for an API
// response or a translation key.
type Reason string

// The reasons a coupon is refused.
const (
	// ReasonInactive: staff switched the coupon off.
	ReasonInactive Reason = "inactive"
	// ReasonNotStarted: it is before the coupon's StartsAt.
	ReasonNotStarted Reason = "not_started"
	// ReasonExpired: it is at or after the coupon's ExpiresAt.
	ReasonExpired Reason = "expired"
	// ReasonUsedUp: the coupon has been redeemed MaxUses times.
	ReasonUsedUp Reason = "used_up"
	// ReasonUsedUpByCustomer: this customer has redeemed it
	// MaxUsesPerCustomer times.
	ReasonUsedUpByCustomer Reason = "used_up_by_customer"
	// ReasonNewCustomersOnly: the coupon is for new customers and this
	// one has paid before.
	ReasonNewCustomersOnly Reason = "new_customers_only"
	// ReasonNotForProduct: the coupon is limited to other products.
	ReasonNotForProduct Reason = "not_for_product"
	// ReasonNotForCycle: the coupon is limited to other billing cycles.
	ReasonNotForCycle Reason = "not_for_cycle"
	// ReasonNotInCurrency: a fixed coupon has no amount in the item's
	// currency.
	ReasonNotInCurrency Reason = "not_in_currency"
	// ReasonNotFound: no coupon has the code given.
	ReasonNotFound Reason = "not_found"
	// ReasonNothingToDiscount: the coupon applies to none of the items.
	ReasonNothingToDiscount Reason = "nothing_to_discount"
)

// Refusal is the error for a coupon that cannot be used: in general (Check)
// or on one item (CheckItem, Discount). It is the customer's answer, not a
// failure of the system.
type Refusal struct {
	// Reason is the stable code.
	Reason Reason
	// Message is one sentence a customer can read, e.g.
	// "This coupon expired on 31 Mar 2026."
	Message string
}

// Error returns the message.
func (r *Refusal) Error() string {
	return r.Message
}

// ReasonOf returns the Reason of the *Refusal in err's chain, or "" when err
// is nil or not a refusal (a misconfigured coupon, for example).
func ReasonOf(err error) Reason {
	var r *Refusal
	if errors.As(err, &r) {
		return r.Reason
	}
	return ""
}
