package affiliates

import (
	"sort"

	"github.com/ezscale/hostbase/hooks/money"
)

// Line is an invoice line as a commission sees it.
type Line struct {
	// Net is the line's amount excluding tax, in minor units; discounts and
	// credits are negative.
	Net int64
	// Product is the product the line sells ("" for a line tied to no
	// service: an order-wide discount, an adjustment).
	Product string
}

// Compute is the commission on an invoice in currency: base is the amount
// excluding tax (Σ Net), amount the commission on it.
//
// A product with its own rule (overrides) earns by it, whatever the
// affiliate's or programme's rule (def); every other line earns by def.
// Lines tied to no product are shared among the products' groups in
// proportion to their amounts, so that an order-wide discount lowers every
// group's base alike. A percentage is applied once per group with
// money.MulRateBP: half-even (banker's) rounding, so 12.5 minor units round
// to 12 and 13.5 to 14. A fixed rule earns its amount in currency once per
// invoice and group with a positive base (nothing when it names no amount in
// that currency). The commission never exceeds the base: the company never
// pays out more than it was paid.
func Compute(currency string, lines []Line, def Rule, overrides map[string]Rule) (base, amount int64, err error) {
	const defaultGroup = ""
	gross := map[string]int64{}
	var unassigned int64
	for _, l := range lines {
		if base, err = money.AddMinor(base, l.Net); err != nil {
			return 0, 0, err
		}
		if l.Product == "" {
			unassigned += l.Net
			continue
		}
		key := defaultGroup
		if _, ok := overrides[l.Product]; ok {
			key = l.Product
		}
		gross[key] += l.Net
	}
	if base <= 0 {
		return base, 0, nil
	}
	keys := make([]string, 0, len(gross))
	var positive int64
	for k, g := range gross {
		if g > 0 {
			keys = append(keys, k)
			positive += g
		}
	}
	sort.Strings(keys)
	groupBase := map[string]int64{}
	if positive == 0 {
		groupBase[defaultGroup] = base
		keys = []string{defaultGroup}
	} else {
		// Share the unassigned lines; the last group takes the remainder so
		// that the groups' bases add up to base exactly.
		left := unassigned
		for i, k := range keys {
			share := left
			if i < len(keys)-1 {
				if share, err = money.MulDivHalfEven(unassigned, gross[k], positive); err != nil {
					return 0, 0, err
				}
			}
			left -= share
			groupBase[k] = gross[k] + share
		}
	}
	for _, k := range keys {
		b := groupBase[k]
		if b <= 0 {
			continue
		}
		rule := def
		if k != defaultGroup {
			rule = overrides[k]
		}
		var earned int64
		switch rule.Kind {
		case KindPercent:
			if earned, err = money.MulRateBP(b, rule.PercentBP); err != nil {
				return 0, 0, err
			}
		case KindFixed:
			earned = rule.Fixed[currency]
		}
		if amount, err = money.AddMinor(amount, earned); err != nil {
			return 0, 0, err
		}
	}
	return base, min(amount, base), nil
}

// Reduced is what is left of an earned commission once refunded of its
// invoice's total (both with tax) has been given back: the same share,
// rounded half-even. Nothing is left of a fully refunded invoice.
func Reduced(earned, total, refunded int64) (int64, error) {
	if refunded <= 0 {
		return earned, nil
	}
	if total <= 0 || refunded >= total {
		return 0, nil
	}
	return money.MulDivHalfEven(earned, total-refunded, total)
}
