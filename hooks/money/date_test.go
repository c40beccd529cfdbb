package money

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata" // the DST tests must not depend on the host's zoneinfo
)

func date(y int, m time.Month, d int) Date { return Date{Year: y, Month: m, Day: d} }

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestNewDateAndIsValid(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		y     int
		m     time.Month
		d     int
		valid bool
	}{
		{2026, 1, 31, true},
		{2024, 2, 29, true},
		{2000, 2, 29, true},
		{1900, 2, 29, false},
		{2026, 2, 29, false},
		{2026, 2, 28, true},
		{2026, 4, 30, true},
		{2026, 4, 31, false},
		{2026, 12, 31, true},
		{2026, 13, 1, false},
		{2026, 0, 1, false},
		{2026, 1, 0, false},
		{2026, 1, 32, false},
		{0, 0, 0, false},
		{0, 2, 29, true}, // year 0 is a leap year
	}

	for _, s := range scenarios {
		d, err := NewDate(s.y, s.m, s.d)
		if s.valid {
			if err != nil || d != date(s.y, s.m, s.d) {
				t.Errorf("NewDate(%d, %d, %d) = %v, %v", s.y, s.m, s.d, d, err)
			}
		} else if !errors.Is(err, ErrInvalidDate) || !d.IsZero() {
			t.Errorf("NewDate(%d, %d, %d) = %v, %v; expected ErrInvalidDate", s.y, s.m, s.d, d, err)
		}
		if got := date(s.y, s.m, s.d).IsValid(); got != s.valid {
			t.Errorf("IsValid(%d, %d, %d) = %v", s.y, s.m, s.d, got)
		}
	}
}

func TestDaysIn(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		y        int
		m        time.Month
		expected int
	}{
		{2026, time.January, 31},
		{2026, time.February, 28},
		{2024, time.February, 29},
		{2000, time.February, 29},
		{1900, time.February, 28},
		{2100, time.February, 28},
		{2026, time.April, 30},
		{2026, time.June, 30},
		{2026, time.September, 30},
		{2026, time.November, 30},
		{2026, time.December, 31},
		{2026, 0, 0},
		{2026, 13, 0},
	}

	for _, s := range scenarios {
		if got := DaysIn(s.y, s.m); got != s.expected {
			t.Errorf("DaysIn(%d, %d) = %d, expected %d", s.y, s.m, got, s.expected)
		}
	}
}

func TestDateOf(t *testing.T) {
	t.Parallel()

	instant := time.Date(2026, 1, 1, 3, 0, 0, 0, time.UTC)

	scenarios := []struct {
		loc      *time.Location
		expected Date
	}{
		{nil, date(2026, 1, 1)},
		{time.UTC, date(2026, 1, 1)},
		{mustLoad(t, "America/New_York"), date(2025, 12, 31)},
		{mustLoad(t, "Asia/Tokyo"), date(2026, 1, 1)},
		{mustLoad(t, "Pacific/Honolulu"), date(2025, 12, 31)},
		{time.FixedZone("x", -3*3600), date(2026, 1, 1)},
		{time.FixedZone("y", -3*3600-1), date(2025, 12, 31)},
	}

	for i, s := range scenarios {
		if got := DateOf(instant, s.loc); got != s.expected {
			t.Errorf("%d: DateOf = %v, expected %v", i, got, s.expected)
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()

	valid := []struct {
		in       string
		expected Date
	}{
		{"2026-01-31", date(2026, 1, 31)},
		{"2024-02-29", date(2024, 2, 29)},
		{"1999-12-31", date(1999, 12, 31)},
		{"0001-01-01", date(1, 1, 1)},
		{"9999-12-31", date(9999, 12, 31)},
	}
	for _, s := range valid {
		got, err := ParseDate(s.in)
		if err != nil || got != s.expected {
			t.Errorf("ParseDate(%q) = %v, %v; expected %v", s.in, got, err, s.expected)
		}
	}

	invalid := []string{
		"", "2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-01-00",
		"2026-04-31", "2026-01-32", "2026-1-31", "26-01-31", "2026/01/31",
		"2026-01-31T00:00:00Z", " 2026-01-31", "2026-01-31 ", "+026-01-31",
		"-026-01-31", "2026-01-3a", "2026-0x-01", "２０２６-01-31", "20260131",
		"2026--1-31",
	}
	for _, in := range invalid {
		if got, err := ParseDate(in); !errors.Is(err, ErrInvalidDate) || !got.IsZero() {
			t.Errorf("ParseDate(%q) = %v, %v; expected ErrInvalidDate", in, got, err)
		}
	}
}

func TestDateString(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		d        Date
		expected string
	}{
		{date(2026, 1, 31), "2026-01-31"},
		{date(5, 3, 7), "0005-03-07"},
		{Date{}, "0000-00-00"},
		{date(-1, 1, 1), "-0001-01-01"},
		{date(12345, 12, 31), "12345-12-31"},
	}

	for _, s := range scenarios {
		if got := s.d.String(); got != s.expected {
			t.Errorf("String(%#v) = %q, expected %q", s.d, got, s.expected)
		}
	}
}

func TestDateCompare(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		a, b     Date
		expected int
	}{
		{date(2026, 1, 31), date(2026, 1, 31), 0},
		{date(2026, 1, 31), date(2026, 2, 1), -1},
		{date(2026, 2, 1), date(2026, 1, 31), 1},
		{date(2025, 12, 31), date(2026, 1, 1), -1},
		{date(2026, 1, 1), date(2025, 12, 31), 1},
		{date(2026, 3, 1), date(2026, 2, 28), 1},
		{Date{}, date(1, 1, 1), -1},
	}

	for _, s := range scenarios {
		if got := s.a.Compare(s.b); got != s.expected {
			t.Errorf("%v.Compare(%v) = %d, expected %d", s.a, s.b, got, s.expected)
		}
		if got := s.a.Before(s.b); got != (s.expected < 0) {
			t.Errorf("%v.Before(%v) = %v", s.a, s.b, got)
		}
		if got := s.a.After(s.b); got != (s.expected > 0) {
			t.Errorf("%v.After(%v) = %v", s.a, s.b, got)
		}
		if got := s.a.Equal(s.b); got != (s.expected == 0) {
			t.Errorf("%v.Equal(%v) = %v", s.a, s.b, got)
		}
	}
}

func TestDateAddDaysAndDaysUntil(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		from     Date
		n        int
		expected Date
	}{
		{date(2026, 1, 31), 0, date(2026, 1, 31)},
		{date(2026, 1, 31), 1, date(2026, 2, 1)},
		{date(2024, 2, 28), 1, date(2024, 2, 29)},
		{date(2024, 2, 28), 2, date(2024, 3, 1)},
		{date(2023, 2, 28), 1, date(2023, 3, 1)},
		{date(1900, 2, 28), 1, date(1900, 3, 1)},
		{date(2000, 2, 28), 1, date(2000, 2, 29)},
		{date(2025, 12, 31), 1, date(2026, 1, 1)},
		{date(2026, 3, 1), -1, date(2026, 2, 28)},
		{date(2024, 3, 1), -1, date(2024, 2, 29)},
		{date(2024, 1, 1), 365, date(2024, 12, 31)},
		{date(2024, 1, 1), 366, date(2025, 1, 1)},
		{date(2025, 1, 1), 365, date(2026, 1, 1)},
		{date(1900, 1, 1), 36524, date(2000, 1, 1)},
		{date(2000, 1, 1), 36525, date(2100, 1, 1)},
		{date(2026, 3, 7), 2, date(2026, 3, 9)},     // US DST starts 2026-03-08
		{date(2026, 10, 24), 2, date(2026, 10, 26)}, // EU DST ends 2026-10-25
		{date(2026, 1, 1), -1, date(2025, 12, 31)},
	}

	for _, s := range scenarios {
		if got := s.from.AddDays(s.n); got != s.expected {
			t.Errorf("%v.AddDays(%d) = %v, expected %v", s.from, s.n, got, s.expected)
		}
		if got := s.from.DaysUntil(s.expected); got != s.n {
			t.Errorf("%v.DaysUntil(%v) = %d, expected %d", s.from, s.expected, got, s.n)
		}
		if got := s.expected.DaysUntil(s.from); got != -s.n {
			t.Errorf("%v.DaysUntil(%v) = %d, expected %d", s.expected, s.from, got, -s.n)
		}
	}

	if got := (Date{}).AddDays(5); !got.IsZero() {
		t.Errorf("zero Date AddDays = %v, expected zero", got)
	}
}

func TestDateAddDaysProperty(t *testing.T) {
	t.Parallel()

	rng := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		y := 1600 + rng.IntN(800)
		m := time.Month(1 + rng.IntN(12))
		d := date(y, m, 1+rng.IntN(DaysIn(y, m)))
		n := rng.IntN(40000) - 20000

		got := d.AddDays(n)
		if !got.IsValid() {
			t.Fatalf("%v.AddDays(%d) = %v is invalid", d, n, got)
		}
		if back := got.AddDays(-n); back != d {
			t.Fatalf("%v.AddDays(%d).AddDays(%d) = %v", d, n, -n, back)
		}
		if days := d.DaysUntil(got); days != n {
			t.Fatalf("%v.DaysUntil(%v) = %d, expected %d", d, got, days, n)
		}
		if next := d.AddDays(1); next.Compare(d) != 1 || (next.Day != d.Day+1 && next.Day != 1) {
			t.Fatalf("%v.AddDays(1) = %v", d, next)
		}
	}
}

func TestDateStart(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		zone     string
		d        Date
		expected string // RFC 3339 in UTC
	}{
		{"UTC", date(2026, 1, 31), "2026-01-31T00:00:00Z"},
		{"America/New_York", date(2026, 1, 31), "2026-01-31T05:00:00Z"},
		{"America/New_York", date(2026, 3, 8), "2026-03-08T05:00:00Z"},  // DST at 02:00: midnight exists
		{"America/New_York", date(2026, 3, 9), "2026-03-09T04:00:00Z"},  // first day in EDT
		{"America/New_York", date(2026, 11, 1), "2026-11-01T04:00:00Z"}, // still EDT at midnight
		{"Europe/Berlin", date(2026, 3, 29), "2026-03-28T23:00:00Z"},
		{"Europe/Berlin", date(2026, 3, 30), "2026-03-29T22:00:00Z"},
		{"Asia/Kolkata", date(2026, 1, 1), "2025-12-31T18:30:00Z"},
		// midnight does not exist: the day starts at 01:00 local time
		{"America/Sao_Paulo", date(2018, 11, 4), "2018-11-04T03:00:00Z"}, // 01:00 -02
		{"America/Santiago", date(2022, 9, 11), "2022-09-11T04:00:00Z"},  // 01:00 -03
		{"America/Havana", date(2023, 3, 12), "2023-03-12T05:00:00Z"},    // 01:00 CDT
		{"Asia/Beirut", date(2023, 3, 26), "2023-03-25T22:00:00Z"},       // 01:00 EEST
		// a day that never happened in Samoa: the start of the next day
		{"Pacific/Apia", date(2011, 12, 29), "2011-12-29T10:00:00Z"},
		{"Pacific/Apia", date(2011, 12, 30), "2011-12-30T10:00:00Z"},
		{"Pacific/Apia", date(2011, 12, 31), "2011-12-30T10:00:00Z"},
	}

	for _, s := range scenarios {
		t.Run(s.zone+"_"+s.d.String(), func(t *testing.T) {
			got := s.d.Start(mustLoad(t, s.zone)).UTC().Format(time.RFC3339)
			if got != s.expected {
				t.Fatalf("expected %s, got %s", s.expected, got)
			}
		})
	}

	if got := date(2026, 1, 31).Start(nil); !got.Equal(time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Start(nil) = %v, expected midnight UTC", got)
	}
}

func TestDateStartEveryDay(t *testing.T) {
	t.Parallel()

	zones := []string{
		"America/New_York", "Europe/London", "Europe/Berlin", "America/Sao_Paulo",
		"America/Santiago", "America/Havana", "Asia/Beirut", "Australia/Lord_Howe",
		"Pacific/Apia", "Asia/Tehran", "Africa/Casablanca",
	}

	for _, zone := range zones {
		loc := mustLoad(t, zone)
		prev := date(2009, 12, 31).Start(loc)
		for d := date(2010, 1, 1); d.Before(date(2026, 1, 1)); d = d.AddDays(1) {
			start := d.Start(loc)
			if !start.After(prev) && !(zone == "Pacific/Apia" && d == date(2011, 12, 31)) {
				t.Fatalf("%s: %v starts at %v, not after the previous day's %v", zone, d, start, prev)
			}
			if got := DateOf(start, loc); got.Before(d) {
				t.Fatalf("%s: %v starts at %v, which is %v there", zone, d, start, got)
			} else if got != d && !(zone == "Pacific/Apia" && d == date(2011, 12, 30)) {
				t.Fatalf("%s: %v starts at %v, which is %v there", zone, d, start, got)
			}
			if before := DateOf(start.Add(-time.Nanosecond), loc); !before.Before(d) {
				t.Fatalf("%s: the instant before %v's start is already %v", zone, d, before)
			}
			prev = start
		}
	}
}

func TestDateJSON(t *testing.T) {
	t.Parallel()

	type doc struct {
		Due Date `json:"due"`
	}

	marshal := []struct {
		d        Date
		expected string
		err      bool
	}{
		{date(2026, 1, 31), `{"due":"2026-01-31"}`, false},
		{Date{}, `{"due":""}`, false},
		{date(2026, 2, 30), "", true},
	}
	for _, s := range marshal {
		got, err := json.Marshal(doc{Due: s.d})
		if s.err {
			if !errors.Is(err, ErrInvalidDate) {
				t.Errorf("Marshal(%#v): expected ErrInvalidDate, got %s, %v", s.d, got, err)
			}
			continue
		}
		if err != nil || string(got) != s.expected {
			t.Errorf("Marshal(%#v) = %s, %v; expected %s", s.d, got, err, s.expected)
		}
	}

	unmarshal := []struct {
		raw      string
		expected Date
		err      bool
	}{
		{`{"due":"2026-01-31"}`, date(2026, 1, 31), false},
		{`{"due":""}`, Date{}, false},
		{`{"due":null}`, date(1999, 1, 1), false}, // unchanged
		{`{}`, date(1999, 1, 1), false},           // unchanged
		{`{"due":"2026-02-29"}`, Date{}, true},
		{`{"due":"2026-01-31T00:00:00Z"}`, Date{}, true},
		{`{"due":20260131}`, Date{}, true},
		{`{"due":{"Year":2026,"Month":1,"Day":31}}`, Date{}, true},
	}
	for _, s := range unmarshal {
		v := doc{Due: date(1999, 1, 1)}
		err := json.Unmarshal([]byte(s.raw), &v)
		if s.err {
			if !errors.Is(err, ErrInvalidDate) {
				t.Errorf("Unmarshal(%s): expected ErrInvalidDate, got %v, %v", s.raw, v.Due, err)
			}
			continue
		}
		if err != nil || v.Due != s.expected {
			t.Errorf("Unmarshal(%s) = %v, %v; expected %v", s.raw, v.Due, err, s.expected)
		}
	}
}
