package numbering

import (
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/money"
)

func mustParse(t *testing.T, s string) Pattern {
	t.Helper()
	p, err := ParsePattern(s)
	if err != nil {
		t.Fatalf("ParsePattern(%q): %v", s, err)
	}
	return p
}

func day(y int, m time.Month, d int) money.Date {
	return money.Date{Year: y, Month: m, Day: d}
}

func TestFormat(t *testing.T) {
	mar9 := day(2026, time.March, 9)
	tests := []struct {
		pattern string
		seq     int64
		issued  money.Date
		want    string
	}{
		{"INV-{YYYY}-{SEQ:6}", 1, mar9, "INV-2026-000001"},
		{"INV-{YYYY}-{SEQ:6}", 42, mar9, "INV-2026-000042"},
		{"INV-{YYYY}-{SEQ:6}", 999999, mar9, "INV-2026-999999"},
		// wider than the padding: printed in full, never truncated
		{"INV-{YYYY}-{SEQ:6}", 1234567, mar9, "INV-2026-1234567"},
		{"{SEQ:3}", 12345, mar9, "12345"},
		{"{SEQ:1}", 7, mar9, "7"},
		{"{SEQ:12}", 7, mar9, "000000000007"},
		{"{SEQ}", 1, mar9, "1"},
		{"{SEQ}", 9223372036854775807, mar9, "9223372036854775807"},
		{"{YY}{MM}{DD}-{SEQ:4}", 5, mar9, "260309-0005"},
		{"{DD}.{MM}.{YYYY}/{SEQ}", 17, day(2024, time.February, 29), "29.02.2024/17"},
		{"{YY}-{SEQ}", 3, day(2000, time.January, 1), "00-3"},
		{"{YY}-{SEQ}", 3, day(2109, time.December, 31), "09-3"},
		{"{YYYY}-{SEQ}", 3, day(987, time.June, 5), "0987-3"},
		{"{YYYY}-{SEQ}", 3, day(0, time.January, 1), "0000-3"},
		{"ORD-{SEQ:6}", 12, money.Date{}, "ORD-000012"}, // no date token: the date is not used
		{"Invoice #{SEQ}", 8, mar9, "Invoice #8"},
	}
	for _, tt := range tests {
		p := mustParse(t, tt.pattern)
		got := p.Format(tt.seq, tt.issued)
		if got != tt.want {
			t.Errorf("%q.Format(%d, %s) = %q, want %q", tt.pattern, tt.seq, tt.issued, got, tt.want)
		}
		if tt.seq <= 999_999_999_999 && len(got) > p.MaxLen() {
			t.Errorf("%q.Format(%d) = %q is longer than MaxLen %d", tt.pattern, tt.seq, got, p.MaxLen())
		}
	}
}

func TestFormatMaxLenIsReached(t *testing.T) {
	p := mustParse(t, "INV-{YYYY}-{SEQ:6}")
	got := p.Format(999_999_999_999, day(9999, time.December, 31))
	if got != "INV-9999-999999999999" || len(got) != p.MaxLen() {
		t.Errorf("Format = %q (%d), MaxLen %d", got, len(got), p.MaxLen())
	}
}

func TestPeriod(t *testing.T) {
	p := mustParse(t, "INV-{YYYY}-{SEQ:6}")
	tests := []struct {
		issued money.Date
		yearly bool
		want   string
	}{
		{day(2026, time.March, 9), false, ""},
		{money.Date{}, false, ""}, // the date is not needed without reset
		{day(2026, time.March, 9), true, "2026"},
		{day(2026, time.December, 31), true, "2026"},
		{day(2027, time.January, 1), true, "2027"},
		{day(987, time.January, 1), true, "0987"},
	}
	for _, tt := range tests {
		if got := p.Period(tt.issued, tt.yearly); got != tt.want {
			t.Errorf("Period(%s, %v) = %q, want %q", tt.issued, tt.yearly, got, tt.want)
		}
	}
}

func TestFormatPanicsOnProgrammingErrors(t *testing.T) {
	p := mustParse(t, "INV-{YYYY}-{SEQ:6}")
	tests := []struct {
		name string
		call func()
		want string
	}{
		{"seq 0", func() { p.Format(0, day(2026, 1, 1)) }, "numbering: sequence 0; a sequence starts at 1"},
		{"seq -1", func() { p.Format(-1, day(2026, 1, 1)) }, "numbering: sequence -1; a sequence starts at 1"},
		{"zero pattern", func() { Pattern{}.Format(1, day(2026, 1, 1)) }, "numbering: Format on the zero Pattern; build it with ParsePattern"},
		{"zero date", func() { p.Format(1, money.Date{}) }, "numbering: issue date 0000-00-00 is not a valid date in years 0000–9999"},
		{"no such day", func() { p.Format(1, day(2026, 2, 29)) }, "numbering: issue date 2026-02-29 is not a valid date in years 0000–9999"},
		{"year 10000", func() { p.Format(1, day(10000, 1, 1)) }, "numbering: issue date 10000-01-01 is not a valid date in years 0000–9999"},
		{"negative year", func() { p.Format(1, day(-1, 1, 1)) }, "numbering: issue date -0001-01-01 is not a valid date in years 0000–9999"},
		{"period of zero date", func() { p.Period(money.Date{}, true) }, "numbering: issue date 0000-00-00 is not a valid date in years 0000–9999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, tt.want) {
					t.Errorf("panic %v, want %q", r, tt.want)
				}
			}()
			tt.call()
		})
	}
}
