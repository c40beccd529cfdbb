package affiliates

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
)

// Programme is the affiliate programme's policy, read from settings.affiliates:
//
//	{"enabled": true, "cookie_days": 90, "hold_days": 30, "every_invoice": false,
//	 "kind": "percent", "percent_bp": 1000, "fixed": {"USD": 500},
//	 "min_payout": {"USD": 5000}, "payout_methods": ["credit", "manual"]}
//
// A key left out takes its default (DefaultProgramme).
type Programme struct {
	Enabled bool `json:"enabled"`
	// CookieDays is how long a referral cookie lasts after the first click.
	CookieDays int `json:"cookie_days"`
	// HoldDays is how long a commission waits after its invoice is paid
	// before it is approved; a refund or chargeback within it reverses it.
	HoldDays int `json:"hold_days"`
	// EveryInvoice earns a commission on every paid invoice of a referred
	// customer, not only the first.
	EveryInvoice bool `json:"every_invoice"`
	// Rule is the commission of a product without its own.
	Rule
	// MinPayout is the smallest payout per currency, in minor units.
	MinPayout map[string]int64 `json:"min_payout"`
	// PayoutMethods are the payout methods affiliates may ask for.
	PayoutMethods []string `json:"payout_methods"`
}

// Payout methods.
const (
	MethodCredit = "credit"
	MethodManual = "manual"
)

// DefaultProgramme is the programme when settings say nothing: closed, a
// 90-day cookie, a 30-day hold, 10% of the first paid invoice, payouts to
// credit or by hand, no minimum.
func DefaultProgramme() Programme {
	return Programme{
		CookieDays: 90, HoldDays: 30,
		Rule:          Rule{Kind: KindPercent, PercentBP: 1000, Fixed: map[string]int64{}},
		MinPayout:     map[string]int64{},
		PayoutMethods: []string{MethodCredit, MethodManual},
	}
}

// ParseProgramme reads settings.affiliates over the defaults, refusing a
// value that makes no sense with an error naming its key.
func ParseProgramme(raw []byte) (Programme, error) {
	p := DefaultProgramme()
	if len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &p); err != nil {
			return p, fmt.Errorf("affiliates: %w", err)
		}
	}
	if p.MinPayout == nil {
		p.MinPayout = map[string]int64{}
	}
	if p.Fixed == nil {
		p.Fixed = map[string]int64{}
	}
	if p.CookieDays < 1 || p.CookieDays > 730 {
		return p, fmt.Errorf("affiliates.cookie_days: between 1 and 730 days, not %d", p.CookieDays)
	}
	if p.HoldDays < 0 || p.HoldDays > 365 {
		return p, fmt.Errorf("affiliates.hold_days: between 0 and 365 days, not %d", p.HoldDays)
	}
	if err := p.Rule.Validate(); err != nil {
		return p, fmt.Errorf("affiliates.%w", err)
	}
	for cur, v := range p.MinPayout {
		if !money.IsKnownCurrency(cur) || v < 0 {
			return p, fmt.Errorf("affiliates.min_payout: %q: a currency code with an amount of minor units, zero or more", cur)
		}
	}
	if len(p.PayoutMethods) == 0 {
		return p, fmt.Errorf("affiliates.payout_methods: allow at least one of %q and %q", MethodCredit, MethodManual)
	}
	for _, m := range p.PayoutMethods {
		if m != MethodCredit && m != MethodManual {
			return p, fmt.Errorf("affiliates.payout_methods: %q is neither %q nor %q", m, MethodCredit, MethodManual)
		}
	}
	return p, nil
}

// AllowsMethod reports whether affiliates may ask for a payout by method.
func (p Programme) AllowsMethod(method string) bool {
	return slices.Contains(p.PayoutMethods, method)
}

// LoadProgramme reads the programme from the settings record.
func LoadProgramme(app core.App) (Programme, error) {
	rec, err := app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		return DefaultProgramme(), fmt.Errorf("load settings: %w", err)
	}
	return ParseProgramme(collections.WrapCompanySettings(rec).AffiliatesJSON())
}

// storefrontURL is where affiliate links point: settings.storefront_url,
// or the app's own URL.
func storefrontURL(app core.App) string {
	rec, err := app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err == nil {
		if u := collections.WrapCompanySettings(rec).StorefrontURL(); u != "" {
			return u
		}
	}
	return app.Settings().Meta.AppURL
}
