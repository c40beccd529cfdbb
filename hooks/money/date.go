package money

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// ErrInvalidDate is returned (wrapped with details) for text that is not a
// real calendar date in the form YYYY-MM-DD, and for invalid Date values.
var ErrInvalidDate = errors.New("money: invalid date")

// Date is a civil calendar date with no time of day and no time zone, as
// printed on an invoice: billing dates are days in the company's time zone.
//
// The zero Date (0000-00-00) means "no date". A Date is valid when Month is
// 1–12 and Day is within that month (proleptic Gregorian calendar). The
// comparison methods work on any value; AddDays, DaysUntil and Start
// normalise an invalid date the way time.Date does (February 30 is March 1
// or 2), while the billing-period functions (AddCycles, PeriodIndex, …)
// refuse it. Day arithmetic is exact for any year time.Time can represent.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the given date, or an error wrapping ErrInvalidDate if it
// does not exist (e.g. 2026-02-29).
func NewDate(year int, month time.Month, day int) (Date, error) {
	d := Date{Year: year, Month: month, Day: day}
	if !d.IsValid() {
		return Date{}, fmt.Errorf("%w: %s does not exist", ErrInvalidDate, d)
	}
	return d, nil
}

// DateOf returns the calendar date of instant t as seen in loc, e.g. the
// billing day of "now" in the company's time zone. A nil loc means UTC.
func DateOf(t time.Time, loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses exactly "YYYY-MM-DD" (ASCII digits, years 0000–9999) and
// refuses any other layout, time part or date that does not exist, with an
// error wrapping ErrInvalidDate.
func ParseDate(s string) (Date, error) {
	bad := func(why string) (Date, error) {
		return Date{}, fmt.Errorf("%w %q: %s", ErrInvalidDate, shorten(s), why)
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return bad("expected YYYY-MM-DD")
	}
	if !allDigits(s[0:4]) || !allDigits(s[5:7]) || !allDigits(s[8:10]) {
		return bad("expected YYYY-MM-DD")
	}
	y, _ := strconv.Atoi(s[0:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:10])
	date := Date{Year: y, Month: time.Month(m), Day: d}
	if !date.IsValid() {
		return bad("no such day")
	}
	return date, nil
}

// DaysIn returns the number of days in month of year (28–31) in the
// proleptic Gregorian calendar, or 0 if month is not 1–12.
func DaysIn(year int, month time.Month) int {
	switch month {
	case time.January, time.March, time.May, time.July, time.August, time.October, time.December:
		return 31
	case time.April, time.June, time.September, time.November:
		return 30
	case time.February:
		if isLeap(year) {
			return 29
		}
		return 28
	default:
		return 0
	}
}

func isLeap(year int) bool {
	return year%4 == 0 && (year%100 != 0 || year%400 == 0)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool {
	return d == Date{}
}

// IsValid reports whether d is a real calendar day. The zero Date is not
// valid.
func (d Date) IsValid() bool {
	return d.Day >= 1 && d.Day <= DaysIn(d.Year, d.Month)
}

// String returns d as "YYYY-MM-DD", e.g. "2026-01-31".
func (d Date) String() string {
	b := make([]byte, 0, 10)
	b = appendPadded(b, d.Year, 4)
	b = append(b, '-')
	b = appendPadded(b, int(d.Month), 2)
	b = append(b, '-')
	b = appendPadded(b, d.Day, 2)
	return string(b)
}

func appendPadded(b []byte, n int, width int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// Compare returns -1 if d is before other, 0 if they are the same day and +1
// if d is after other.
func (d Date) Compare(other Date) int {
	switch {
	case d.Year != other.Year:
		return cmpInt(d.Year, other.Year)
	case d.Month != other.Month:
		return cmpInt(int(d.Month), int(other.Month))
	default:
		return cmpInt(d.Day, other.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	default:
		return 0
	}
}

// Before reports whether d is before other.
func (d Date) Before(other Date) bool {
	return d.Compare(other) < 0
}

// After reports whether d is after other.
func (d Date) After(other Date) bool {
	return d.Compare(other) > 0
}

// Equal reports whether d and other are the same day.
func (d Date) Equal(other Date) bool {
	return d == other
}

// AddDays returns the date n calendar days after d (before it when n is
// negative), across month, year and leap-day boundaries. The zero Date stays
// zero.
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	return DateOf(d.noonUTC().AddDate(0, 0, n), time.UTC)
}

// DaysUntil returns the number of calendar days from d to other: 1 from
// 2026-01-31 to 2026-02-01, 366 across a leap year, negative when other is
// before d. It counts days, not hours, so DST changes never affect it.
func (d Date) DaysUntil(other Date) int {
	// both instants are at noon UTC, so the difference is an exact number
	// of 86400-second days (UTC has no DST; Go time has no leap seconds)
	return int((other.noonUTC().Unix() - d.noonUTC().Unix()) / 86400)
}

// noonUTC returns noon UTC on d, an instant that is unambiguous in every
// calendar computation.
func (d Date) noonUTC() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

// Start returns the first instant of d in loc: normally midnight. A nil loc
// means UTC.
//
// On a day whose midnight does not exist because clocks jump forward at
// 00:00 (e.g. America/Sao_Paulo on 2018-11-04, America/Santiago,
// America/Havana, Asia/Beirut), Start returns the instant the day actually
// begins, 01:00 local time. This deliberately differs from
// time.Date(y, m, d, 0, 0, 0, 0, loc), which for such days may return 23:00
// on the previous day (Sao Paulo, Santiago, Havana) or 01:00 (Beirut).
// For a day that a zone skipped entirely (Pacific/Apia, 2011-12-30), Start
// returns the start of the next day that exists, which is also the end of
// the previous one. So DateOf(d.Start(loc), loc) is never before d, and
// d.Start(loc) <= d.AddDays(1).Start(loc).
//
// Where midnight happens twice (clocks go back from 00:00 to 23:00 of the
// previous day) Start returns whichever midnight time.Date picks; Go does not
// guarantee which.
func (d Date) Start(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
	// time.Date resolved a missing midnight to the previous day: the day
	// starts where the zone period containing t ends
	for i := 0; i < 4 && DateOf(t, loc).Before(d); i++ {
		_, end := t.ZoneBounds()
		if end.IsZero() {
			break
		}
		t = end
	}
	return t
}

// MarshalJSON implements json.Marshaler as "YYYY-MM-DD"; the zero Date is "".
// An invalid non-zero Date is an error wrapping ErrInvalidDate.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte(`""`), nil
	}
	if !d.IsValid() {
		return nil, fmt.Errorf("%w: %s does not exist", ErrInvalidDate, d)
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON implements json.Unmarshaler for "YYYY-MM-DD" (see ParseDate);
// "" decodes to the zero Date and null leaves d unchanged.
func (d *Date) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("%w: expected a \"YYYY-MM-DD\" string, got %s", ErrInvalidDate, shorten(string(data)))
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	parsed, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
