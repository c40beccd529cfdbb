package proration

import (
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/money"
)

func day(y int, m time.Month, d int) money.Date {
	return money.Date{Year: y, Month: m, Day: d}
}

func TestDaysInclusive(t *testing.T) {
	tests := []struct {
		a, b money.Date
		want int
	}{
		{day(2026, 1, 16), day(2026, 1, 16), 1},
		{day(2026, 1, 1), day(2026, 1, 31), 31},
		{day(2026, 1, 16), day(2026, 1, 31), 16},
		{day(2026, 2, 1), day(2026, 2, 28), 28},
		{day(2028, 2, 1), day(2028, 2, 29), 29},
		{day(2026, 12, 31), day(2027, 1, 1), 2},
		{day(2026, 1, 1), day(2026, 12, 31), 365},
		{day(2028, 1, 1), day(2028, 12, 31), 366},
		{day(2100, 1, 1), day(2100, 12, 31), 365}, // not a leap year
		{day(2000, 1, 1), day(2000, 12, 31), 366}, // a leap year
		{day(2026, 3, 1), day(2029, 2, 28), 365 + 366 + 365},
		{day(2026, 1, 31), day(2026, 1, 30), 0}, // b before a
		{day(2027, 1, 1), day(2026, 1, 1), 0},
	}
	for _, tt := range tests {
		if got := DaysInclusive(tt.a, tt.b); got != tt.want {
			t.Errorf("DaysInclusive(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
