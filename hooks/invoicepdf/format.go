package invoicepdf

import (
	"strings"

	"github.com/ezscale/hostbase/hooks/money"
)

// The invoice prints every amount as a number with a comma between
// thousands and a point before the decimals, followed by the ISO code:
// "1,234.56 EUR", "-5.00 EUR", "1,200 JPY". Codes are unambiguous ("kr" is
// four currencies) and every one of them can be printed with the embedded
// fonts, which many symbols (₹, ₺, ₽) cannot. Table columns print the bare
// number and name the code in their header. No floating point is involved.

// formatAmount formats minor units of cur as "1,234.56 EUR".
func formatAmount(minor int64, cur money.Currency) string {
	return formatNumber(minor, cur.Decimals) + " " + cur.Code
}

// formatNumber formats minor units with decimals digits after the point and
// a comma between thousands: formatNumber(-123456789, 2) is "-1,234,567.89".
func formatNumber(minor int64, decimals int) string {
	s := money.FormatMinor(minor, decimals)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	return sign + groupThousands(intPart) + frac
}

// groupThousands inserts a comma every three digits from the right.
func groupThousands(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	b.Grow(len(digits) + len(digits)/3)
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// formatRate formats a rate in basis points as a percentage with no
// trailing zeros: 1900 is "19%", 725 is "7.25%", 5 is "0.05%".
func formatRate(bp int64) string {
	s := money.FormatMinor(bp, 2)
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	if s == "-0" {
		s = "0"
	}
	return s + "%"
}

// formatDate formats a date as "2 March 2026", the order read the same way
// across Europe; the zero date is "".
func formatDate(d money.Date) string {
	if d.IsZero() {
		return ""
	}
	return itoa(int64(d.Day)) + " " + d.Month.String() + " " + itoa(int64(d.Year))
}

func itoa(n int64) string {
	return money.FormatMinor(n, 0)
}
