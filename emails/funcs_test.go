package emails

import (
	"math"
	"testing"
)

func TestFormatMoney(t *testing.T) {
	for _, s := range []struct {
		minor    int64
		currency string
		want     string
	}{
		{0, "USD", "0.00 USD"},
		{5, "EUR", "0.05 EUR"},
		{-500, "EUR", "-5.00 EUR"},
		{123456, "USD", "1,234.56 USD"},
		{100000000, "USD", "1,000,000.00 USD"},
		{1200, "JPY", "1,200 JPY"},
		{999, "JPY", "999 JPY"},
		{1500, "KWD", "1.500 KWD"},
		{math.MinInt64, "USD", "-92,233,720,368,547,758.08 USD"},
	} {
		got, err := FormatMoney(s.minor, s.currency)
		if err != nil || got != s.want {
			t.Errorf("FormatMoney(%d, %s) = %q, %v; want %q", s.minor, s.currency, got, err, s.want)
		}
	}
	if _, err := FormatMoney(100, "XYZ"); err == nil {
		t.Error("an unknown currency must be an error, not a guess")
	}
}
