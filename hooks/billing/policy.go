package billing

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing/numbering"
	"github.com/ezscale/hostbase/hooks/billing/tax"
)

// Policy is what the billing engine reads from the settings record and the
// tax rules, once per run or request.
type Policy struct {
	Location          *time.Location
	InvoicePattern    numbering.Pattern
	CreditNotePattern numbering.Pattern
	YearlyReset       bool
	TaxMode           tax.Mode
	ReverseCharge     bool
	DaysInAdvance     int
	DueDays           int
	AutoApplyCredit   bool
	BillingHour       int
	Seller            tax.Party
	// SellerSnapshot is stored on each invoice: the company's details as
	// they were when it was issued.
	SellerSnapshot       map[string]any
	TaxRules             []tax.Rule
	DowngradeToCreditNow bool
	LateFee              LateFeePolicy
}

// LateFeePolicy is settings.late_fee.
type LateFeePolicy struct {
	Enabled   bool             `json:"enabled"`
	Kind      string           `json:"kind"` // percent | fixed
	PercentBP int64            `json:"percent_bp"`
	Fixed     map[string]int64 `json:"fixed"`
	AfterDays int              `json:"after_days"`
}

// LoadPolicy reads the settings record and the active tax rules.
func LoadPolicy(app core.App) (*Policy, error) {
	rec, err := app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		return nil, fmt.Errorf("load settings: %w", err)
	}
	s := collections.WrapCompanySettings(rec)
	p := &Policy{
		YearlyReset:          s.NumberYearlyReset(),
		TaxMode:              tax.Mode(s.TaxMode()),
		ReverseCharge:        s.EUReverseCharge(),
		DaysInAdvance:        int(s.InvoiceDaysInAdvance()),
		DueDays:              int(s.InvoiceDueDays()),
		AutoApplyCredit:      s.AutoApplyCredit(),
		BillingHour:          int(s.BillingHour()),
		Seller:               tax.Party{Country: s.CompanyCountry(), State: s.CompanyState(), VATID: s.CompanyTaxID()},
		DowngradeToCreditNow: s.DowngradePolicy() != collections.CompanySettingsDowngradePolicyCreditNextRenewal,
		SellerSnapshot: map[string]any{
			"name": s.CompanyName(), "legal_name": s.CompanyLegalName(), "email": s.CompanyEmail(), "phone": s.CompanyPhone(),
			"address_line1": s.CompanyAddressLine1(), "address_line2": s.CompanyAddressLine2(), "city": s.CompanyCity(),
			"state": s.CompanyState(), "postcode": s.CompanyPostcode(), "country": s.CompanyCountry(),
			"tax_id": s.CompanyTaxID(), "registration": s.CompanyRegistration(),
		},
	}
	if p.Location, err = time.LoadLocation(s.Timezone()); err != nil {
		return nil, fmt.Errorf("settings.timezone: %w", err)
	}
	if p.InvoicePattern, err = numbering.ParsePattern(s.InvoiceNumberPattern()); err != nil {
		return nil, fmt.Errorf("settings.invoice_number_pattern: %w", err)
	}
	if p.CreditNotePattern, err = numbering.ParsePattern(s.CreditNoteNumberPattern()); err != nil {
		return nil, fmt.Errorf("settings.credit_note_number_pattern: %w", err)
	}
	if err := s.UnmarshalLateFee(&p.LateFee); err != nil {
		return nil, fmt.Errorf("settings.late_fee: %w", err)
	}

	var rules []struct {
		ID       string `db:"id"`
		Country  string `db:"country"`
		State    string `db:"state"`
		Name     string `db:"name"`
		RateBP   int64  `db:"rate_bp"`
		Compound bool   `db:"compound"`
		Priority int    `db:"priority"`
	}
	f := collections.TaxRuleFields
	err = app.DB().Select(f.ID, f.Country, f.State, f.Name, f.RateBP, f.Compound, f.Priority).
		From(collections.TaxRules).Where(dbx.HashExp{f.Active: true}).OrderBy(f.Priority, f.ID).All(&rules)
	if err != nil {
		return nil, fmt.Errorf("load tax rules: %w", err)
	}
	for _, r := range rules {
		p.TaxRules = append(p.TaxRules, tax.Rule{ID: r.ID, Country: r.Country, State: r.State, Name: r.Name, RateBP: r.RateBP, Compound: r.Compound, Priority: r.Priority})
	}
	return p, nil
}
