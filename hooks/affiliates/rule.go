package affiliates

import (
	"encoding/json"
	"fmt"

	"github.com/ezscale/hostbase/hooks/money"
)

// Commission kinds.
const (
	KindPercent = "percent"
	KindFixed   = "fixed"
)

// Rule is how a commission is computed: a percentage in basis points of
// the amount excluding tax, or a fixed amount per currency (minor units).
type Rule struct {
	Kind      string           `json:"kind"`
	PercentBP int64            `json:"percent_bp"`
	Fixed     map[string]int64 `json:"fixed"`
}

// Validate refuses a rule that cannot be applied, naming the key at fault.
func (r Rule) Validate() error {
	switch r.Kind {
	case KindPercent:
		if r.PercentBP < 0 || r.PercentBP > money.BasisPoints {
			return fmt.Errorf("percent_bp: between 0 and 10000 basis points (100%%), not %d", r.PercentBP)
		}
	case KindFixed:
		for cur, v := range r.Fixed {
			if !money.IsKnownCurrency(cur) || v < 0 {
				return fmt.Errorf("fixed: %q: a currency code with an amount of minor units, zero or more", cur)
			}
		}
	default:
		return fmt.Errorf("kind: %q or %q, not %q", KindPercent, KindFixed, r.Kind)
	}
	return nil
}

// ParseRule reads a product's or an affiliate's commission override; an
// empty value is no override (ok false).
func ParseRule(raw []byte) (rule Rule, ok bool, err error) {
	if len(raw) == 0 || string(raw) == "null" || string(raw) == "{}" || string(raw) == `""` {
		return Rule{}, false, nil
	}
	if err := json.Unmarshal(raw, &rule); err != nil {
		return Rule{}, false, err
	}
	return rule, true, rule.Validate()
}
