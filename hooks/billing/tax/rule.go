package tax

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidRule is returned (wrapped with the rule and the reason) by
// Resolve for a rule that cannot be applied, or for two rules that claim the
// same tax of the same buyer.
var ErrInvalidRule = errors.New("tax: invalid tax rule")

// MaxRateBP is the highest rate a Rule may have: 10000 basis points (100%).
// No sales tax or VAT comes near it, so a higher rate is a typing mistake
// (19% entered as 190000).
const MaxRateBP = 10000

// AnyCountry is the Rule.Country of a rule that applies to buyers in every
// country.
const AnyCountry = "*"

// Rule is one tax the shop charges, a record of the tax_rules collection:
// e.g. {Country: "DE", Name: "VAT", RateBP: 1900, Priority: 1}.
type Rule struct {
	// ID identifies the rule (the record id); it is copied to each Portion.
	ID string

	// Country is the ISO 3166-1 alpha-2 code of the buyers the rule applies
	// to, in any case, or AnyCountry ("*") for every buyer.
	Country string

	// State is the buyer's state or province the rule is limited to
	// ("TX", "QC"), compared case-insensitively; "" is the whole country.
	State string

	// Name is what the invoice calls the tax: "VAT", "GST", "Sales tax".
	Name string

	// RateBP is the rate in basis points, 0 to MaxRateBP (19% = 1900).
	RateBP int64

	// Compound, when set, taxes the net amount plus the taxes of every
	// applied rule of a lower Priority (a tax on tax); otherwise the rule
	// taxes the net amount only.
	Compound bool

	// Priority orders the applied rules, lowest first, and decides which
	// taxes a compound rule is levied on.
	Priority int
}

// specificity ranks how closely a rule matches: a state rule (2) beats a
// country-wide rule (1), which beats an any-country rule (0).
func (r Rule) specificity() int {
	switch {
	case strings.TrimSpace(r.State) != "":
		return 2
	case strings.TrimSpace(r.Country) != AnyCountry:
		return 1
	default:
		return 0
	}
}

// matches reports whether r applies to a buyer in country (a valid,
// upper-case code) and state.
func (r Rule) matches(country, state string) bool {
	rc := strings.TrimSpace(r.Country)
	if rc != AnyCountry && !strings.EqualFold(rc, country) {
		return false
	}
	rs := strings.TrimSpace(r.State)
	return rs == "" || strings.EqualFold(rs, strings.TrimSpace(state))
}

// validate checks the fields of the rule at index i of a rule list.
func (r Rule) validate(i int) error {
	var problem string
	switch c := strings.TrimSpace(r.Country); {
	case c != AnyCountry && !isCountryCode(c):
		problem = fmt.Sprintf("country %q must be an ISO 3166-1 alpha-2 code or %q", r.Country, AnyCountry)
	case c == AnyCountry && strings.TrimSpace(r.State) != "":
		problem = fmt.Sprintf("state %q needs a country, not %q", r.State, AnyCountry)
	case strings.TrimSpace(r.Name) == "":
		problem = "the name is empty"
	case r.RateBP < 0 || r.RateBP > MaxRateBP:
		problem = fmt.Sprintf("rate %d basis points must be between 0 and %d", r.RateBP, MaxRateBP)
	default:
		return nil
	}
	return fmt.Errorf("%w: %s: %s", ErrInvalidRule, r.label(i), problem)
}

// label names the rule at index i in errors: its ID and name, or its
// position when it has no ID.
func (r Rule) label(i int) string {
	if r.ID == "" {
		return fmt.Sprintf("rule #%d (%s)", i, r.Name)
	}
	return fmt.Sprintf("rule %q (%s)", r.ID, r.Name)
}

// isCountryCode reports whether s is two ASCII letters.
func isCountryCode(s string) bool {
	if len(s) != 2 {
		return false
	}
	for i := range 2 {
		c := s[i] | 0x20 // lower-case
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
