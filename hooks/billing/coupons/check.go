package coupons

import (
	"fmt"
	"time"
)

// Usage is what the caller counted about a coupon's past redemptions, not
// counting the one being attempted.
type Usage struct {
	// Total is the number of redemptions by anyone, and ByCustomer the
	// number by the customer using it now.
	Total, ByCustomer int
	// CustomerHasPaidBefore is true when the customer has paid any invoice
	// before (for NewCustomersOnly).
	CustomerHasPaidBefore bool
}

// Check decides whether the coupon may be used at now (the time of the
// request or the billing run, read once by the caller) given its usage so
// far. It returns nil or a *Refusal, checking in this order:
//
//   - ReasonInactive when !c.Active;
//   - ReasonNotStarted when now is before StartsAt: StartsAt is inclusive,
//     the coupon works from that very instant;
//   - ReasonExpired when now is at or after ExpiresAt: ExpiresAt is
//     exclusive, the coupon stops working at that very instant;
//   - ReasonUsedUp when MaxUses > 0 and u.Total >= MaxUses;
//   - ReasonUsedUpByCustomer when MaxUsesPerCustomer > 0 and
//     u.ByCustomer >= MaxUsesPerCustomer;
//   - ReasonNewCustomersOnly when NewCustomersOnly and the customer has
//     paid before.
//
// Whether the coupon covers a given item is CheckItem's job.
func Check(c Coupon, now time.Time, u Usage) error {
	switch {
	case !c.Active:
		return &Refusal{ReasonInactive, "This coupon is not active."}
	case !c.StartsAt.IsZero() && now.Before(c.StartsAt):
		return &Refusal{ReasonNotStarted, "This coupon can be used from " + moment(c.StartsAt) + "."}
	case !c.ExpiresAt.IsZero() && !now.Before(c.ExpiresAt):
		return &Refusal{ReasonExpired, "This coupon expired on " + c.ExpiresAt.Format(dateLayout) + "."}
	case c.MaxUses > 0 && u.Total >= c.MaxUses:
		return &Refusal{ReasonUsedUp, "This coupon has reached its usage limit."}
	case c.MaxUsesPerCustomer == 1 && u.ByCustomer >= 1:
		return &Refusal{ReasonUsedUpByCustomer, "You have already used this coupon."}
	case c.MaxUsesPerCustomer > 1 && u.ByCustomer >= c.MaxUsesPerCustomer:
		return &Refusal{ReasonUsedUpByCustomer, fmt.Sprintf("You have already used this coupon %d times, the most allowed.", c.MaxUsesPerCustomer)}
	case c.NewCustomersOnly && u.CustomerHasPaidBefore:
		return &Refusal{ReasonNewCustomersOnly, "This coupon is for new customers only."}
	}
	return nil
}

// dateLayout prints a date the way customers read it: "31 Mar 2026".
const dateLayout = "2 Jan 2006"

// moment prints t as a date, with the time of day and zone when t is not
// at midnight: "1 Apr 2026", "1 Apr 2026 at 15:00 UTC".
func moment(t time.Time) string {
	if h, m, s := t.Clock(); h == 0 && m == 0 && s == 0 && t.Nanosecond() == 0 {
		return t.Format(dateLayout)
	}
	return t.Format(dateLayout + " at 15:04 MST")
}
