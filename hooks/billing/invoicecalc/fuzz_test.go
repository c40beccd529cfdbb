package invoicecalc

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/big"
	"testing"

	"github.com/ezscale/hostbase/hooks/billing/tax"
)

// fuzzKinds are the line kinds FuzzCompute picks from, plus one unknown.
var fuzzKinds = []string{KindService, KindSetup, KindAddon, KindLateFee, KindCredit, KindDiscount, KindAdjustment, KindTopup, "bogus"}

// fuzzRules decodes up to 4 rules from spec, 4 bytes each: a rate of 0 to
// 100% (2 bytes), a priority of 0 to 3 and a compound flag.
func fuzzRules(spec []byte) []tax.Rule {
	var rules []tax.Rule
	for i := 0; len(spec) >= 4 && i < 4; i, spec = i+1, spec[4:] {
		rules = append(rules, tax.Rule{
			ID:       fmt.Sprint("r", i),
			Country:  "DE",
			Name:     fmt.Sprint("Tax ", i),
			RateBP:   int64(binary.LittleEndian.Uint16(spec)) % (tax.MaxRateBP + 1),
			Priority: int(spec[2] % 4),
			Compound: spec[3]&1 == 1,
		})
	}
	return rules
}

// fuzzLines decodes up to 8 lines from spec, 11 bytes each: the kind, the
// quantity (-1 to 254), flags (taxable; the size of the unit amount:
// cents, millions or any int64) and the unit amount (8 bytes).
func fuzzLines(spec []byte) []LineInput {
	var lines []LineInput
	for len(spec) >= 11 && len(lines) < 8 {
		unit := int64(binary.LittleEndian.Uint64(spec[3:]))
		switch (spec[2] >> 1) % 4 {
		case 0, 1:
			unit %= 100_000 // up to 999.99
		case 2:
			unit %= 1_000_000_000_000
		}
		lines = append(lines, LineInput{
			Kind:       fuzzKinds[int(spec[0])%len(fuzzKinds)],
			Quantity:   int64(spec[1]) - 1,
			UnitAmount: unit,
			Taxable:    spec[2]&1 == 1,
		})
		spec = spec[11:]
	}
	return lines
}

// exactFactor returns gross ÷ net of applied's taxes with no rounding,
// computed here from the portions independently of package tax.
func exactFactor(portions []tax.Portion) *big.Rat {
	one := big.NewRat(1, 1)
	factor := new(big.Rat).Set(one)
	lower, level := new(big.Rat), new(big.Rat)
	for i, p := range portions {
		if i > 0 && p.Priority != portions[i-1].Priority {
			lower.Add(lower, level)
			level = new(big.Rat)
		}
		c := big.NewRat(p.RateBP, 10000)
		if p.Compound {
			c.Mul(c, new(big.Rat).Add(one, lower))
		}
		level.Add(level, c)
		factor.Add(factor, c)
	}
	return factor
}

// roundingBound returns how far a line's exclusive tax may be from the exact
// tax when each portion is rounded once: ½ per portion, plus for a compound
// portion its rate times the error of the lower priorities it is levied on.
func roundingBound(portions []tax.Portion) *big.Rat {
	half := big.NewRat(1, 2)
	total := new(big.Rat)
	lower, level := new(big.Rat), new(big.Rat)
	for i, p := range portions {
		if i > 0 && p.Priority != portions[i-1].Priority {
			lower.Add(lower, level)
			level = new(big.Rat)
		}
		e := new(big.Rat).Set(half)
		if p.Compound {
			e.Add(e, new(big.Rat).Mul(big.NewRat(p.RateBP, 10000), lower))
		}
		level.Add(level, e)
		total.Add(total, e)
	}
	return total
}

// distance returns |a - b|.
func distance(a int64, b *big.Rat) *big.Rat {
	d := new(big.Rat).Sub(new(big.Rat).SetInt64(a), b)
	return d.Abs(d)
}

// FuzzCompute computes invoices of random lines, rates, compound flags and
// modes, and checks what must hold whenever Compute succeeds:
//
//   - Check passes;
//   - in inclusive mode each line keeps its gross: Amount + Tax ==
//     Quantity × UnitAmount, so the invoice total is Σ Quantity × UnitAmount;
//   - each line's tax is within one minor unit of the exact rational tax
//     (computed with math/big): within ½ in inclusive mode (the net is the
//     exact net rounded once); in exclusive mode within ½ per portion
//     (each portion rounded once, plus what a compound portion inherits),
//     which is within 1 for one rule or two non-compound rules;
//   - a one-rule line's tax is within 1 of its base × rate even where it
//     carries the inclusive residue.
//
// Plain `go test` runs only the seeds; fuzz with
// go test -run='^$' -fuzz=FuzzCompute -fuzztime=30s ./hooks/billing/invoicecalc/
func FuzzCompute(f *testing.F) {
	line := func(kind byte, quantity byte, flags byte, unit int64) []byte {
		b := []byte{kind, quantity + 1, flags}
		return binary.LittleEndian.AppendUint64(b, uint64(unit))
	}
	rule := func(rateBP uint16, priority byte, compound bool) []byte {
		b := binary.LittleEndian.AppendUint16(nil, rateBP)
		c := byte(0)
		if compound {
			c = 1
		}
		return append(b, priority, c)
	}
	concat := func(parts ...[]byte) []byte {
		var b []byte
		for _, p := range parts {
			b = append(b, p...)
		}
		return b
	}

	// DE 19% on 12.99 with a 1.30 discount
	f.Add(concat(rule(1900, 1, false)), concat(line(0, 1, 1, 1299), line(5, 1, 1, -130)), false, false)
	f.Add(concat(rule(1900, 1, false)), concat(line(0, 1, 1, 1193), line(5, 1, 1, -155)), true, false)
	// Quebec 2012: GST 5% + QST 9.5% compound
	f.Add(concat(rule(500, 1, false), rule(950, 2, true)), concat(line(0, 1, 1, 1299), line(2, 2, 1, 500)), false, false)
	f.Add(concat(rule(500, 1, false), rule(950, 2, true)), concat(line(0, 1, 1, 17), line(0, 1, 1, 10000)), true, false)
	// ties, untaxed lines, credits, a zero-rate compound last rule
	f.Add(concat(rule(1000, 0, false), rule(0, 3, true)), concat(line(0, 1, 1, 5), line(1, 1, 0, 15), line(4, 1, 1, -5)), true, false)
	// big amounts and 100% rates stacked; then beyond int64
	f.Add(concat(rule(10000, 0, true), rule(10000, 1, true), rule(10000, 2, true), rule(9999, 3, true)), concat(line(0, 3, 7, 1<<50)), false, false)
	f.Add(concat(rule(10000, 0, true), rule(10000, 1, true), rule(10000, 2, true), rule(9999, 3, true)), concat(line(0, 3, 7, 1<<50)), true, false)
	f.Add(concat(rule(10000, 0, true), rule(10000, 1, true), rule(10000, 2, true), rule(9999, 3, true)), concat(line(0, 200, 7, 1<<60)), true, false)
	// a discount beyond the invoice; exempt
	f.Add(concat(rule(2000, 1, false)), concat(line(0, 1, 1, 100), line(5, 1, 1, -200)), false, true)

	f.Fuzz(func(t *testing.T, rulesSpec, linesSpec []byte, inclusive, exempt bool) {
		mode := tax.Exclusive
		if inclusive {
			mode = tax.Inclusive
		}
		applied, err := tax.Resolve(context.Background(), tax.Party{Country: "DE"}, tax.Party{Country: "DE", Exempt: exempt}, fuzzRules(rulesSpec), tax.Options{})
		if err != nil {
			t.Fatal(err) // the decoded rules are always valid and distinct
		}
		lines := fuzzLines(linesSpec)

		inv, err := Compute("EUR", mode, applied, lines)
		if err != nil {
			return // refused: fine, as long as it did not panic
		}
		if err := inv.Check(); err != nil {
			t.Fatalf("Check: %v\n%+v", err, inv)
		}

		gross := new(big.Int)
		for i, l := range inv.Lines {
			q := new(big.Int).Mul(big.NewInt(l.Quantity), big.NewInt(l.UnitAmount))
			gross.Add(gross, q)
			if len(l.Portions) == 0 {
				continue
			}
			factor := exactFactor(l.Portions)
			var exact *big.Rat // the line's tax with no rounding at all
			if mode == tax.Inclusive {
				if got := new(big.Int).Add(big.NewInt(l.Amount), big.NewInt(l.Tax)); got.Cmp(q) != 0 {
					t.Fatalf("line %d: amount %d + tax %d != %s", i, l.Amount, l.Tax, q)
				}
				g := new(big.Rat).SetInt(q)
				exact = new(big.Rat).Sub(g, new(big.Rat).Quo(g, factor))
				if d := distance(l.Tax, exact); d.Cmp(big.NewRat(1, 2)) > 0 {
					t.Fatalf("line %d: inclusive tax %d is %s from the exact %s", i, l.Tax, d.RatString(), exact.RatString())
				}
			} else {
				exact = new(big.Rat).Mul(big.NewRat(l.Amount, 1), new(big.Rat).Sub(factor, big.NewRat(1, 1)))
				if d, bound := distance(l.Tax, exact), roundingBound(l.Portions); d.Cmp(bound) > 0 {
					t.Fatalf("line %d: exclusive tax %d is %s from the exact %s, more than %s", i, l.Tax, d.RatString(), exact.RatString(), bound.RatString())
				}
			}

			compound := false
			for _, p := range l.Portions {
				compound = compound || p.Compound
			}
			if len(l.Portions) == 1 || (len(l.Portions) == 2 && !compound) {
				if d := distance(l.Tax, exact); d.Cmp(big.NewRat(1, 1)) > 0 {
					t.Fatalf("line %d: tax %d is %s from the exact %s", i, l.Tax, d.RatString(), exact.RatString())
				}
			}
			if len(l.Portions) == 1 {
				p := l.Portions[0]
				onBase := big.NewRat(p.Base, 1)
				onBase.Mul(onBase, big.NewRat(p.RateBP, 10000))
				if d := distance(p.Amount, onBase); d.Cmp(big.NewRat(1, 1)) > 0 {
					t.Fatalf("line %d: %d is %s from %d × %d bp", i, p.Amount, d.RatString(), p.Base, p.RateBP)
				}
			}
		}
		if mode == tax.Inclusive {
			if big.NewInt(inv.Total).Cmp(gross) != 0 {
				t.Fatalf("inclusive total %d != Σ quantity × unit %s", inv.Total, gross)
			}
		}
		if exempt && (inv.TaxTotal != 0 || !inv.Exempt) {
			t.Fatalf("exempt invoice taxed %d", inv.TaxTotal)
		}
	})
}
