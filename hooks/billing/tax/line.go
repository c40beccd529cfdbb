package tax

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/ezscale/hostbase/hooks/money"
)

// ErrLineMismatch is returned (wrapped with the details) by LineTax.Check
// for a LineTax whose figures do not add up.
var ErrLineMismatch = errors.New("tax: line taxes do not add up")

// Portion is one tax of one line (or, from Applied.Portions, one applied
// rate without an amount).
type Portion struct {
	// RuleID, Name, RateBP, Compound and Priority are copied from the Rule.
	RuleID   string `json:"rule_id"`
	Name     string `json:"name"`
	RateBP   int64  `json:"rate_bp"`
	Compound bool   `json:"compound"`
	Priority int    `json:"priority"`

	// Base is the amount taxed: the line's net, plus for a compound rule
	// the taxes of the lower priorities. Negative on a discount line.
	Base int64 `json:"base"`

	// Amount is the tax, Base × RateBP / 10000 rounded half-even (see
	// Applied.Line for the one exception in Inclusive mode).
	Amount int64 `json:"amount"`
}

// LineTax is the taxes of one invoice line: Net + Σ Taxes[i].Amount == Gross
// exactly.
type LineTax struct {
	Net   int64
	Gross int64

	// Taxes are the line's portions in application order; none when no tax
	// applies.
	Taxes []Portion
}

// Tax returns the line's total tax, Σ Taxes[i].Amount, which is Gross - Net.
func (lt LineTax) Tax() int64 {
	var sum int64
	for _, p := range lt.Taxes {
		sum += p.Amount
	}
	return sum
}

// Line computes the taxes of one line of amount minor units: the net amount
// in Exclusive mode, the gross (tax-included) amount in Inclusive mode. The
// amount may be negative (a discount or a credit): the taxes are then
// negative, and Line(-x) is exactly the negation of Line(x).
//
// Exclusive mode: Net is amount. Each applied rule, in order, taxes its base
// (Net for a non-compound rule; Net plus the taxes of the rules of lower
// Priority for a compound one) at its rate, rounded half-even once:
// 19% of 1299 is 246.81 → 247; 10% of 5 is 0.5 → 0, of 15 is 1.5 → 2.
// Gross is Net plus the taxes.
//
// Inclusive mode: Gross is amount, and Net is the exact net — Gross divided
// by the exact combined factor (see EffectiveRateBP) — rounded half-even. The
// taxes are computed from that Net as in Exclusive mode. If rounding leaves
// Net + taxes off Gross by a residue (0 or ±1 minor unit at real-world
// rates, e.g. 1193 including 19%: Net 1003, 19% of 1003 is 191 (190.57), and
// 1003 + 191 = 1194, so the residue is -1 and the tax is 190), the whole
// residue goes to the last portion whose rate is not zero, so that
// Net + Σ taxes == Gross exactly; that portion alone may differ from
// Base × rate by the residue (compound zero-rate portions after it have
// their Base moved with it). The line's total tax, Gross - Net, is then
// within half a minor unit of the exact tax.
//
// Errors: an invalid mode (ErrInvalidMode) or an amount whose taxes do not
// fit in int64 (wrapping money.ErrOverflow).
func (a Applied) Line(amount int64, mode Mode) (LineTax, error) {
	if err := mode.validate(); err != nil {
		return LineTax{}, err
	}
	if len(a.rules) == 0 {
		return LineTax{Net: amount, Gross: amount}, nil
	}

	if mode == Exclusive {
		taxes, sum, err := a.taxesOn(amount)
		if err != nil {
			return LineTax{}, err
		}
		gross, err := money.AddMinor(amount, sum)
		if err != nil {
			return LineTax{}, err
		}
		return LineTax{Net: amount, Gross: gross, Taxes: taxes}, nil
	}

	exact := new(big.Rat).SetInt64(amount)
	exact.Quo(exact, a.factor())
	n := roundHalfEven(exact)
	if !n.IsInt64() {
		return LineTax{}, fmt.Errorf("%w: net of %d", money.ErrOverflow, amount) // unreachable: |net| <= |gross|
	}
	net := n.Int64()
	taxes, sum, err := a.taxesOn(net)
	if err != nil {
		return LineTax{}, err
	}
	// (amount - net) - sum, not amount - (net + sum): net + sum may be one
	// unit beyond int64 before the residue brings it back
	residue, err := money.SubMinor(amount, net)
	if err == nil {
		residue, err = money.SubMinor(residue, sum)
	}
	if err != nil {
		return LineTax{}, err
	}
	if residue != 0 {
		last := len(taxes) - 1
		for last > 0 && taxes[last].RateBP == 0 {
			last--
		}
		if taxes[last].Amount, err = money.AddMinor(taxes[last].Amount, residue); err != nil {
			return LineTax{}, err
		}
		for i := last + 1; i < len(taxes); i++ {
			if taxes[i].Compound && taxes[i].Priority > taxes[last].Priority {
				if taxes[i].Base, err = money.AddMinor(taxes[i].Base, residue); err != nil {
					return LineTax{}, err
				}
			}
		}
	}
	return LineTax{Net: net, Gross: amount, Taxes: taxes}, nil
}

// taxesOn computes the portions of net in Exclusive mode and returns them
// with their sum.
func (a Applied) taxesOn(net int64) ([]Portion, int64, error) {
	taxes := make([]Portion, len(a.rules))
	var sum int64
	var lower, level int64 // Σ taxes of the priority levels below, of this one
	var err error
	for i, r := range a.rules {
		if i > 0 && r.Priority != a.rules[i-1].Priority {
			if lower, err = money.AddMinor(lower, level); err != nil {
				return nil, 0, err
			}
			level = 0
		}
		p := portionOf(r)
		p.Base = net
		if r.Compound {
			if p.Base, err = money.AddMinor(net, lower); err != nil {
				return nil, 0, err
			}
		}
		if p.Amount, err = money.MulRateBP(p.Base, r.RateBP); err != nil {
			return nil, 0, err
		}
		if level, err = money.AddMinor(level, p.Amount); err != nil {
			return nil, 0, err
		}
		if sum, err = money.AddMinor(sum, p.Amount); err != nil {
			return nil, 0, err
		}
		taxes[i] = p
	}
	return taxes, sum, nil
}

// Check verifies the invariants of a LineTax computed by Line in mode, for
// callers that stored one and read it back: Net + Σ Amount == Gross; the
// portions in Priority order with valid rates; each Base is Net, plus for a
// compound portion the amounts of the lower priorities; each Amount is its
// Base × RateBP rounded half-even, except in Inclusive mode for the last
// portion with a non-zero rate, which carries the residue; in Inclusive mode
// Net is Gross ÷ the exact combined factor rounded half-even. It returns nil or
// an error wrapping ErrLineMismatch or ErrInvalidMode.
func (lt LineTax) Check(mode Mode) error {
	if err := mode.validate(); err != nil {
		return err
	}
	residueAt := -1
	if mode == Inclusive {
		for i, p := range lt.Taxes {
			if p.RateBP != 0 {
				residueAt = i
			}
		}
	}

	sum := big.NewInt(lt.Net)
	var lower, level big.Int
	for i, p := range lt.Taxes {
		if p.RateBP < 0 || p.RateBP > MaxRateBP {
			return fmt.Errorf("%w: portion %d (%s) has a rate of %d basis points", ErrLineMismatch, i, p.Name, p.RateBP)
		}
		if i > 0 {
			prev := lt.Taxes[i-1].Priority
			if p.Priority < prev {
				return fmt.Errorf("%w: portion %d (%s) is out of priority order", ErrLineMismatch, i, p.Name)
			}
			if p.Priority != prev {
				lower.Add(&lower, &level)
				level.SetInt64(0)
			}
		}
		base := big.NewInt(lt.Net)
		if p.Compound {
			base.Add(base, &lower)
		}
		if base.Cmp(big.NewInt(p.Base)) != 0 {
			return fmt.Errorf("%w: portion %d (%s) has base %d, expected %s", ErrLineMismatch, i, p.Name, p.Base, base)
		}
		if i != residueAt {
			expected, err := money.MulRateBP(p.Base, p.RateBP)
			if err != nil || expected != p.Amount {
				return fmt.Errorf("%w: portion %d (%s): %d basis points of %d is %d, not %d",
					ErrLineMismatch, i, p.Name, p.RateBP, p.Base, expected, p.Amount)
			}
		}
		level.Add(&level, big.NewInt(p.Amount))
		sum.Add(sum, big.NewInt(p.Amount))
	}
	if sum.Cmp(big.NewInt(lt.Gross)) != 0 {
		return fmt.Errorf("%w: net %d + taxes %d != gross %d", ErrLineMismatch, lt.Net, new(big.Int).Sub(sum, big.NewInt(lt.Net)), lt.Gross)
	}
	if residueAt >= 0 {
		rules := make([]Rule, len(lt.Taxes))
		for i, p := range lt.Taxes {
			rules[i] = Rule{RateBP: p.RateBP, Compound: p.Compound, Priority: p.Priority}
		}
		exact := new(big.Rat).SetInt64(lt.Gross)
		exact.Quo(exact, Applied{rules: rules}.factor())
		if net := roundHalfEven(exact); net.Cmp(big.NewInt(lt.Net)) != 0 {
			return fmt.Errorf("%w: the net of %d including these taxes is %s, not %d", ErrLineMismatch, lt.Gross, net, lt.Net)
		}
	}
	return nil
}
