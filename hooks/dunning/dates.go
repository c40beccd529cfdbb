package dunning

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
)

// Billing days (due dates, the days steps happen on) are stored as the day
// at midnight UTC, as the billing engine stores them, so the stored text
// starts with the day and compares as the day does.

func storedDate(d money.Date) string {
	return fmt.Sprintf("%04d-%02d-%02d 00:00:00.000Z", d.Year, int(d.Month), d.Day)
}

func parseStoredDate(s string) (money.Date, error) {
	if len(s) < 10 {
		return money.Date{}, fmt.Errorf("dunning: malformed date %q", s)
	}
	return money.ParseDate(s[:10])
}

// humanDay is a day as the customer reads it: "14 March 2026".
func humanDay(d money.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year)
}

// humanTime is the day of a moment in the company's timezone.
func humanTime(t types.DateTime, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return humanDay(money.DateOf(t.Time(), loc))
}

// companyLocation is the company's timezone (settings.timezone), for code
// outside a billing run, which carries its own.
func companyLocation(app core.App) (*time.Location, error) {
	rec, err := app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		return nil, fmt.Errorf("dunning: read settings: %w", err)
	}
	loc, err := time.LoadLocation(collections.WrapCompanySettings(rec).Timezone())
	if err != nil {
		return nil, fmt.Errorf("settings.timezone: %w", err)
	}
	return loc, nil
}
