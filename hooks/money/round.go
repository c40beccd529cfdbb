package money

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// ErrInvalidRate is returned for a rate or ratio that has no meaning: a
// denominator that is not positive, or a negative tax-inclusive rate.
var ErrInvalidRate = errors.New("money: invalid rate")

// BasisPoints is the number of basis points in one (100%): a rate of bp basis
// points is the fraction bp/BasisPoints, so 20% VAT is 2000.
const BasisPoints = 10000

// MulRateBP returns minor × bp / 10000, rounded half-even: the amount of a
// rate given in basis points (20% = 2000, 7.25% = 725), e.g. the tax or the
// discount of one invoice line.
//
// Rounding rule: the exact rational result is rounded to the nearest minor
// unit, and a result exactly halfway between two minor units goes to the even
// one (banker's rounding: 0.5 → 0, 1.5 → 2, 2.5 → 2, -2.5 → -2). Round once
// per line, on that line's amount; never sum rounded parts of a line or round
// a rounded figure again.
//
// bp may be negative. The intermediate product is computed in 128 bits, so
// only a result that does not fit in int64 is an error (ErrOverflow).
func MulRateBP(minor int64, bp int64) (int64, error) {
	return MulDivHalfEven(minor, bp, BasisPoints)
}

// MulDivHalfEven returns a × num / den for den > 0, rounded half-even (to the
// nearest integer, ties to the even one), the general form of MulRateBP for
// rates that are exact rationals (e.g. 7/30 of a month).
//
// The product a × num is computed exactly in 128 bits; only a result outside
// int64 is an error (ErrOverflow). A den <= 0 returns ErrInvalidRate. As with
// MulRateBP, apply it once per line.
func MulDivHalfEven(a, num, den int64) (int64, error) {
	if den <= 0 {
		return 0, fmt.Errorf("%w: denominator %d must be positive", ErrInvalidRate, den)
	}

	negative := (a < 0) != (num < 0)
	hi, lo := bits.Mul64(abs64(a), abs64(num))
	if hi == 0 && lo == 0 {
		return 0, nil
	}

	d := uint64(den)
	if hi >= d {
		// the quotient needs more than 64 bits
		return 0, fmt.Errorf("%w: %d × %d / %d", ErrOverflow, a, num, den)
	}
	q, r := bits.Div64(hi, lo, d)

	// r < d <= MaxInt64, so 2r cannot overflow uint64
	if twice := 2 * r; twice > d || (twice == d && q&1 == 1) {
		q++
		if q == 0 {
			return 0, fmt.Errorf("%w: %d × %d / %d", ErrOverflow, a, num, den)
		}
	}

	// half-even is symmetric, so rounding the magnitude then applying the
	// sign gives the same result as rounding the signed quotient
	if negative {
		if q > 1<<63 {
			return 0, fmt.Errorf("%w: %d × %d / %d", ErrOverflow, a, num, den)
		}
		return int64(-q), nil // q == 1<<63 wraps to math.MinInt64
	}
	if q > math.MaxInt64 {
		return 0, fmt.Errorf("%w: %d × %d / %d", ErrOverflow, a, num, den)
	}
	return int64(q), nil
}

// ExtractInclusiveBP returns the tax contained in a tax-inclusive gross amount
// at a rate of bp basis points: gross × bp / (10000 + bp), rounded half-even
// (see MulRateBP), once per line.
//
// The net amount is gross - tax, which by construction makes net + tax equal
// gross exactly, with no rounding difference; that subtraction cannot
// overflow because the tax never exceeds the gross in magnitude and has the
// same sign. For example 20% VAT included in 12.00: tax 2.00, net 10.00; in
// 0.05: tax 0.01 (0.0083… rounds to 0.01), net 0.04.
//
// bp must not be negative (ErrInvalidRate).
func ExtractInclusiveBP(gross, bp int64) (int64, error) {
	if bp < 0 {
		return 0, fmt.Errorf("%w: tax-inclusive rate %d must not be negative", ErrInvalidRate, bp)
	}
	if bp > math.MaxInt64-BasisPoints {
		return 0, fmt.Errorf("%w: rate %d basis points", ErrOverflow, bp)
	}
	return MulDivHalfEven(gross, bp, BasisPoints+bp)
}

// abs64 returns |x| as a uint64; abs64(math.MinInt64) is 1<<63.
func abs64(x int64) uint64 {
	if x < 0 {
		return -uint64(x)
	}
	return uint64(x)
}
