package dunning

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// Policy is when dunning acts, in days relative to an invoice's due date.
// A zero SuspendAfterDays or TerminateAfterDays means never.
type Policy struct {
	// RemindBeforeDays are the days before the due date a reminder goes out
	// (sent by the billing run).
	RemindBeforeDays []int `json:"remind_before_days"`
	// RemindAfterDays are the days after the due date an overdue notice
	// goes out.
	RemindAfterDays []int `json:"remind_after_days"`
	// RetryDays are the days after the due date a failed automatic payment
	// is tried again; 0 is the due date itself.
	RetryDays          []int `json:"retry_days"`
	SuspendAfterDays   int   `json:"suspend_after_days"`
	TerminateAfterDays int   `json:"terminate_after_days"`
	// SuspendOnDispute suspends the services of a disputed invoice as soon
	// as the chargeback opens (the payments package acts on it).
	SuspendOnDispute bool `json:"suspend_on_dispute"`
}

// maxDays bounds every day of a policy: ten years catches a typo such as
// 1400 for 14 without refusing any real policy.
const maxDays = 3650

// override is a partial policy: the keys present replace the base's.
type override struct {
	RemindBeforeDays   *[]int `json:"remind_before_days"`
	RemindAfterDays    *[]int `json:"remind_after_days"`
	RetryDays          *[]int `json:"retry_days"`
	SuspendAfterDays   *int   `json:"suspend_after_days"`
	TerminateAfterDays *int   `json:"terminate_after_days"`
	SuspendOnDispute   *bool  `json:"suspend_on_dispute"`
}

// ParsePolicy reads a policy in the shape of settings.dunning. Empty or
// null JSON is the zero policy: no reminders, no suspension, no
// termination. Unknown keys are refused: a misspelt key would otherwise
// silently leave services running, or suspend them.
func ParsePolicy(raw []byte) (Policy, error) {
	return applyOverride(Policy{}, raw)
}

// applyOverride returns base with the keys present in raw replaced, and
// checks the result.
func applyOverride(base Policy, raw []byte) (Policy, error) {
	p := base
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return p, p.validate()
	}
	var o override
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		return Policy{}, fmt.Errorf("dunning policy: %w", err)
	}
	if o.RemindBeforeDays != nil {
		p.RemindBeforeDays = *o.RemindBeforeDays
	}
	if o.RemindAfterDays != nil {
		p.RemindAfterDays = *o.RemindAfterDays
	}
	if o.RetryDays != nil {
		p.RetryDays = *o.RetryDays
	}
	if o.SuspendAfterDays != nil {
		p.SuspendAfterDays = *o.SuspendAfterDays
	}
	if o.TerminateAfterDays != nil {
		p.TerminateAfterDays = *o.TerminateAfterDays
	}
	if o.SuspendOnDispute != nil {
		p.SuspendOnDispute = *o.SuspendOnDispute
	}
	p.RemindBeforeDays = sortedDays(p.RemindBeforeDays)
	p.RemindAfterDays = sortedDays(p.RemindAfterDays)
	p.RetryDays = sortedDays(p.RetryDays)
	return p, p.validate()
}

// sortedDays returns days ascending without repeats, so that "the latest
// reminder due" and "retry attempt n" have one meaning.
func sortedDays(days []int) []int {
	out := slices.Clone(days)
	slices.Sort(out)
	return slices.Compact(out)
}

func (p Policy) validate() error {
	lists := []struct {
		name string
		days []int
		min  int
	}{
		{"remind_before_days", p.RemindBeforeDays, 1},
		{"remind_after_days", p.RemindAfterDays, 1},
		{"retry_days", p.RetryDays, 0},
	}
	for _, l := range lists {
		for _, d := range l.days {
			if d < l.min || d > maxDays {
				return fmt.Errorf("dunning policy: %s: %d is not between %d and %d", l.name, d, l.min, maxDays)
			}
		}
	}
	for name, d := range map[string]int{"suspend_after_days": p.SuspendAfterDays, "terminate_after_days": p.TerminateAfterDays} {
		if d < 0 || d > maxDays {
			return fmt.Errorf("dunning policy: %s: %d is not between 0 (never) and %d", name, d, maxDays)
		}
	}
	if p.SuspendAfterDays > 0 && p.TerminateAfterDays > 0 && p.TerminateAfterDays <= p.SuspendAfterDays {
		return fmt.Errorf("dunning policy: terminate_after_days (%d) must come after suspend_after_days (%d)", p.TerminateAfterDays, p.SuspendAfterDays)
	}
	return nil
}

// LoadPolicy reads the company's policy from settings.dunning.
func LoadPolicy(app core.App) (Policy, error) {
	rec, err := app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		return Policy{}, fmt.Errorf("dunning: read settings: %w", err)
	}
	p, err := ParsePolicy(collections.WrapCompanySettings(rec).DunningJSON())
	if err != nil {
		return Policy{}, fmt.Errorf("settings.dunning: %w", err)
	}
	return p, nil
}

// ProductPolicy returns base with the product's override
// (products.overrides.dunning, same shape, keys present override) applied.
func ProductPolicy(base Policy, overrides []byte) (Policy, error) {
	if len(bytes.TrimSpace(overrides)) == 0 {
		return base, nil
	}
	// The other keys of overrides belong to other capabilities.
	var all struct {
		Dunning json.RawMessage `json:"dunning"`
	}
	if err := json.Unmarshal(overrides, &all); err != nil {
		return Policy{}, fmt.Errorf("products.overrides: %w", err)
	}
	p, err := applyOverride(base, all.Dunning)
	if err != nil {
		return Policy{}, fmt.Errorf("products.overrides.dunning: %w", err)
	}
	return p, nil
}
