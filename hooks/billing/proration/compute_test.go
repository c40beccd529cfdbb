package proration

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/hooks/money"
)

func TestCompute(t *testing.T) {
	tests := []struct {
		name string
		c    Change
		want Result
	}{
		{
			// 16 of 31 days: 1000 × 16/31 = 516.13, 2000 × 16/31 = 1032.26
			name: "January upgrade on the 16th",
			c:    Change{day(2026, 1, 1), day(2026, 1, 31), day(2026, 1, 16), 1000, 2000},
			want: Result{31, 16, 516, 1032, 516},
		},
		{
			name: "January downgrade on the 16th",
			c:    Change{day(2026, 1, 1), day(2026, 1, 31), day(2026, 1, 16), 2000, 1000},
			want: Result{31, 16, 1032, 516, -516},
		},
		{
			name: "on the first day: the full period",
			c:    Change{day(2026, 1, 1), day(2026, 1, 31), day(2026, 1, 1), 1000, 2000},
			want: Result{31, 31, 1000, 2000, 1000},
		},
		{
			// 1000/31 = 32.26 → 32, 2000/31 = 64.52 → 65: each line is
			// rounded once, so Net is 33, not round(1000/31) = 32
			name: "on the last day: one day",
			c:    Change{day(2026, 1, 1), day(2026, 1, 31), day(2026, 1, 31), 1000, 2000},
			want: Result{31, 1, 32, 65, 33},
		},
		{
			name: "same price",
			c:    Change{day(2026, 1, 1), day(2026, 1, 31), day(2026, 1, 16), 1000, 1000},
			want: Result{31, 16, 516, 516, 0},
		},
		{
			name: "from free",
			c:    Change{day(2026, 1, 1), day(2026, 1, 31), day(2026, 1, 16), 0, 3100},
			want: Result{31, 16, 0, 1600, 1600},
		},
		{
			// 15 of 29 days: 2900 × 15/29 = 1500
			name: "leap February on the 15th",
			c:    Change{day(2028, 2, 1), day(2028, 2, 29), day(2028, 2, 15), 2900, 5800},
			want: Result{29, 15, 1500, 3000, 1500},
		},
		{
			name: "leap February on the leap day",
			c:    Change{day(2028, 2, 1), day(2028, 2, 29), day(2028, 2, 29), 2900, 5800},
			want: Result{29, 1, 100, 200, 100},
		},
		{
			// 14 of 28 days
			name: "common February on the 15th",
			c:    Change{day(2026, 2, 1), day(2026, 2, 28), day(2026, 2, 15), 2800, 5600},
			want: Result{28, 14, 1400, 2800, 1400},
		},
		{
			// 184 of 365 days: 12000 × 184/365 = 6049.32, 24000 × 184/365 = 12098.63
			name: "365-day annual period on July 1",
			c:    Change{day(2026, 1, 1), day(2026, 12, 31), day(2026, 7, 1), 12000, 24000},
			want: Result{365, 184, 6049, 12099, 6050},
		},
		{
			// 184 of 366 days: 12000 × 184/366 = 6032.79, 24000 × 184/366 = 12065.57
			name: "366-day annual period on July 1",
			c:    Change{day(2028, 1, 1), day(2028, 12, 31), day(2028, 7, 1), 12000, 24000},
			want: Result{366, 184, 6033, 12066, 6033},
		},
		{
			// an annual period from March 1 holds the next leap day: 366 days;
			// 2028-02-01 to 2028-02-29 is 29 days: 36600 × 29/366 = 2900
			name: "annual period from March 1 across a leap day",
			c:    Change{day(2027, 3, 1), day(2028, 2, 29), day(2028, 2, 1), 36600, 0},
			want: Result{366, 29, 2900, 0, -2900},
		},
		{
			// 2026-03-01 to 2029-02-28 is 365 + 366 + 365 = 1096 days; from
			// the leap day 2028-02-29 on, 366 are left:
			// 35964 × 366/1096 = 12009.88, 71928 × 366/1096 = 24019.75
			name: "triennial period spanning a leap day, changed on it",
			c:    Change{day(2026, 3, 1), day(2029, 2, 28), day(2028, 2, 29), 35964, 71928},
			want: Result{1096, 366, 12010, 24020, 12010},
		},
		{
			// ties go to the even unit: 1001 × 15/30 = 500.5 → 500,
			// 1003 × 15/30 = 501.5 → 502
			name: "half-even ties in a 30-day month",
			c:    Change{day(2026, 4, 1), day(2026, 4, 30), day(2026, 4, 16), 1001, 1003},
			want: Result{30, 15, 500, 502, 2},
		},
		{
			// 1 × 1/2 = 0.5 → 0, 3 × 1/2 = 1.5 → 2
			name: "half-even ties of one minor unit",
			c:    Change{day(2026, 4, 1), day(2026, 4, 30), day(2026, 4, 16), 1, 3},
			want: Result{30, 15, 0, 2, 2},
		},
		{
			// 5 × 1/2 = 2.5 → 2, 7 × 1/2 = 3.5 → 4
			name: "half-even ties in a two-day period",
			c:    Change{day(2026, 12, 31), day(2027, 1, 1), day(2027, 1, 1), 5, 7},
			want: Result{2, 1, 2, 4, 2},
		},
		{
			name: "one-day period",
			c:    Change{day(2026, 5, 5), day(2026, 5, 5), day(2026, 5, 5), 999, 1},
			want: Result{1, 1, 999, 1, -998},
		},
		{
			// 9223372036854775807 / 2 = …903.5 → …904 (even): no overflow
			name: "largest price",
			c:    Change{day(2026, 12, 31), day(2027, 1, 1), day(2027, 1, 1), math.MaxInt64, 0},
			want: Result{2, 1, 4611686018427387904, 0, -4611686018427387904},
		},
		{
			name: "largest prices, full period",
			c:    Change{day(2026, 1, 1), day(2026, 1, 31), day(2026, 1, 1), math.MaxInt64, 0},
			want: Result{31, 31, math.MaxInt64, 0, -math.MaxInt64},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Compute(tt.c)
			if err != nil {
				t.Fatalf("Compute(%+v): %v", tt.c, err)
			}
			if got != tt.want {
				t.Errorf("Compute(%+v)\n got %+v\nwant %+v", tt.c, got, tt.want)
			}
		})
	}
}

func TestComputeTriennialPeriodFromMoney(t *testing.T) {
	// the period money's cycle arithmetic gives is the one tested above
	anchor := day(2026, 3, 1)
	if end := money.PeriodEnd(anchor, money.Triennial, 0); end != day(2029, 2, 28) {
		t.Fatalf("PeriodEnd = %s", end)
	}
}

func TestComputeRefuses(t *testing.T) {
	jan1, jan31 := day(2026, 1, 1), day(2026, 1, 31)
	tests := []struct {
		name string
		c    Change
		want string
	}{
		{"change before the period", Change{jan1, jan31, day(2025, 12, 31), 1000, 2000},
			"proration: invalid change: change date 2025-12-31 is outside the period 2026-01-01 to 2026-01-31"},
		{"change after the period", Change{jan1, jan31, day(2026, 2, 1), 1000, 2000},
			"proration: invalid change: change date 2026-02-01 is outside the period 2026-01-01 to 2026-01-31"},
		{"period ends before it starts", Change{jan31, jan1, jan1, 1000, 2000},
			"proration: invalid change: the period ends on 2026-01-01, before it starts on 2026-01-31"},
		{"negative old price", Change{jan1, jan31, jan1, -1, 2000},
			"proration: invalid change: old price -1 is negative"},
		{"negative new price", Change{jan1, jan31, jan1, 1000, math.MinInt64},
			"proration: invalid change: new price -9223372036854775808 is negative"},
		{"zero start", Change{money.Date{}, jan31, jan1, 1000, 2000},
			"proration: invalid change: period start 0000-00-00 is not a valid date in years 0000–9999"},
		{"no such end", Change{jan1, day(2026, 2, 30), jan1, 1000, 2000},
			"proration: invalid change: period end 2026-02-30 is not a valid date in years 0000–9999"},
		{"zero change date", Change{jan1, jan31, money.Date{}, 1000, 2000},
			"proration: invalid change: change date 0000-00-00 is not a valid date in years 0000–9999"},
		{"year 10000", Change{jan1, day(10000, 1, 1), jan1, 1000, 2000},
			"proration: invalid change: period end 10000-01-01 is not a valid date in years 0000–9999"},
		{"negative year", Change{day(-1, 1, 1), jan31, jan1, 1000, 2000},
			"proration: invalid change: period start -0001-01-01 is not a valid date in years 0000–9999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Compute(tt.c)
			if !errors.Is(err, ErrInvalidChange) {
				t.Fatalf("Compute(%+v) = %+v, %v; want ErrInvalidChange", tt.c, got, err)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %q\nwant %q", err.Error(), tt.want)
			}
			if got != (Result{}) {
				t.Errorf("non-zero Result %+v with the error", got)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Error("multi-line error")
			}
		})
	}
}
