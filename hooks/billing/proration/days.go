package proration

import "github.com/ezscale/hostbase/hooks/money"

// DaysInclusive returns the number of calendar days from a through b, both
// included: 1 when a == b, 31 from 2026-01-01 to 2026-01-31, 366 across a
// whole leap year. It returns 0 when b is before a. Both should be valid
// dates (see money.Date.DaysUntil for how others are normalised).
func DaysInclusive(a, b money.Date) int {
	if b.Before(a) {
		return 0
	}
	return a.DaysUntil(b) + 1
}
