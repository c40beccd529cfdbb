package money

import (
	"math"
	"time"
)

// Billing periods.
//
// A recurring service is anchored on its first due date. Period n (n >= 0)
// starts on AddCycles(anchor, cycle, n) and ends the day before period n+1
// starts. Every period start is computed from the anchor, never from the
// previous due date, so a service anchored on January 31 is due on
// February 28 (29 in leap years), March 31, April 30, May 31 and so on: it
// returns to the 31st whenever the month has one.

// AddCycles returns the start of period n: anchor advanced by n × cycle's
// months, the day clamped to the length of the resulting month.
//
// Examples: anchor 2026-01-31 monthly gives 2026-02-28 for n = 1 and
// 2026-03-31 for n = 2; anchor 2024-02-29 annual gives 2025-02-28 for n = 1
// and 2028-02-29 for n = 4. A negative n counts back from the anchor.
//
// It returns the zero Date when there is no such date: anchor is not a valid
// Date, cycle is not recurring (OneTime or an unknown value) and n != 0, or
// the year would overflow int. For a non-recurring cycle and n == 0 it
// returns anchor.
func AddCycles(anchor Date, cycle Cycle, n int) Date {
	if !anchor.IsValid() {
		return Date{}
	}
	if n == 0 {
		return anchor
	}
	months := cycle.Months()
	if months == 0 {
		return Date{}
	}

	// the number of months since year 0, month 1 of the result, checked
	// for overflow at each step
	if n > math.MaxInt/months || n < math.MinInt/months {
		return Date{}
	}
	delta := n * months
	if anchor.Year > (math.MaxInt-11)/12 || anchor.Year < math.MinInt/12 {
		return Date{}
	}
	base := anchor.Year*12 + int(anchor.Month-1)
	if (delta > 0 && base > math.MaxInt-delta) || (delta < 0 && base < math.MinInt-delta) {
		return Date{}
	}
	total := base + delta

	year, month := floorDiv(total, 12), time.Month(floorMod(total, 12)+1)
	return Date{Year: year, Month: month, Day: min(anchor.Day, DaysIn(year, month))}
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int {
	return a - floorDiv(a, b)*b
}

// PeriodEnd returns the last day of period n, inclusive: the day before
// period n+1 starts. Anchored on 2026-01-31 monthly, period 0 ends on
// 2026-02-27 and period 1 (starting 2026-02-28) ends on 2026-03-30.
//
// A OneTime (or unknown) cycle has a single period that never ends, and any
// date AddCycles cannot compute has no end: both return the zero Date.
func PeriodEnd(anchor Date, cycle Cycle, n int) Date {
	if n == math.MaxInt {
		return Date{}
	}
	next := AddCycles(anchor, cycle, n+1)
	if next.IsZero() {
		return Date{}
	}
	return next.AddDays(-1)
}

// PeriodIndex returns the period d falls in: the n for which
// AddCycles(anchor, cycle, n) <= d <= PeriodEnd(anchor, cycle, n).
//
// It returns -1 when d is before the anchor (the service had not started) or
// when anchor or d is not a valid Date. For OneTime (and unknown cycles)
// every day from the anchor on is in period 0.
func PeriodIndex(anchor Date, cycle Cycle, d Date) int {
	if !anchor.IsValid() || !d.IsValid() || d.Before(anchor) {
		return -1
	}
	months := cycle.Months()
	if months == 0 {
		return 0
	}

	// estimate from whole months elapsed, then correct for the clamped day;
	// d >= anchor, so a negative year difference means it overflowed
	years := d.Year - anchor.Year
	if years < 0 || years > math.MaxInt/12-1 {
		years = math.MaxInt/12 - 1
	}
	elapsed := years*12 + int(d.Month-anchor.Month)
	n := max(floorDiv(elapsed, months), 0)
	for n > 0 && AddCycles(anchor, cycle, n).After(d) {
		n--
	}
	for {
		next := AddCycles(anchor, cycle, n+1)
		if next.IsZero() || next.After(d) {
			return n
		}
		n++
	}
}

// NextDueDate returns the first period start strictly after current: the
// next renewal date of a service anchored on anchor, given the day current
// (typically the date of the billing run, or the start of the period just
// invoiced). If current is before the anchor it returns the anchor.
//
// For a OneTime (or unknown) cycle there is no next due date: it returns the
// zero Date, also when current is before the anchor. It also returns the zero
// Date when anchor or current is not a valid Date.
func NextDueDate(anchor Date, cycle Cycle, current Date) Date {
	if !cycle.IsRecurring() || !anchor.IsValid() || !current.IsValid() {
		return Date{}
	}
	n := PeriodIndex(anchor, cycle, current)
	if n == math.MaxInt {
		return Date{}
	}
	return AddCycles(anchor, cycle, n+1)
}
