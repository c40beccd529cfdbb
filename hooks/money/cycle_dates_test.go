package money

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

func TestAddCycles(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		name     string
		anchor   Date
		cycle    Cycle
		expected []Date // periods 0, 1, 2, …
	}{
		{
			"Jan 31 monthly through a leap year",
			date(2024, 1, 31), Monthly,
			[]Date{
				date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30),
				date(2024, 5, 31), date(2024, 6, 30), date(2024, 7, 31), date(2024, 8, 31),
				date(2024, 9, 30), date(2024, 10, 31), date(2024, 11, 30), date(2024, 12, 31),
				date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30),
			},
		},
		{
			"Jan 31 monthly in a non-leap year",
			date(2026, 1, 31), Monthly,
			[]Date{date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31)},
		},
		{
			"Feb 29 annual",
			date(2024, 2, 29), Annual,
			[]Date{date(2024, 2, 29), date(2025, 2, 28), date(2026, 2, 28), date(2027, 2, 28), date(2028, 2, 29), date(2029, 2, 28)},
		},
		{
			"Aug 31 quarterly",
			date(2025, 8, 31), Quarterly,
			[]Date{date(2025, 8, 31), date(2025, 11, 30), date(2026, 2, 28), date(2026, 5, 31), date(2026, 8, 31)},
		},
		{
			"Aug 31 quarterly into a leap February",
			date(2023, 8, 31), Quarterly,
			[]Date{date(2023, 8, 31), date(2023, 11, 30), date(2024, 2, 29), date(2024, 5, 31)},
		},
		{
			"Dec 31 monthly over the year end",
			date(2025, 12, 31), Monthly,
			[]Date{date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)},
		},
		{
			"Dec 31 semiannual",
			date(2025, 12, 31), Semiannual,
			[]Date{date(2025, 12, 31), date(2026, 6, 30), date(2026, 12, 31), date(2027, 6, 30)},
		},
		{
			"Dec 31 annual",
			date(2025, 12, 31), Annual,
			[]Date{date(2025, 12, 31), date(2026, 12, 31), date(2027, 12, 31)},
		},
		{
			"Feb 29 biennial",
			date(2024, 2, 29), Biennial,
			[]Date{date(2024, 2, 29), date(2026, 2, 28), date(2028, 2, 29), date(2030, 2, 28)},
		},
		{
			"Feb 29 triennial across leap years",
			date(2024, 2, 29), Triennial,
			[]Date{date(2024, 2, 29), date(2027, 2, 28), date(2030, 2, 28), date(2033, 2, 28), date(2036, 2, 29)},
		},
		{
			"Feb 28 triennial stays on the 28th",
			date(2023, 2, 28), Triennial,
			[]Date{date(2023, 2, 28), date(2026, 2, 28), date(2029, 2, 28), date(2032, 2, 28)},
		},
		{
			"anchor on the 30th",
			date(2026, 1, 30), Monthly,
			[]Date{date(2026, 1, 30), date(2026, 2, 28), date(2026, 3, 30), date(2026, 4, 30), date(2026, 5, 30)},
		},
		{
			"anchor on the 30th, leap year",
			date(2028, 1, 30), Monthly,
			[]Date{date(2028, 1, 30), date(2028, 2, 29), date(2028, 3, 30)},
		},
		{
			"anchor on the 15th never moves",
			date(2026, 11, 15), Monthly,
			[]Date{date(2026, 11, 15), date(2026, 12, 15), date(2027, 1, 15), date(2027, 2, 15)},
		},
		{
			"one_time has only period 0",
			date(2026, 1, 31), OneTime,
			[]Date{date(2026, 1, 31), {}, {}},
		},
		{
			"unknown cycle",
			date(2026, 1, 31), Cycle("weekly"),
			[]Date{date(2026, 1, 31), {}},
		},
		{
			"invalid anchor",
			date(2026, 2, 30), Monthly,
			[]Date{{}, {}},
		},
	}

	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			for n, want := range s.expected {
				if got := AddCycles(s.anchor, s.cycle, n); got != want {
					t.Errorf("AddCycles(%v, %s, %d) = %v, expected %v", s.anchor, s.cycle, n, got, want)
				}
			}
		})
	}
}

func TestAddCyclesFarAndNegative(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		anchor   Date
		cycle    Cycle
		n        int
		expected Date
	}{
		{date(2000, 2, 29), Annual, 100, date(2100, 2, 28)}, // 2100 is not a leap year
		{date(2000, 2, 29), Annual, 400, date(2400, 2, 29)},
		{date(2026, 1, 31), Monthly, 1200, date(2126, 1, 31)},
		{date(2026, 3, 31), Monthly, -1, date(2026, 2, 28)},
		{date(2026, 3, 31), Monthly, -3, date(2025, 12, 31)},
		{date(2026, 3, 31), Monthly, -12, date(2025, 3, 31)},
		{date(1, 1, 31), Monthly, -1, date(0, 12, 31)},
		{date(0, 1, 31), Monthly, -1, date(-1, 12, 31)},
		{date(2026, 1, 1), Triennial, math.MaxInt, Date{}},
		{date(2026, 1, 1), Triennial, math.MinInt, Date{}},
		{date(2026, 1, 1), Monthly, math.MinInt, date(-768614336404562625, 5, 1)},
		{date(math.MaxInt, 12, 1), Monthly, 1, Date{}},
		{date(math.MaxInt/12, 1, 1), Monthly, 1, Date{}},
		{date(math.MaxInt/12-1, 12, 1), Monthly, 1, date(math.MaxInt/12, 1, 1)},
		{date(math.MinInt/12, 1, 1), Monthly, -1, date(math.MinInt/12-1, 12, 1)},
		{date(math.MinInt/12, 1, 1), Monthly, -9, Date{}},
	}

	for _, s := range scenarios {
		if got := AddCycles(s.anchor, s.cycle, s.n); got != s.expected {
			t.Errorf("AddCycles(%v, %s, %d) = %v, expected %v", s.anchor, s.cycle, s.n, got, s.expected)
		}
	}
}

func TestPeriodEnd(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		anchor   Date
		cycle    Cycle
		n        int
		expected Date
	}{
		{date(2026, 1, 31), Monthly, 0, date(2026, 2, 27)},
		{date(2026, 1, 31), Monthly, 1, date(2026, 3, 30)},
		{date(2026, 1, 31), Monthly, 2, date(2026, 4, 29)},
		{date(2024, 1, 31), Monthly, 0, date(2024, 2, 28)},
		{date(2026, 1, 1), Monthly, 0, date(2026, 1, 31)},
		{date(2026, 1, 15), Monthly, 0, date(2026, 2, 14)},
		{date(2024, 2, 29), Annual, 0, date(2025, 2, 27)},
		{date(2024, 2, 29), Annual, 3, date(2028, 2, 28)},
		{date(2025, 12, 31), Monthly, 0, date(2026, 1, 30)},
		{date(2025, 12, 31), Annual, 0, date(2026, 12, 30)},
		{date(2025, 8, 31), Quarterly, 1, date(2026, 2, 27)},
		{date(2024, 2, 29), Triennial, 3, date(2036, 2, 28)},
		{date(2026, 1, 31), OneTime, 0, Date{}},
		{date(2026, 2, 30), Monthly, 0, Date{}},
		{date(2026, 1, 1), Monthly, math.MaxInt, Date{}},
	}

	for _, s := range scenarios {
		if got := PeriodEnd(s.anchor, s.cycle, s.n); got != s.expected {
			t.Errorf("PeriodEnd(%v, %s, %d) = %v, expected %v", s.anchor, s.cycle, s.n, got, s.expected)
		}
	}
}

func TestPeriodIndex(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		anchor   Date
		cycle    Cycle
		d        Date
		expected int
	}{
		{date(2026, 1, 31), Monthly, date(2026, 1, 30), -1},
		{date(2026, 1, 31), Monthly, date(2025, 12, 31), -1},
		{date(2026, 1, 31), Monthly, date(2026, 1, 31), 0},
		{date(2026, 1, 31), Monthly, date(2026, 2, 27), 0},
		{date(2026, 1, 31), Monthly, date(2026, 2, 28), 1},
		{date(2026, 1, 31), Monthly, date(2026, 3, 30), 1},
		{date(2026, 1, 31), Monthly, date(2026, 3, 31), 2},
		{date(2026, 1, 31), Monthly, date(2027, 1, 30), 11},
		{date(2026, 1, 31), Monthly, date(2027, 1, 31), 12},
		{date(2026, 1, 15), Monthly, date(2026, 3, 14), 1},
		{date(2026, 1, 15), Monthly, date(2026, 3, 15), 2},
		{date(2024, 2, 29), Annual, date(2025, 2, 27), 0},
		{date(2024, 2, 29), Annual, date(2025, 2, 28), 1},
		{date(2024, 2, 29), Annual, date(2028, 2, 28), 3},
		{date(2024, 2, 29), Annual, date(2028, 2, 29), 4},
		{date(2025, 8, 31), Quarterly, date(2026, 2, 27), 1},
		{date(2025, 8, 31), Quarterly, date(2026, 2, 28), 2},
		{date(2024, 2, 29), Triennial, date(2036, 2, 28), 3},
		{date(2024, 2, 29), Triennial, date(2036, 2, 29), 4},
		{date(2026, 1, 31), OneTime, date(2026, 1, 30), -1},
		{date(2026, 1, 31), OneTime, date(2026, 1, 31), 0},
		{date(2026, 1, 31), OneTime, date(2099, 1, 1), 0},
		{date(2026, 2, 30), Monthly, date(2026, 3, 5), -1},  // invalid anchor
		{date(2026, 1, 31), Monthly, date(2026, 2, 30), -1}, // invalid date
		{date(2026, 1, 31), Monthly, Date{}, -1},
	}

	for _, s := range scenarios {
		if got := PeriodIndex(s.anchor, s.cycle, s.d); got != s.expected {
			t.Errorf("PeriodIndex(%v, %s, %v) = %d, expected %d", s.anchor, s.cycle, s.d, got, s.expected)
		}
	}
}

func TestNextDueDate(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		anchor   Date
		cycle    Cycle
		current  Date
		expected Date
	}{
		{date(2026, 1, 31), Monthly, date(2026, 1, 1), date(2026, 1, 31)},
		{date(2026, 1, 31), Monthly, date(2026, 1, 30), date(2026, 1, 31)},
		{date(2026, 1, 31), Monthly, date(2026, 1, 31), date(2026, 2, 28)},
		{date(2026, 1, 31), Monthly, date(2026, 2, 27), date(2026, 2, 28)},
		{date(2026, 1, 31), Monthly, date(2026, 2, 28), date(2026, 3, 31)},
		{date(2026, 1, 31), Monthly, date(2026, 3, 15), date(2026, 3, 31)},
		{date(2026, 1, 31), Monthly, date(2026, 3, 31), date(2026, 4, 30)},
		{date(2026, 1, 31), Monthly, date(2026, 12, 31), date(2027, 1, 31)},
		{date(2024, 2, 29), Annual, date(2027, 6, 1), date(2028, 2, 29)},
		{date(2024, 2, 29), Annual, date(2024, 2, 29), date(2025, 2, 28)},
		{date(2025, 12, 31), Quarterly, date(2026, 1, 1), date(2026, 3, 31)},
		{date(2026, 1, 31), OneTime, date(2026, 1, 1), Date{}},
		{date(2026, 1, 31), OneTime, date(2026, 5, 1), Date{}},
		{date(2026, 1, 31), Cycle(""), date(2026, 5, 1), Date{}},
		{date(2026, 2, 30), Monthly, date(2026, 5, 1), Date{}},
		{date(2026, 1, 31), Monthly, Date{}, Date{}},
	}

	for _, s := range scenarios {
		if got := NextDueDate(s.anchor, s.cycle, s.current); got != s.expected {
			t.Errorf("NextDueDate(%v, %s, %v) = %v, expected %v", s.anchor, s.cycle, s.current, got, s.expected)
		}
	}
}

// referenceAddCycles is an independent implementation of AddCycles built on
// time.Date's month normalisation.
func referenceAddCycles(anchor Date, cycle Cycle, n int) Date {
	first := time.Date(anchor.Year, anchor.Month+time.Month(n*cycle.Months()), 1, 12, 0, 0, 0, time.UTC)
	last := time.Date(first.Year(), first.Month()+1, 0, 12, 0, 0, 0, time.UTC).Day()
	return Date{Year: first.Year(), Month: first.Month(), Day: min(anchor.Day, last)}
}

func TestCyclePeriodsProperty(t *testing.T) {
	t.Parallel()

	rng := rand.New(rand.NewPCG(7, 8))
	recurring := []Cycle{Monthly, Quarterly, Semiannual, Annual, Biennial, Triennial}

	for range 300 {
		y := 1900 + rng.IntN(300)
		m := time.Month(1 + rng.IntN(12))
		anchor := date(y, m, 1+rng.IntN(DaysIn(y, m)))
		if rng.IntN(3) == 0 { // favour month ends
			anchor.Day = DaysIn(y, m)
		}

		for _, c := range recurring {
			prev := Date{}
			for n := range 50 {
				start := AddCycles(anchor, c, n)
				end := PeriodEnd(anchor, c, n)
				next := AddCycles(anchor, c, n+1)

				if !start.IsValid() || !end.IsValid() {
					t.Fatalf("%v %s n=%d: invalid start %v or end %v", anchor, c, n, start, end)
				}
				if want := referenceAddCycles(anchor, c, n); start != want {
					t.Fatalf("AddCycles(%v, %s, %d) = %v, reference %v", anchor, c, n, start, want)
				}
				if n > 0 && !start.After(prev) {
					t.Fatalf("%v %s: period %d starts %v, not after %v", anchor, c, n, start, prev)
				}
				if end.Before(start) {
					t.Fatalf("%v %s: period %d ends %v before it starts %v", anchor, c, n, end, start)
				}
				if end.AddDays(1) != next {
					t.Fatalf("%v %s: PeriodEnd(%d)+1 = %v, period %d starts %v", anchor, c, n, end.AddDays(1), n+1, next)
				}
				if start.Day != anchor.Day && start.Day != DaysIn(start.Year, start.Month) {
					t.Fatalf("%v %s: period %d starts %v, neither the anchor day nor a month end", anchor, c, n, start)
				}
				if got := PeriodIndex(anchor, c, start); got != n {
					t.Fatalf("PeriodIndex(%v, %s, %v) = %d, expected %d", anchor, c, start, got, n)
				}
				if got := PeriodIndex(anchor, c, end); got != n {
					t.Fatalf("PeriodIndex(%v, %s, %v) = %d, expected %d", anchor, c, end, got, n)
				}
				if got := NextDueDate(anchor, c, start); got != next {
					t.Fatalf("NextDueDate(%v, %s, %v) = %v, expected %v", anchor, c, start, got, next)
				}
				if got := NextDueDate(anchor, c, end); got != next {
					t.Fatalf("NextDueDate(%v, %s, %v) = %v, expected %v", anchor, c, end, got, next)
				}
				prev = start
			}
		}
	}
}

func FuzzAddCycles(f *testing.F) {
	f.Add(2024, 1, 31, uint8(0), 13)
	f.Add(2024, 2, 29, uint8(3), 4)
	f.Add(2025, 8, 31, uint8(1), 2)
	f.Add(2025, 12, 31, uint8(0), -14)
	f.Add(2024, 2, 29, uint8(5), 3)
	f.Add(2026, 1, 30, uint8(0), 1)
	f.Add(2026, 1, 31, uint8(6), 1)
	f.Add(2026, 2, 30, uint8(0), 1)
	f.Add(math.MaxInt/12, 12, 31, uint8(0), 1)
	f.Add(0, 1, 1, uint8(5), math.MaxInt)

	f.Fuzz(func(t *testing.T, year, month, day int, which uint8, n int) {
		all := Cycles()
		c := all[int(which)%len(all)]
		if which >= 200 {
			c = Cycle("fortnightly")
		}
		anchor := Date{Year: year, Month: time.Month(month), Day: day}

		got := AddCycles(anchor, c, n)
		if !got.IsZero() && !got.IsValid() {
			t.Fatalf("AddCycles(%#v, %s, %d) = %#v, an invalid date", anchor, c, n, got)
		}
		if !anchor.IsValid() {
			if !got.IsZero() {
				t.Fatalf("AddCycles(%#v, %s, %d) = %v for an invalid anchor", anchor, c, n, got)
			}
			return
		}
		if n == 0 {
			if got != anchor {
				t.Fatalf("AddCycles(%v, %s, 0) = %v", anchor, c, got)
			}
			return
		}
		if !c.IsRecurring() {
			if !got.IsZero() {
				t.Fatalf("AddCycles(%v, %s, %d) = %v for a non-recurring cycle", anchor, c, n, got)
			}
			return
		}
		if got.IsZero() {
			// only acceptable when the month count overflows int
			if year > -1<<40 && year < 1<<40 && n > -1<<40 && n < 1<<40 {
				t.Fatalf("AddCycles(%v, %s, %d) = zero Date", anchor, c, n)
			}
			return
		}

		if got.Day > anchor.Day || (got.Day != anchor.Day && got.Day != DaysIn(got.Year, got.Month)) {
			t.Fatalf("AddCycles(%v, %s, %d) = %v: bad day clamping", anchor, c, n, got)
		}
		if n > 0 && !got.After(anchor) || n < 0 && !got.Before(anchor) {
			t.Fatalf("AddCycles(%v, %s, %d) = %v: wrong direction", anchor, c, n, got)
		}

		// within time.Time's comfortable range, check against an
		// independent implementation and the period functions
		if year > -1_000_000 && year < 1_000_000 && n > -100_000 && n < 100_000 {
			if want := referenceAddCycles(anchor, c, n); got != want {
				t.Fatalf("AddCycles(%v, %s, %d) = %v, reference %v", anchor, c, n, got, want)
			}
			if n > 0 {
				if idx := PeriodIndex(anchor, c, got); idx != n {
					t.Fatalf("PeriodIndex(%v, %s, %v) = %d, expected %d", anchor, c, got, idx, n)
				}
				if end := PeriodEnd(anchor, c, n-1); end.AddDays(1) != got {
					t.Fatalf("PeriodEnd(%v, %s, %d) = %v, period %d starts %v", anchor, c, n-1, end, n, got)
				}
			}
		}
	})
}
