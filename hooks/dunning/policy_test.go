package dunning_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/hooks/dunning"
	"github.com/ezscale/hostbase/hooks/money"
)

var defaultPolicy = dunning.Policy{RemindBeforeDays: []int{7}, RemindAfterDays: []int{1, 3, 7}, RetryDays: []int{0, 3, 5},
	SuspendAfterDays: 14, TerminateAfterDays: 45}

func TestParsePolicy(t *testing.T) {
	for _, tc := range []struct {
		name, raw string
		want      dunning.Policy
		err       string
	}{
		{"the default settings", `{"remind_before_days":[7],"remind_after_days":[1,3,7],"retry_days":[0,3,5],"suspend_after_days":14,"terminate_after_days":45}`, defaultPolicy, ""},
		{"empty is no dunning", ``, dunning.Policy{}, ""},
		{"null is no dunning", `null`, dunning.Policy{}, ""},
		{"days sorted, repeats dropped", `{"remind_after_days":[7,1,3,1]}`, dunning.Policy{RemindAfterDays: []int{1, 3, 7}}, ""},
		{"terminate without suspending", `{"terminate_after_days":30}`, dunning.Policy{TerminateAfterDays: 30}, ""},
		{"a misspelt key", `{"suspend_after_day":14}`, dunning.Policy{}, "unknown field"},
		{"a reminder on the due date", `{"remind_after_days":[0]}`, dunning.Policy{}, "remind_after_days: 0"},
		{"a negative retry", `{"retry_days":[-1]}`, dunning.Policy{}, "retry_days: -1"},
		{"a typo of a year", `{"suspend_after_days":14000}`, dunning.Policy{}, "suspend_after_days: 14000"},
		{"terminating before suspending", `{"suspend_after_days":14,"terminate_after_days":7}`, dunning.Policy{}, "must come after"},
		{"terminating on the suspension day", `{"suspend_after_days":14,"terminate_after_days":14}`, dunning.Policy{}, "must come after"},
		{"a float", `{"suspend_after_days":1.5}`, dunning.Policy{}, "cannot unmarshal"},
	} {
		got, err := dunning.ParsePolicy([]byte(tc.raw))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: err %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, %v; want %+v", tc.name, got, err, tc.want)
		}
	}
}

// A product's override replaces only the keys it has; the other keys of
// products.overrides belong to other capabilities.
func TestProductPolicy(t *testing.T) {
	for _, tc := range []struct {
		name, overrides string
		want            func(p *dunning.Policy)
		err             string
	}{
		{"no overrides", ``, func(*dunning.Policy) {}, ""},
		{"overrides without dunning", `{"renewal_days_in_advance":3}`, func(*dunning.Policy) {}, ""},
		{"suspension day only", `{"dunning":{"suspend_after_days":5},"renewal_days_in_advance":3}`, func(p *dunning.Policy) { p.SuspendAfterDays = 5 }, ""},
		{"no termination", `{"dunning":{"terminate_after_days":0}}`, func(p *dunning.Policy) { p.TerminateAfterDays = 0 }, ""},
		{"no reminders", `{"dunning":{"remind_after_days":[]}}`, func(p *dunning.Policy) { p.RemindAfterDays = []int{} }, ""},
		{"checked with the base", `{"dunning":{"terminate_after_days":10}}`, nil, "must come after"},
		{"not an object", `{"dunning":[14]}`, nil, "products.overrides.dunning"},
	} {
		got, err := dunning.ProductPolicy(defaultPolicy, []byte(tc.overrides))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: err %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		want := defaultPolicy
		want.RemindAfterDays = append([]int(nil), defaultPolicy.RemindAfterDays...)
		tc.want(&want)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v, %v; want %+v", tc.name, got, err, want)
		}
	}
}

func TestRetryAttempt(t *testing.T) {
	due := money.Date{Year: 2026, Month: 2, Day: 26}
	for _, tc := range []struct {
		name    string
		retry   []int
		asOf    money.Date
		attempt int
		ok      bool
	}{
		{"the due date is attempt 1", []int{0, 3, 5}, due, 1, true},
		{"three days later, attempt 2", []int{0, 3, 5}, money.Date{Year: 2026, Month: 3, Day: 1}, 2, true},
		{"across the month end, attempt 3", []int{0, 3, 5}, money.Date{Year: 2026, Month: 3, Day: 3}, 3, true},
		{"between retry days", []int{0, 3, 5}, money.Date{Year: 2026, Month: 2, Day: 28}, 0, false},
		{"before the due date", []int{0, 3, 5}, money.Date{Year: 2026, Month: 2, Day: 25}, 0, false},
		{"after the last retry", []int{0, 3, 5}, money.Date{Year: 2026, Month: 3, Day: 10}, 0, false},
		{"unsorted days count in order", []int{5, 0, 3}, money.Date{Year: 2026, Month: 3, Day: 1}, 2, true},
		{"no retries", nil, due, 0, false},
	} {
		attempt, ok := dunning.RetryAttempt(dunning.Policy{RetryDays: tc.retry}, due, tc.asOf)
		if attempt != tc.attempt || ok != tc.ok {
			t.Errorf("%s: %d, %v; want %d, %v", tc.name, attempt, ok, tc.attempt, tc.ok)
		}
	}
	if _, ok := dunning.RetryAttempt(defaultPolicy, money.Date{}, due); ok {
		t.Error("an invoice without a due date has no retry days")
	}
}
