package money

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

func TestMulRateBP(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		minor, bp int64
		expected  int64
		err       error
	}{
		{1000, 2000, 200, nil},   // 20% of 10.00
		{1299, 2000, 260, nil},   // 259.8
		{1299, 725, 94, nil},     // 94.1775
		{12345, 1950, 2407, nil}, // 2407.275
		{0, 2000, 0, nil},        //
		{1000, 0, 0, nil},        //
		{1, 4999, 0, nil},        // 0.4999
		{1, 5000, 0, nil},        // 0.5 -> even 0
		{1, 5001, 1, nil},        // 0.5001
		{3, 5000, 2, nil},        // 1.5 -> even 2
		{5, 5000, 2, nil},        // 2.5 -> even 2
		{7, 5000, 4, nil},        // 3.5 -> even 4
		{250, 1900, 48, nil},     // 47.5 -> even 48
		{350, 1900, 66, nil},     // 66.5 -> even 66
		{-5, 5000, -2, nil},      // -2.5 -> even -2
		{-3, 5000, -2, nil},      // -1.5 -> even -2
		{-1299, 2000, -260, nil}, // -259.8
		{1299, -2000, -260, nil}, // negative rate
		{-1299, -2000, 260, nil}, //
		{1000, 10000, 1000, nil}, // 100%
		{1000, 25000, 2500, nil}, // 250%
		{math.MaxInt64, 10000, math.MaxInt64, nil},
		{math.MinInt64, 10000, math.MinInt64, nil},
		{math.MaxInt64, 5000, 4611686018427387904, nil},  // ...903.5 -> even ...904
		{math.MinInt64, 5000, -4611686018427387904, nil}, // exact
		{math.MaxInt64, 10001, 0, ErrOverflow},
		{math.MinInt64, -10000, 0, ErrOverflow},
		{math.MaxInt64, math.MaxInt64, 0, ErrOverflow},
		{math.MinInt64, math.MinInt64, 0, ErrOverflow},
		{math.MaxInt64, math.MinInt64, 0, ErrOverflow},
	}

	for _, s := range scenarios {
		got, err := MulRateBP(s.minor, s.bp)
		if s.err != nil {
			if !errors.Is(err, s.err) || got != 0 {
				t.Errorf("MulRateBP(%d, %d) = %d, %v; expected %v", s.minor, s.bp, got, err, s.err)
			}
			continue
		}
		if err != nil || got != s.expected {
			t.Errorf("MulRateBP(%d, %d) = %d, %v; expected %d", s.minor, s.bp, got, err, s.expected)
		}
	}
}

func TestMulDivHalfEven(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		a, num, den int64
		expected    int64
		err         error
	}{
		{1299, 7, 30, 303, nil},  // 7 days of a 30-day month: 303.1
		{1299, 15, 30, 650, nil}, // 649.5 -> even 650
		{1, 1, 2, 0, nil},
		{3, 1, 2, 2, nil},
		{1, 1, 3, 0, nil},
		{2, 1, 3, 1, nil},
		{-2, 1, 3, -1, nil},
		{1, -1, 2, 0, nil},
		{-1, -1, 2, 0, nil},
		{3, -1, 2, -2, nil},
		{0, math.MaxInt64, 1, 0, nil},
		{math.MaxInt64, 0, 7, 0, nil},
		{math.MaxInt64, math.MaxInt64, math.MaxInt64, math.MaxInt64, nil},
		{math.MinInt64, math.MaxInt64, math.MaxInt64, math.MinInt64, nil},
		{math.MinInt64, 1, 1, math.MinInt64, nil},
		{math.MinInt64, -1, 1, 0, ErrOverflow},
		{math.MinInt64, math.MinInt64, math.MaxInt64, 0, ErrOverflow},
		{math.MaxInt64, 2, 1, 0, ErrOverflow},
		{math.MaxInt64, 3, 2, 0, ErrOverflow},
		{1, 1, 0, 0, ErrInvalidRate},
		{1, 1, -2, 0, ErrInvalidRate},
		{0, 0, 0, 0, ErrInvalidRate},
	}

	for _, s := range scenarios {
		got, err := MulDivHalfEven(s.a, s.num, s.den)
		if s.err != nil {
			if !errors.Is(err, s.err) || got != 0 {
				t.Errorf("MulDivHalfEven(%d, %d, %d) = %d, %v; expected %v", s.a, s.num, s.den, got, err, s.err)
			}
			continue
		}
		if err != nil || got != s.expected {
			t.Errorf("MulDivHalfEven(%d, %d, %d) = %d, %v; expected %d", s.a, s.num, s.den, got, err, s.expected)
		}
	}
}

func TestExtractInclusiveBP(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		gross, bp int64
		tax, net  int64
		err       error
	}{
		{1200, 2000, 200, 1000, nil}, // 20% in 12.00
		{119, 1900, 19, 100, nil},    // 19% in 1.19, exact
		{100, 2000, 17, 83, nil},     // 16.67
		{5, 2000, 1, 4, nil},         // 0.83
		{1, 2000, 0, 1, nil},         // 0.17
		{3, 2000, 0, 3, nil},         // 0.5 -> even 0
		{9, 2000, 2, 7, nil},         // 1.5 -> even 2
		{15, 2000, 2, 13, nil},       // 2.5 -> even 2
		{-100, 2000, -17, -83, nil},  // credit note
		{1000, 0, 0, 1000, nil},      // zero rate
		{1, 10000, 0, 1, nil},        // 100%: 0.5 -> even 0
		{0, 2000, 0, 0, nil},
		{math.MaxInt64, 2000, 1537228672809129301, 7686143364045646506, nil},
		{math.MinInt64, 2000, -1537228672809129301, -7686143364045646507, nil},
		{1000, math.MaxInt64 - 10000, 1000, 0, nil}, // absurd but representable
		{1000, -1, 0, 0, ErrInvalidRate},
		{1000, math.MaxInt64, 0, 0, ErrOverflow},
	}

	for _, s := range scenarios {
		tax, err := ExtractInclusiveBP(s.gross, s.bp)
		if s.err != nil {
			if !errors.Is(err, s.err) || tax != 0 {
				t.Errorf("ExtractInclusiveBP(%d, %d) = %d, %v; expected %v", s.gross, s.bp, tax, err, s.err)
			}
			continue
		}
		if err != nil || tax != s.tax {
			t.Errorf("ExtractInclusiveBP(%d, %d) = %d, %v; expected %d", s.gross, s.bp, tax, err, s.tax)
			continue
		}
		if net := s.gross - tax; net != s.net || net+tax != s.gross {
			t.Errorf("ExtractInclusiveBP(%d, %d): net %d, expected %d", s.gross, s.bp, net, s.net)
		}
	}
}

func TestExtractInclusiveBPProperty(t *testing.T) {
	t.Parallel()

	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		gross := rng.Int64() >> rng.IntN(63)
		if rng.IntN(2) == 0 {
			gross = -gross
		}
		bp := rng.Int64N(30000)

		tax, err := ExtractInclusiveBP(gross, bp)
		if err != nil {
			t.Fatalf("ExtractInclusiveBP(%d, %d): %v", gross, bp, err)
		}
		want, ok := halfEvenOracle(big.NewInt(gross), big.NewInt(bp), big.NewInt(BasisPoints+bp))
		if !ok || tax != want {
			t.Fatalf("ExtractInclusiveBP(%d, %d) = %d, expected %d", gross, bp, tax, want)
		}
		net := gross - tax
		if (net != 0 && (net < 0) != (gross < 0)) || (tax != 0 && (tax < 0) != (gross < 0)) {
			t.Fatalf("ExtractInclusiveBP(%d, %d): net %d and tax %d must share the sign of gross", gross, bp, net, tax)
		}
	}
}

// halfEvenOracle computes a × num / den rounded half-even with math/big, an
// implementation independent of MulDivHalfEven. ok is false when the result
// does not fit in int64.
func halfEvenOracle(a, num, den *big.Int) (int64, bool) {
	prod := new(big.Int).Mul(a, num)
	q, m := new(big.Int).DivMod(prod, den, new(big.Int)) // Euclidean: 0 <= m < den
	twice := new(big.Int).Lsh(m, 1)
	if c := twice.Cmp(den); c > 0 || (c == 0 && q.Bit(0) == 1) {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}

func FuzzMulRateBP(f *testing.F) {
	f.Add(int64(1299), int64(2000))
	f.Add(int64(5), int64(5000))
	f.Add(int64(-5), int64(5000))
	f.Add(int64(math.MaxInt64), int64(5000))
	f.Add(int64(math.MinInt64), int64(-10000))
	f.Add(int64(math.MinInt64), int64(10000))
	f.Add(int64(math.MaxInt64), int64(math.MaxInt64))
	f.Add(int64(0), int64(math.MinInt64))

	f.Fuzz(func(t *testing.T, minor, bp int64) {
		got, err := MulRateBP(minor, bp)

		want, ok := halfEvenOracle(big.NewInt(minor), big.NewInt(bp), big.NewInt(BasisPoints))
		if !ok {
			if !errors.Is(err, ErrOverflow) || got != 0 {
				t.Fatalf("MulRateBP(%d, %d) = %d, %v; expected ErrOverflow", minor, bp, got, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("MulRateBP(%d, %d): unexpected error %v", minor, bp, err)
		}

		// within half a minor unit of the exact rational: |got×10000 − minor×bp| <= 5000
		exact := new(big.Int).Mul(big.NewInt(minor), big.NewInt(bp))
		diff := new(big.Int).Sub(new(big.Int).Mul(big.NewInt(got), big.NewInt(BasisPoints)), exact)
		if diff.CmpAbs(big.NewInt(BasisPoints/2)) > 0 {
			t.Fatalf("MulRateBP(%d, %d) = %d is more than half a unit from %s/10000", minor, bp, got, exact)
		}
		if diff.CmpAbs(big.NewInt(BasisPoints/2)) == 0 && got%2 != 0 {
			t.Fatalf("MulRateBP(%d, %d) = %d: a tie must round to even", minor, bp, got)
		}
		if got != want {
			t.Fatalf("MulRateBP(%d, %d) = %d, expected %d", minor, bp, got, want)
		}
	})
}
