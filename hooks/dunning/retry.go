package dunning

import "github.com/ezscale/hostbase/hooks/money"

// RetryAttempt reports whether asOf is one of the policy's retry days for an
// invoice due on dueOn, and which attempt that is: asOf = dueOn +
// RetryDays[i] is attempt i+1. The payments package charges on those days
// and keys each charge by the attempt, so a repeated run charges once.
func RetryAttempt(p Policy, dueOn, asOf money.Date) (attempt int, ok bool) {
	if dueOn.IsZero() {
		return 0, false
	}
	for i, d := range sortedDays(p.RetryDays) {
		if dueOn.AddDays(d).Equal(asOf) {
			return i + 1, true
		}
	}
	return 0, false
}
