package money

import (
	"errors"
	"fmt"
	"slices"
)

// ErrUnknownCycle is returned (wrapped with the value) for a string that is
// not one of the billing cycles.
var ErrUnknownCycle = errors.New("money: unknown billing cycle")

// Cycle is a billing cycle: how often a recurring service is invoiced. Its
// values are stored as is in the database and in pricing JSON.
type Cycle string

// The billing cycles, in canonical order (shortest first, OneTime last).
const (
	// Monthly is billed every month.
	Monthly Cycle = "monthly"
	// Quarterly is billed every 3 months.
	Quarterly Cycle = "quarterly"
	// Semiannual is billed every 6 months.
	Semiannual Cycle = "semiannual"
	// Annual is billed every 12 months.
	Annual Cycle = "annual"
	// Biennial is billed every 24 months.
	Biennial Cycle = "biennial"
	// Triennial is billed every 36 months.
	Triennial Cycle = "triennial"
	// OneTime is billed once, on the anchor date, and never renews.
	OneTime Cycle = "one_time"
)

// cycles lists every Cycle in canonical order.
var cycles = []Cycle{Monthly, Quarterly, Semiannual, Annual, Biennial, Triennial, OneTime}

// Cycles returns every billing cycle in canonical order: Monthly, Quarterly,
// Semiannual, Annual, Biennial, Triennial, OneTime. The slice is a copy.
func Cycles() []Cycle {
	return slices.Clone(cycles)
}

// ParseCycle returns the Cycle named s. Matching is exact (lower case, with
// an underscore in "one_time"); anything else is an error wrapping
// ErrUnknownCycle.
func ParseCycle(s string) (Cycle, error) {
	c := Cycle(s)
	if !c.IsValid() {
		return "", fmt.Errorf("%w %q", ErrUnknownCycle, shorten(s))
	}
	return c, nil
}

// IsValid reports whether c is one of the defined cycles.
func (c Cycle) IsValid() bool {
	return slices.Contains(cycles, c)
}

// Months returns the length of one period in months: 1, 3, 6, 12, 24 and 36
// for the recurring cycles, and 0 for OneTime and for unknown values.
func (c Cycle) Months() int {
	switch c {
	case Monthly:
		return 1
	case Quarterly:
		return 3
	case Semiannual:
		return 6
	case Annual:
		return 12
	case Biennial:
		return 24
	case Triennial:
		return 36
	default:
		return 0
	}
}

// IsRecurring reports whether c repeats, i.e. is a valid cycle other than
// OneTime.
func (c Cycle) IsRecurring() bool {
	return c.Months() > 0
}

// String returns the cycle's stored name, e.g. "monthly".
func (c Cycle) String() string {
	return string(c)
}
