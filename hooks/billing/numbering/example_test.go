package numbering_test

import (
	"fmt"
	"time"

	"github.com/ezscale/hostbase/hooks/billing/numbering"
	"github.com/ezscale/hostbase/hooks/money"
)

// The package example: parse the configured pattern, check it against the
// reset policy, then number the 42nd invoice of 2026.
func Example() {
	p, err := numbering.ParsePattern("INV-{YYYY}-{SEQ:6}")
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := numbering.ValidateReset(p, true); err != nil {
		fmt.Println(err)
		return
	}
	issued := money.Date{Year: 2026, Month: time.March, Day: 9}
	fmt.Printf("period %q: %s (at most %d characters)\n", p.Period(issued, true), p.Format(42, issued), p.MaxLen())
	// Output: period "2026": INV-2026-000042 (at most 21 characters)
}

func ExampleParsePattern() {
	for _, s := range []string{"INV-{YYY}-{SEQ}", "INV-{YYYY}", "INV-{SEQ:20}", "INV {SEQ:4"} {
		_, err := numbering.ParsePattern(s)
		fmt.Println(err)
	}
	// Output:
	// unknown token {YYY} at position 4; the tokens are {YYYY}, {YY}, {MM}, {DD}, {SEQ} and {SEQ:n}
	// the pattern has no {SEQ} token; add one, e.g. INV-{YYYY}-{SEQ:6}
	// invalid padding in {SEQ:20} at position 4: n in {SEQ:n} must be a number from 1 to 12
	// unclosed token {SEQ:4 at position 4: missing }
}
