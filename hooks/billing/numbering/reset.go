package numbering

import (
	"errors"
	"fmt"
)

// ErrResetWithoutYear is returned (wrapped with the pattern) by ValidateReset
// for yearly reset with a pattern that does not print the year.
var ErrResetWithoutYear = errors.New("yearly reset needs {YYYY} or {YY} in the pattern")

// ValidateReset checks that pattern p can be used with the given reset
// policy. Without yearly reset every pattern is fine: one sequence never
// repeats. With yearly reset each year starts again at 1, so p must print
// the year ({YYYY} or {YY}), or the same numbers would be issued every year:
// that is an error wrapping ErrResetWithoutYear, e.g.
//
//	yearly reset needs {YYYY} or {YY} in the pattern: "INV-{SEQ:6}" would issue the same numbers every year
//
// With {YY} alone, numbers repeat after a century (2026 and 2126 both print
// 26); that is accepted. The zero Pattern is an error.
func ValidateReset(p Pattern, yearlyReset bool) error {
	if len(p.segments) == 0 {
		return errors.New("numbering: the zero Pattern; build it with ParsePattern")
	}
	if yearlyReset && !p.hasYear() {
		return fmt.Errorf("%w: %q would issue the same numbers every year", ErrResetWithoutYear, p.src)
	}
	return nil
}
