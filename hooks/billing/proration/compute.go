package proration

import (
	"errors"
	"fmt"

	"github.com/ezscale/hostbase/hooks/money"
)

// ErrInvalidChange is returned, wrapped with the details, for a Change that
// cannot be prorated: an invalid date, a period that ends before it starts, a
// change day outside the period or a negative price.
var ErrInvalidChange = errors.New("proration: invalid change")

// Change describes a change of a service's recurring price in the middle of
// a billing period that the customer has already paid (or been invoiced)
// for.
type Change struct {
	// PeriodStart and PeriodEnd are the first and the last day of the
	// current billing period, both inclusive (money.AddCycles and
	// money.PeriodEnd give them), as civil dates in the company's time
	// zone, in years 0–9999.
	PeriodStart, PeriodEnd money.Date
	// On is the day the change takes effect: from that day on, the new
	// price applies. It must be within the period.
	On money.Date
	// OldPrice and NewPrice are the full-period recurring prices before
	// and after the change, in minor units of the service's currency,
	// both >= 0.
	OldPrice, NewPrice int64
}

// Result is the proration of a Change.
type Result struct {
	// TotalDays is the length of the period in days, both ends included.
	TotalDays int
	// RemainingDays is the number of days from On through PeriodEnd, both
	// included: TotalDays when On is PeriodStart, 1 when On is PeriodEnd.
	RemainingDays int
	// Credit is the unused part of the old price:
	// OldPrice × RemainingDays / TotalDays, rounded half-even.
	Credit int64
	// Charge is the new price for the remaining days:
	// NewPrice × RemainingDays / TotalDays, rounded half-even.
	Charge int64
	// Net is Charge − Credit, exactly: > 0 is an upgrade (invoice Net),
	// < 0 a downgrade (credit −Net), 0 nothing to bill.
	Net int64
}

// Compute prorates c by days.
//
// Credit and Charge are each rounded once, half-even, and Net is their exact
// difference, so that an invoice with a credit line of −Credit and a charge
// line of Charge adds up to Net. (Rounding the net amount directly could
// differ from Net by one minor unit.) Credit never exceeds OldPrice and
// Charge never exceeds NewPrice, so neither can overflow; an overflow
// reported by money.MulDivHalfEven is returned as is all the same.
//
// It returns an error wrapping ErrInvalidChange for an invalid or zero date,
// a year outside 0–9999, PeriodEnd before PeriodStart, On outside the period
// and a negative price.
func Compute(c Change) (Result, error) {
	bad := func(format string, args ...any) (Result, error) {
		return Result{}, fmt.Errorf("%w: "+format, append([]any{ErrInvalidChange}, args...)...)
	}
	for _, d := range []struct {
		name string
		date money.Date
	}{{"period start", c.PeriodStart}, {"period end", c.PeriodEnd}, {"change date", c.On}} {
		if !d.date.IsValid() || d.date.Year < 0 || d.date.Year > 9999 {
			return bad("%s %s is not a valid date in years 0000–9999", d.name, d.date)
		}
	}
	if c.PeriodEnd.Before(c.PeriodStart) {
		return bad("the period ends on %s, before it starts on %s", c.PeriodEnd, c.PeriodStart)
	}
	if c.On.Before(c.PeriodStart) || c.On.After(c.PeriodEnd) {
		return bad("change date %s is outside the period %s to %s", c.On, c.PeriodStart, c.PeriodEnd)
	}
	if c.OldPrice < 0 {
		return bad("old price %d is negative", c.OldPrice)
	}
	if c.NewPrice < 0 {
		return bad("new price %d is negative", c.NewPrice)
	}

	total := DaysInclusive(c.PeriodStart, c.PeriodEnd)
	remaining := DaysInclusive(c.On, c.PeriodEnd)
	credit, err := money.MulDivHalfEven(c.OldPrice, int64(remaining), int64(total))
	if err != nil {
		return Result{}, fmt.Errorf("proration: credit: %w", err)
	}
	charge, err := money.MulDivHalfEven(c.NewPrice, int64(remaining), int64(total))
	if err != nil {
		return Result{}, fmt.Errorf("proration: charge: %w", err)
	}
	// both are in [0, MaxInt64], so the difference fits in an int64
	return Result{
		TotalDays:     total,
		RemainingDays: remaining,
		Credit:        credit,
		Charge:        charge,
		Net:           charge - credit,
	}, nil
}
