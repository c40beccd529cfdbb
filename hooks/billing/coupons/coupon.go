package coupons

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/ezscale/hostbase/hooks/money"
)

// ErrInvalidCoupon is returned (wrapped with the details) for a coupon whose
// configuration makes no sense: staff must fix it. It is never a *Refusal.
var ErrInvalidCoupon = errors.New("coupons: invalid coupon")

// Kind is what a coupon takes off. Its values are stored as is in
// coupons.kind.
type Kind string

// The kinds of coupon.
const (
	// Percent takes PercentBP basis points off each item's recurring price
	// (not its setup fee).
	Percent Kind = "percent"
	// Fixed takes a fixed amount, per currency, off each item's recurring
	// price (not its setup fee).
	Fixed Kind = "fixed"
	// FreeSetup waives each item's setup fee.
	FreeSetup Kind = "free_setup"
)

// IsValid reports whether k is one of the kinds.
func (k Kind) IsValid() bool {
	return k == Percent || k == Fixed || k == FreeSetup
}

// AppliesTo says which invoices of a service a coupon discounts. Its values
// are stored as is in coupons.applies_to.
type AppliesTo string

// The invoices a coupon applies to.
const (
	// FirstInvoice discounts the order's invoice only. The empty value
	// means the same.
	FirstInvoice AppliesTo = "first_invoice"
	// Recurring discounts the order's invoice and then renewals, for
	// RecurringCycles invoices in all (0 = forever): see AppliesToRenewal.
	Recurring AppliesTo = "recurring"
)

// IsValid reports whether a is FirstInvoice, Recurring or empty (which
// means FirstInvoice).
func (a AppliesTo) IsValid() bool {
	return a == "" || a == FirstInvoice || a == Recurring
}

// Coupon is a discount code as staff configured it (the coupons collection).
type Coupon struct {
	// Code is what the customer types, e.g. "SPRING25".
	Code string
	// Kind is what the coupon takes off.
	Kind Kind
	// PercentBP is the rate of a Percent coupon in basis points,
	// 1–10000 (25% = 2500).
	PercentBP int64
	// Amounts is the discount of a Fixed coupon per currency, in minor
	// units: {"USD": 500, "EUR": 450}. A Fixed coupon cannot be used in a
	// currency it has no amount for.
	Amounts map[string]int64
	// ProductIDs limits the coupon to these products; empty = all.
	ProductIDs []string
	// Cycles limits the coupon to these billing cycles; empty = all.
	Cycles []money.Cycle
	// AppliesTo says whether renewals are discounted too.
	AppliesTo AppliesTo
	// RecurringCycles is, for a Recurring coupon, how many invoices of a
	// service it discounts in all, the first one included; 0 = forever.
	RecurringCycles int
	// StartsAt is the first instant the coupon may be used (inclusive);
	// ExpiresAt the first instant it may no longer be used (exclusive).
	// The zero time leaves that end open. Refusal messages print their
	// date in their own location: convert them to the company's time zone
	// (t.In(loc)) before calling Check.
	StartsAt, ExpiresAt time.Time
	// MaxUses caps the redemptions of the coupon by everyone, and
	// MaxUsesPerCustomer those by one customer; 0 = unlimited.
	MaxUses, MaxUsesPerCustomer int
	// NewCustomersOnly refuses the coupon to a customer who has paid an
	// invoice before.
	NewCustomersOnly bool
	// Active is the staff's on/off switch.
	Active bool
}

// Validate checks the coupon's configuration, for the hook that saves it:
// a known Kind; a PercentBP of 1–10000 for Percent; at least one amount for
// Fixed; amounts in known ISO 4217 currencies (upper case) and not negative;
// known cycles; a known AppliesTo; RecurringCycles, MaxUses and
// MaxUsesPerCustomer not negative; ExpiresAt after StartsAt when both are
// set. The error wraps ErrInvalidCoupon and names the field at fault.
func (c Coupon) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w %q: "+format, append([]any{ErrInvalidCoupon, c.Code}, args...)...)
	}
	switch c.Kind {
	case Percent:
		if c.PercentBP < 1 || c.PercentBP > money.BasisPoints {
			return bad("percent_bp %d must be 1–10000 basis points (0.01%%–100%%)", c.PercentBP)
		}
	case Fixed:
		if len(c.Amounts) == 0 {
			return bad(`a fixed coupon needs an amount per currency, e.g. {"USD":500}`)
		}
	case FreeSetup:
	default:
		return bad("unknown kind %q", c.Kind)
	}
	currencies := make([]string, 0, len(c.Amounts))
	for cur := range c.Amounts {
		currencies = append(currencies, cur)
	}
	sort.Strings(currencies) // report the same currency every time
	for _, cur := range currencies {
		if !money.IsKnownCurrency(cur) {
			return bad("amounts: unknown currency %q", cur)
		}
		if c.Amounts[cur] < 0 {
			return bad("amounts: %s %d is negative", cur, c.Amounts[cur])
		}
	}
	for _, cy := range c.Cycles {
		if !cy.IsValid() {
			return bad("cycles: unknown billing cycle %q", cy)
		}
	}
	if !c.AppliesTo.IsValid() {
		return bad("unknown applies_to %q", c.AppliesTo)
	}
	if c.RecurringCycles < 0 {
		return bad("recurring_cycles %d is negative", c.RecurringCycles)
	}
	if c.MaxUses < 0 {
		return bad("max_uses %d is negative", c.MaxUses)
	}
	if c.MaxUsesPerCustomer < 0 {
		return bad("max_uses_per_customer %d is negative", c.MaxUsesPerCustomer)
	}
	if !c.StartsAt.IsZero() && !c.ExpiresAt.IsZero() && !c.ExpiresAt.After(c.StartsAt) {
		return bad("expires_at %s must be after starts_at %s", c.ExpiresAt.Format(time.RFC3339), c.StartsAt.Format(time.RFC3339))
	}
	return nil
}
