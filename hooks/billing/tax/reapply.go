package tax

import "sort"

// Reapply returns an Applied that charges exactly the given rates: the taxes
// of an issued invoice, as its tax lines recorded them, so that its credit
// notes are taxed as it was even after the tax rules changed. Rates apply in
// Priority order; compound ones on the taxes of lower priorities, as in
// Resolve.
func Reapply(rates []Portion) Applied {
	rules := make([]Rule, len(rates))
	for i, p := range rates {
		rules[i] = Rule{ID: p.RuleID, Name: p.Name, RateBP: p.RateBP, Compound: p.Compound, Priority: p.Priority}
	}
	sort.SliceStable(rules, func(i, j int) bool { return rules[i].Priority < rules[j].Priority })
	return Applied{rules: rules}
}
