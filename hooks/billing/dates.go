package billing

import (
	"fmt"

	"github.com/ezscale/hostbase/hooks/money"
)

// Billing dates (due dates, invoice dates, service periods) are calendar days
// in the company's timezone. They are stored in PocketBase date fields as
// that day at midnight UTC, so that the stored text starts with the day
// itself and sorts and compares as the day does.

// storedDate is how a billing day is stored.
func storedDate(d money.Date) string {
	return fmt.Sprintf("%04d-%02d-%02d 00:00:00.000Z", d.Year, int(d.Month), d.Day)
}

// parseStoredDate reads a billing day from a stored date ("" → zero Date).
func parseStoredDate(s string) (money.Date, error) {
	if s == "" {
		return money.Date{}, nil
	}
	if len(s) < 10 {
		return money.Date{}, fmt.Errorf("billing: malformed date %q", s)
	}
	return money.ParseDate(s[:10])
}

// StoredDate is how a billing day is stored in a date field.
func StoredDate(d money.Date) string { return storedDate(d) }

// DayOf reads the billing day of a stored date field ("" → zero Date).
func DayOf(stored string) money.Date {
	d, _ := parseStoredDate(stored)
	return d
}
