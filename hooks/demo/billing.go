package demo

import (
	"time"

	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
)

// taxRuleSpecs are standard VAT rates of the EU countries the demo shop sells
// to most, UK VAT and one US state sales tax, in basis points.
var taxRuleSpecs = []struct {
	country, state, name string
	rateBP               int64
}{
	{"DE", "", "VAT", 1900},
	{"FR", "", "VAT", 2000},
	{"NL", "", "VAT", 2100},
	{"IE", "", "VAT", 2300},
	{"ES", "", "VAT", 2100},
	{"IT", "", "VAT", 2200},
	{"PL", "", "VAT", 2300},
	{"AT", "", "VAT", 2000},
	{"GB", "", "VAT", 2000},
	{"US", "TX", "Sales Tax", 625},
}

// taxRules creates the tax rules.
func (s *seeder) taxRules() error {
	for _, spec := range taxRuleSpecs {
		r, err := collections.NewTaxRule(s.app)
		if err != nil {
			return err
		}
		r.SetCountry(spec.country)
		r.SetState(spec.state)
		r.SetName(spec.name)
		r.SetRateBP(spec.rateBP)
		r.SetActive(true)
		if err := s.save(r, spec.country+spec.state); err != nil {
			return err
		}
	}
	return nil
}

// utc returns a DateTime for a UTC wall-clock time.
func utc(year int, month time.Month, day, hour, min, sec int) types.DateTime {
	dt, _ := types.ParseDateTime(time.Date(year, month, day, hour, min, sec, 0, time.UTC))
	return dt
}

// coupons creates a welcome discount, a recurring VPS discount, a free-setup
// code for dedicated servers and a past campaign that has expired.
func (s *seeder) coupons() error {
	welcome, err := collections.NewCoupon(s.app)
	if err != nil {
		return err
	}
	welcome.SetCode("WELCOME10")
	welcome.SetDescription("10% off the first invoice for new customers")
	welcome.SetKind(collections.CouponKindPercent)
	welcome.SetPercentBP(1000)
	welcome.SetAppliesTo(collections.CouponAppliesToFirstInvoice)
	welcome.SetNewCustomersOnly(true)
	welcome.SetMaxUsesPerCustomer(1)
	welcome.SetActive(true)

	save5, err := collections.NewCoupon(s.app)
	if err != nil {
		return err
	}
	save5.SetCode("SAVE5")
	save5.SetDescription("$5 / €5 / £4 off each of the first three billing periods of a Cloud VPS")
	save5.SetKind(collections.CouponKindFixed)
	save5.SetAmounts(map[string]int64{"USD": 500, "EUR": 500, "GBP": 400})
	save5.SetAppliesTo(collections.CouponAppliesToRecurring)
	save5.SetRecurringCycles(3)
	save5.SetProductIDs(s.productIDs(collections.ProductKindVps))
	save5.SetActive(true)

	freeSetup, err := collections.NewCoupon(s.app)
	if err != nil {
		return err
	}
	freeSetup.SetCode("FREESETUP")
	freeSetup.SetDescription("No setup fee on dedicated servers until the end of 2027")
	freeSetup.SetKind(collections.CouponKindFreeSetup)
	freeSetup.SetAppliesTo(collections.CouponAppliesToFirstInvoice)
	freeSetup.SetCycles([]money.Cycle{money.Monthly, money.Quarterly, money.Semiannual})
	freeSetup.SetProductIDs(s.productIDs(collections.ProductKindDedicated))
	freeSetup.SetExpiresAt(utc(2027, time.December, 31, 23, 59, 59))
	freeSetup.SetActive(true)

	expired, err := collections.NewCoupon(s.app)
	if err != nil {
		return err
	}
	expired.SetCode("SUMMER24")
	expired.SetDescription("Summer 2024 campaign: 25% off the first invoice (expired)")
	expired.SetKind(collections.CouponKindPercent)
	expired.SetPercentBP(2500)
	expired.SetAppliesTo(collections.CouponAppliesToFirstInvoice)
	expired.SetStartsAt(utc(2024, time.June, 1, 0, 0, 0))
	expired.SetExpiresAt(utc(2024, time.August, 31, 23, 59, 59))
	expired.SetMaxUses(500)
	expired.SetActive(true)

	for _, c := range []*collections.Coupon{welcome, save5, freeSetup, expired} {
		if err := s.save(c, c.Code()); err != nil {
			return err
		}
	}
	return nil
}
