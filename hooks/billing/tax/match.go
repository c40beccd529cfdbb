package tax

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// match returns the rules that apply to a buyer in country (a valid,
// upper-case code) and state, in application order. The rules must have been
// validated.
//
// A rule applies when its Country is the buyer's or AnyCountry and its State
// is "" or the buyer's (case-insensitively). Among the applying rules of the
// same Priority and the same Name (case-insensitively), only the most
// specific is kept: a State rule over a country-wide rule over an
// AnyCountry rule. Two applying rules of the same Priority, Name and
// specificity are ambiguous and an error (ErrInvalidRule): no tax is charged
// twice, and none is picked at random. Rules of different names, or of
// different priorities, all apply.
//
// The result is ordered by Priority, then Name, then ID, so that it does not
// depend on the order of the rules given.
func match(rules []Rule, country, state string) ([]Rule, error) {
	type key struct {
		priority int
		name     string
	}
	chosen := map[key]int{} // → index in rules
	for i, r := range rules {
		if !r.matches(country, state) {
			continue
		}
		k := key{r.Priority, strings.ToLower(strings.TrimSpace(r.Name))}
		j, seen := chosen[k]
		if !seen {
			chosen[k] = i
			continue
		}
		switch other := rules[j]; cmp.Compare(r.specificity(), other.specificity()) {
		case 1:
			chosen[k] = i
		case 0:
			return nil, fmt.Errorf("%w: %s and %s both apply to %s with priority %d; keep one",
				ErrInvalidRule, other.label(j), r.label(i), place(country, state), r.Priority)
		}
	}

	applied := make([]Rule, 0, len(chosen))
	for _, i := range chosen {
		applied = append(applied, rules[i])
	}
	slices.SortFunc(applied, func(a, b Rule) int {
		return cmp.Or(
			cmp.Compare(a.Priority, b.Priority),
			cmp.Compare(strings.ToLower(strings.TrimSpace(a.Name)), strings.ToLower(strings.TrimSpace(b.Name))),
			cmp.Compare(a.ID, b.ID),
		)
	})
	return applied, nil
}

// place formats a buyer's location for errors: "US/TX" or "DE".
func place(country, state string) string {
	if s := strings.TrimSpace(state); s != "" {
		return country + "/" + s
	}
	return country
}
