package numbering

import (
	"fmt"
	"strconv"

	"github.com/ezscale/hostbase/hooks/money"
)

// Format returns the document number for sequence seq issued on the civil
// date issued (the day in the company's time zone): Format(42, 2026-03-09)
// of "INV-{YYYY}-{SEQ:6}" is "INV-2026-000042".
//
// {SEQ:n} pads with zeros to n digits; a sequence wider than n is printed in
// full, never truncated ({SEQ:3} of 12345 is "12345"). {YY} is the year
// modulo 100, and {YYYY}, {MM} and {DD} are zero-padded to 4, 2 and 2 digits.
//
// These are programming errors, and Format panics on them: seq < 1 (a series
// starts at 1), p is the zero Pattern, and, when p prints part of the date,
// issued is not a valid date in years 0–9999. issued is not used otherwise,
// so a pattern without date tokens may be given the zero Date.
func (p Pattern) Format(seq int64, issued money.Date) string {
	if len(p.segments) == 0 {
		panic("numbering: Format on the zero Pattern; build it with ParsePattern")
	}
	if seq < 1 {
		panic(fmt.Sprintf("numbering: sequence %d; a sequence starts at 1", seq))
	}
	if p.hasDate() {
		mustBeValid(issued)
	}

	b := make([]byte, 0, p.MaxLen())
	for _, s := range p.segments {
		switch s.kind {
		case literal:
			b = append(b, s.text...)
		case year4:
			b = appendPadded(b, int64(issued.Year), 4)
		case year2:
			b = appendPadded(b, int64(issued.Year%100), 2)
		case month2:
			b = appendPadded(b, int64(issued.Month), 2)
		case day2:
			b = appendPadded(b, int64(issued.Day), 2)
		case sequence:
			b = appendPadded(b, seq, s.pad)
		}
	}
	return string(b)
}

// Period returns the key of the sequence period a document issued on issued
// belongs to: "" when numbers never reset (one sequence forever), else the
// 4-digit year of issued, e.g. "2026", so that the caller keeps one counter
// per (series, period) and starts each year at 1.
//
// issued must be the civil date in the company's time zone, the same date
// given to Format. With yearlyReset, Period panics when issued is not a valid
// date in years 0–9999.
func (p Pattern) Period(issued money.Date, yearlyReset bool) string {
	if !yearlyReset {
		return ""
	}
	mustBeValid(issued)
	return string(appendPadded(nil, int64(issued.Year), 4))
}

// mustBeValid panics unless d is a real day in years 0–9999.
func mustBeValid(d money.Date) {
	if !d.IsValid() || d.Year < 0 || d.Year > 9999 {
		panic(fmt.Sprintf("numbering: issue date %s is not a valid date in years 0000–9999", d))
	}
}

// appendPadded appends n >= 0 in decimal, left-padded with zeros to width.
func appendPadded(b []byte, n int64, width int) []byte {
	digits := strconv.FormatInt(n, 10)
	for i := len(digits); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, digits...)
}
