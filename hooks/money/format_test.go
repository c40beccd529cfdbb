package money

import (
	"math"
	"testing"
)

func TestFormatMinor(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		minor    int64
		decimals int
		expected string
	}{
		{0, 2, "0.00"},
		{1, 2, "0.01"},
		{5, 2, "0.05"},
		{10, 2, "0.10"},
		{99, 2, "0.99"},
		{100, 2, "1.00"},
		{123456, 2, "1234.56"},
		{-5, 2, "-0.05"},
		{-123456, 2, "-1234.56"},
		{1200, 0, "1200"},
		{-1200, 0, "-1200"},
		{0, 0, "0"},
		{1500, 3, "1.500"},
		{1, 3, "0.001"},
		{-1, 3, "-0.001"},
		{12, -1, "12"},
		{1, 4, "0.0001"},
		{math.MaxInt64, 2, "92233720368547758.07"},
		{math.MinInt64, 2, "-92233720368547758.08"},
		{math.MaxInt64, 0, "9223372036854775807"},
		{math.MinInt64, 0, "-9223372036854775808"},
		{math.MaxInt64, 19, "0.9223372036854775807"},
		{math.MaxInt64, 21, "0.009223372036854775807"},
	}

	for _, s := range scenarios {
		if got := FormatMinor(s.minor, s.decimals); got != s.expected {
			t.Errorf("FormatMinor(%d, %d) = %q, expected %q", s.minor, s.decimals, got, s.expected)
		}
	}
}
