package coupons

// AppliesToRenewal reports whether the coupon discounts the next invoice of
// a service it was redeemed on, given how many of that service's invoices it
// has discounted so far, the first (the order's) invoice included:
//
//   - FirstInvoice (or empty): false, only the order's invoice is
//     discounted;
//   - Recurring with RecurringCycles 0: true, forever;
//   - Recurring with RecurringCycles N: cyclesAlreadyDiscounted < N, so
//     N = 3 discounts the order's invoice and the next two renewals.
//
// It does not repeat Check: by itself it lets an expired or deactivated
// coupon keep discounting the renewals of the services it was redeemed on;
// a caller that wants otherwise calls Check too.
func (c Coupon) AppliesToRenewal(cyclesAlreadyDiscounted int) bool {
	if c.AppliesTo != Recurring {
		return false
	}
	if c.RecurringCycles == 0 {
		return true
	}
	return cyclesAlreadyDiscounted < c.RecurringCycles
}
