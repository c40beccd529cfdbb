package money

import (
	"errors"
	"math"
	"testing"
)

func TestAddSubMinor(t *testing.T) {
	for _, tc := range []struct {
		a, b       int64
		sum, diff  int64
		sumOK, dOK bool
	}{
		{1299, 500, 1799, 799, true, true},
		{-260, 260, 0, -520, true, true},
		{math.MaxInt64, 1, 0, math.MaxInt64 - 1, false, true},
		{math.MinInt64, -1, 0, math.MinInt64 + 1, false, true},
		{math.MinInt64, 1, math.MinInt64 + 1, 0, true, false},
		{math.MaxInt64, -1, math.MaxInt64 - 1, 0, true, false},
	} {
		s, err := AddMinor(tc.a, tc.b)
		if tc.sumOK != (err == nil) || (err == nil && s != tc.sum) || (err != nil && !errors.Is(err, ErrOverflow)) {
			t.Errorf("AddMinor(%d, %d) = %d, %v", tc.a, tc.b, s, err)
		}
		d, err := SubMinor(tc.a, tc.b)
		if tc.dOK != (err == nil) || (err == nil && d != tc.diff) || (err != nil && !errors.Is(err, ErrOverflow)) {
			t.Errorf("SubMinor(%d, %d) = %d, %v", tc.a, tc.b, d, err)
		}
	}
}
