package tax

import (
	"math"
	"math/big"
)

// Applied is the outcome of Resolve: the taxes one buyer pays, or why none.
//
// The zero Applied charges no tax. Use Line to compute the taxes of each
// invoice line.
type Applied struct {
	// rules are the applied rules in application order (Priority, Name,
	// ID); none when Exempt or ReverseCharge.
	rules []Rule

	// Exempt is set when the buyer is tax-exempt: no tax.
	Exempt bool

	// ReverseCharge is set when the EU reverse charge applies: no tax, the
	// buyer accounts for the VAT.
	ReverseCharge bool

	// Notice is the legal mention the invoice must carry:
	// ReverseChargeNotice when reverse charged, otherwise "".
	Notice string

	// BuyerVATID is the buyer's VAT number (NormalizeVATID) the reverse
	// charge rests on, for the invoice; "" when not reverse charged.
	BuyerVATID string

	// CheckError says why a buyer who gave a VAT number was not reverse
	// charged although the reverse charge was otherwise possible: it wraps
	// ErrInvalidVATID (malformed), ErrVATIDRejected (the checker said
	// invalid) or ErrVATCheck (the checker failed, its error wrapped too).
	// The buyer is then taxed like a consumer. nil otherwise.
	CheckError error
}

// Portions returns the applied taxes in application order, with their rule,
// name, rate and compound flag, and a zero Base and Amount: the rates to show
// before there is an amount. The slice is the caller's.
func (a Applied) Portions() []Portion {
	portions := make([]Portion, len(a.rules))
	for i, r := range a.rules {
		portions[i] = portionOf(r)
	}
	return portions
}

// EffectiveRateBP returns the combined rate of the applied taxes in basis
// points, rounded half-even, for display: the sum of the rates, a compound
// rate counting on the taxes below it. GST 5% and a 9.5% QST compounded on
// it make 5% + 9.5% × 1.05 = 14.975%, shown as 1498 (1497.5 rounded to the
// even 1498). It is 0 when no tax applies. A result beyond int64 (only with
// dozens of stacked compound rules) is math.MaxInt64.
//
// Amounts are never computed from this rounded rate: each line's taxes are
// computed rule by rule (Line).
func (a Applied) EffectiveRateBP() int64 {
	rate := new(big.Rat).Sub(a.factor(), big.NewRat(1, 1))
	bp := roundHalfEven(rate.Mul(rate, big.NewRat(10000, 1)))
	if !bp.IsInt64() {
		return math.MaxInt64
	}
	return bp.Int64()
}

// factor returns the exact ratio gross ÷ net of the applied taxes before any
// rounding: 1 + Σ cᵢ, where cᵢ = rateᵢ for a non-compound rule and
// rateᵢ × (1 + Σ c of the rules of lower Priority) for a compound one.
func (a Applied) factor() *big.Rat {
	lower := new(big.Rat) // Σ c of the priority levels below the current one
	level := new(big.Rat) // Σ c of the current priority level
	for i, r := range a.rules {
		if i > 0 && r.Priority != a.rules[i-1].Priority {
			lower.Add(lower, level)
			level = new(big.Rat)
		}
		c := big.NewRat(r.RateBP, 10000)
		if r.Compound {
			c.Mul(c, new(big.Rat).Add(big.NewRat(1, 1), lower))
		}
		level.Add(level, c)
	}
	total := new(big.Rat).Add(lower, level)
	return total.Add(total, big.NewRat(1, 1))
}

// roundHalfEven rounds x to the nearest integer, a tie to the even one; like
// money.MulDivHalfEven it is symmetric around zero.
func roundHalfEven(x *big.Rat) *big.Int {
	num, den := x.Num(), x.Denom() // den > 0
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	twice := new(big.Int).Abs(r)
	twice.Lsh(twice, 1)
	if c := twice.Cmp(den); c > 0 || (c == 0 && q.Bit(0) == 1) {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// portionOf returns r as a Portion with no amount.
func portionOf(r Rule) Portion {
	return Portion{RuleID: r.ID, Name: r.Name, RateBP: r.RateBP, Compound: r.Compound, Priority: r.Priority}
}
