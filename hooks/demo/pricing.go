package demo

import (
	"fmt"

	"github.com/ezscale/hostbase/hooks/money"
)

// demoCurrencies are the currencies every demo price list is quoted in.
var demoCurrencies = []string{"USD", "EUR", "GBP"}

// tri is an amount in each demo currency, in minor units.
type tri struct{ USD, EUR, GBP int64 }

// in returns the amount in currency code.
func (t tri) in(code string) int64 {
	switch code {
	case "USD":
		return t.USD
	case "EUR":
		return t.EUR
	case "GBP":
		return t.GBP
	}
	return 0
}

// term is one billing cycle a product offers: its discount off the monthly
// price times the cycle's months, and whether the setup fee is charged.
type term struct {
	cycle      money.Cycle
	discountBP int64
	setup      bool
}

// Term sets of the demo catalog. Quarterly is never discounted; longer
// commitments are, the way hosting companies sell them.
var (
	vpsTerms = []term{
		{money.Monthly, 0, false}, {money.Quarterly, 0, false},
		{money.Semiannual, 300, false}, {money.Annual, 1000, false},
	}
	vpsLongTerms = append(append([]term(nil), vpsTerms...),
		term{money.Biennial, 1500, false}, term{money.Triennial, 2000, false})
	// Dedicated servers charge setup on short terms and waive it from a year.
	dedicatedTerms = []term{
		{money.Monthly, 0, true}, {money.Quarterly, 0, true},
		{money.Semiannual, 300, true}, {money.Annual, 500, false},
	}
	hostingTerms = []term{
		{money.Monthly, 0, false}, {money.Quarterly, 0, false}, {money.Annual, 2000, false},
		{money.Biennial, 2500, false}, {money.Triennial, 3000, false},
	}
	gameTerms = []term{
		{money.Monthly, 0, false}, {money.Quarterly, 500, false}, {money.Annual, 1000, false},
	}
)

// recurringCycles are the cycles add-ons and configurable options are priced
// in: every recurring cycle, so that each fits any product it is offered with.
var recurringCycles = []money.Cycle{
	money.Monthly, money.Quarterly, money.Semiannual, money.Annual, money.Biennial, money.Triennial,
}

// planPricing prices a product: for each demo currency and term, the monthly
// price times the term's months, less its discount rounded half-even and then
// up to the next price ending in 99 minor units (12949 → 12999), plus the
// setup fee where the term charges it.
func planPricing(monthly, setup tri, terms []term) (money.Pricing, error) {
	p := money.Pricing{}
	for _, code := range demoCurrencies {
		byCycle := map[money.Cycle]money.Price{}
		for _, t := range terms {
			base := monthly.in(code) * int64(t.cycle.Months())
			price := base
			if t.discountBP > 0 {
				discounted, err := money.MulDivHalfEven(base, 10000-t.discountBP, 10000)
				if err != nil {
					return nil, fmt.Errorf("price %s %s: %w", code, t.cycle, err)
				}
				price = endIn99(discounted)
			}
			var fee int64
			if t.setup {
				fee = setup.in(code)
			}
			byCycle[t.cycle] = money.Price{Price: price, Setup: fee}
		}
		p[code] = byCycle
	}
	return p, p.Validate()
}

// linearPricing prices an add-on or option value: the monthly price times
// the months of each recurring cycle, with no discount and no setup fee.
func linearPricing(monthly tri) money.Pricing {
	p := money.Pricing{}
	for _, code := range demoCurrencies {
		byCycle := map[money.Cycle]money.Price{}
		for _, c := range recurringCycles {
			byCycle[c] = money.Price{Price: monthly.in(code) * int64(c.Months())}
		}
		p[code] = byCycle
	}
	return p
}

// endIn99 rounds a positive amount up to the next one ending in 99 minor
// units, the way shops print prices (5389 → 5399, 5400 → 5399 stays below).
func endIn99(v int64) int64 {
	if v <= 0 {
		return v
	}
	return (v+99)/100*100 - 1
}
