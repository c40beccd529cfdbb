package proration

import (
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/money"
)

// civilDays returns the day number of a valid date (1970-01-01 is 0), by
// Howard Hinnant's days_from_civil: an independent check of the day counts.
func civilDays(d money.Date) int64 {
	y, m := int64(d.Year), int64(d.Month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + int64(d.Day) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func usable(d money.Date) bool {
	return d.IsValid() && d.Year >= 0 && d.Year <= 9999
}

// checkRounded fails unless got is a × num / den rounded half-even: within
// half a minor unit of the exact rational, and even on a tie. That is
// stricter than "within one minor unit".
func checkRounded(t *testing.T, what string, got, a int64, num, den int) {
	t.Helper()
	exact := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(a), big.NewInt(int64(num))), big.NewInt(int64(den)))
	diff := new(big.Rat).Sub(new(big.Rat).SetInt64(got), exact)
	dist := new(big.Rat).Abs(diff)
	if dist.Cmp(big.NewRat(1, 1)) > 0 {
		t.Fatalf("%s %d is more than one minor unit from %s", what, got, exact.RatString())
	}
	switch dist.Cmp(big.NewRat(1, 2)) {
	case 1:
		t.Fatalf("%s %d is not the nearest integer to %s", what, got, exact.RatString())
	case 0:
		if got%2 != 0 {
			t.Fatalf("%s %d: the tie %s must go to the even integer", what, got, exact.RatString())
		}
	}
}

// FuzzCompute: Compute never panics, refuses exactly the invalid changes,
// and otherwise counts the days right and rounds each amount half-even,
// never above its price. Run it with
//
//	go test -run '^$' -fuzz FuzzCompute -fuzztime 20s ./hooks/billing/proration/
func FuzzCompute(f *testing.F) {
	// year, month, day of the period start; the period's length - 1 and
	// the change's offset from the start, in days; the two prices
	f.Add(2026, 1, 1, 30, 15, int64(1000), int64(2000))
	f.Add(2028, 2, 1, 28, 28, int64(2900), int64(5800))
	f.Add(2026, 3, 1, 1095, 730, int64(35964), int64(71928))
	f.Add(2026, 4, 1, 29, 15, int64(1001), int64(1003))
	f.Add(2026, 1, 1, 364, 0, int64(9223372036854775807), int64(0))
	f.Add(2026, 1, 31, 0, 0, int64(1), int64(3))
	f.Add(2026, 1, 31, -1, 0, int64(1), int64(3))     // ends before it starts
	f.Add(2026, 1, 1, 30, 31, int64(1), int64(3))     // change after the period
	f.Add(2026, 1, 1, 30, -1, int64(1), int64(3))     // change before the period
	f.Add(2026, 2, 29, 30, 1, int64(1), int64(3))     // no such day
	f.Add(9999, 12, 31, 1, 0, int64(1), int64(3))     // ends in year 10000
	f.Add(0, 1, 1, 400, 200, int64(-1), int64(3))     // negative price
	f.Add(2026, 13, 1, 30, 1, int64(1), int64(-3))    // no such month
	f.Add(-5, 0, -3, -9, 99999, int64(-1), int64(-9)) // garbage

	f.Fuzz(func(t *testing.T, y, m, d, span, offset int, oldPrice, newPrice int64) {
		start := money.Date{Year: y, Month: time.Month(m), Day: d}
		end := money.Date{Year: y, Month: time.Month(m), Day: d + span}
		on := money.Date{Year: y, Month: time.Month(m), Day: d + offset}
		if usable(start) && span > -1_000_000 && span < 1_000_000 && offset > -1_000_000 && offset < 1_000_000 {
			// real dates around the start, across months and years
			end, on = start.AddDays(span), start.AddDays(offset)
		}
		c := Change{PeriodStart: start, PeriodEnd: end, On: on, OldPrice: oldPrice, NewPrice: newPrice}

		r, err := Compute(c)

		valid := usable(start) && usable(end) && usable(on) &&
			!end.Before(start) && !on.Before(start) && !on.After(end) &&
			oldPrice >= 0 && newPrice >= 0
		if !valid {
			if !errors.Is(err, ErrInvalidChange) {
				t.Fatalf("Compute(%+v) = %+v, %v; want ErrInvalidChange", c, r, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Compute(%+v): %v", c, err)
		}

		total := civilDays(end) - civilDays(start) + 1
		remaining := civilDays(end) - civilDays(on) + 1
		if int64(r.TotalDays) != total || int64(r.RemainingDays) != remaining {
			t.Fatalf("Compute(%+v) = %d of %d days, want %d of %d", c, r.RemainingDays, r.TotalDays, remaining, total)
		}
		if r.RemainingDays < 1 || r.RemainingDays > r.TotalDays {
			t.Fatalf("Compute(%+v): %d of %d days", c, r.RemainingDays, r.TotalDays)
		}
		if r.Credit < 0 || r.Credit > oldPrice || r.Charge < 0 || r.Charge > newPrice {
			t.Fatalf("Compute(%+v) = %+v: an amount outside [0, price]", c, r)
		}
		if r.Net != r.Charge-r.Credit {
			t.Fatalf("Compute(%+v) = %+v: Net is not Charge - Credit", c, r)
		}
		checkRounded(t, "credit", r.Credit, oldPrice, r.RemainingDays, r.TotalDays)
		checkRounded(t, "charge", r.Charge, newPrice, r.RemainingDays, r.TotalDays)
		if on == start && (r.Credit != oldPrice || r.Charge != newPrice) {
			t.Fatalf("Compute(%+v) = %+v: a change on the first day is the full period", c, r)
		}
	})
}
