package invoicepdf

import (
	"math"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/money"
)

func TestFormatAmount(t *testing.T) {
	eur, _ := money.LookupCurrency("EUR")
	jpy, _ := money.LookupCurrency("JPY")
	kwd, _ := money.LookupCurrency("KWD")
	cases := []struct {
		minor int64
		cur   money.Currency
		want  string
	}{
		{0, eur, "0.00 EUR"},
		{5, eur, "0.05 EUR"},
		{-5, eur, "-0.05 EUR"},
		{1299, eur, "12.99 EUR"},
		{99999, eur, "999.99 EUR"},
		{100000, eur, "1,000.00 EUR"},
		{-123456789, eur, "-1,234,567.89 EUR"},
		{1200, jpy, "1,200 JPY"},
		{1234567, kwd, "1,234.567 KWD"},
		{math.MinInt64, eur, "-92,233,720,368,547,758.08 EUR"},
	}
	for _, c := range cases {
		if got := formatAmount(c.minor, c.cur); got != c.want {
			t.Errorf("formatAmount(%d, %s) = %q, want %q", c.minor, c.cur.Code, got, c.want)
		}
	}
}

func TestFormatRate(t *testing.T) {
	cases := map[int64]string{
		0: "0%", 1900: "19%", 700: "7%", 725: "7.25%", 750: "7.5%", 5: "0.05%",
		10000: "100%", -250: "-2.5%",
	}
	for bp, want := range cases {
		if got := formatRate(bp); got != want {
			t.Errorf("formatRate(%d) = %q, want %q", bp, got, want)
		}
	}
}

func TestFormatDate(t *testing.T) {
	if got := formatDate(money.Date{Year: 2026, Month: time.March, Day: 1}); got != "1 March 2026" {
		t.Errorf("got %q", got)
	}
	if got := formatDate(money.Date{}); got != "" {
		t.Errorf("the zero date printed as %q", got)
	}
}
