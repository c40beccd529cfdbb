package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// defaultRateLimits guard the endpoints an attacker hammers: logins, one-time
// codes, password resets, signups, checkout and webhooks. Counting is per
// client IP; superusers are never limited (PocketBase's rule).
var defaultRateLimits = []core.RateLimitRule{
	{Label: "*:auth", MaxRequests: 20, Duration: 60},
	{Label: "*:requestOTP", MaxRequests: 5, Duration: 60},
	{Label: "*:requestPasswordReset", MaxRequests: 5, Duration: 60},
	{Label: "*:requestVerification", MaxRequests: 5, Duration: 60},
	{Label: "*:requestEmailChange", MaxRequests: 5, Duration: 60},
	{Label: "customers:create", Audience: core.RateLimitRuleAudienceGuest, MaxRequests: 10, Duration: 3600},
	{Label: "POST /api/hb/checkout", MaxRequests: 10, Duration: 60},
	{Label: "POST /api/hb/cart/quote", MaxRequests: 300, Duration: 60},
	{Label: "POST /api/hb/webhooks/", MaxRequests: 5000, Duration: 5},
}

func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		s.Meta.AppName = "Hostbase"
		s.RateLimits.Enabled = true
		s.RateLimits.Rules = append([]core.RateLimitRule(nil), defaultRateLimits...)
		if err := app.Save(s); err != nil {
			return err
		}

		settings, err := app.FindCollectionByNameOrId("settings")
		if err != nil {
			return err
		}
		r := core.NewRecord(settings)
		r.Load(map[string]any{
			"company_name":               "My Hosting Company",
			"timezone":                   "UTC",
			"base_currency":              "USD",
			"invoice_number_pattern":     "INV-{YYYY}-{SEQ:6}",
			"credit_note_number_pattern": "CN-{YYYY}-{SEQ:6}",
			"order_number_pattern":       "ORD-{SEQ:6}",
			"number_yearly_reset":        false,
			"tax_mode":                   "exclusive",
			"eu_reverse_charge":          true,
			"invoice_days_in_advance":    7,
			"invoice_due_days":           7,
			"auto_apply_credit":          true,
			"billing_hour":               9,
			"downgrade_policy":           "credit_now",
			"late_fee":                   map[string]any{"enabled": false, "kind": "percent", "percent_bp": 0, "fixed": map[string]int64{}, "after_days": 7},
			"dunning": map[string]any{
				"remind_before_days": []int{7}, "remind_after_days": []int{1, 3, 7},
				"retry_days": []int{0, 3, 5}, "suspend_after_days": 14, "terminate_after_days": 45,
			},
			"gateways":     map[string]bool{"stripe": false, "paypal": false, "credit": true, "manual": true},
			"affiliates":   map[string]any{"enabled": false, "cookie_days": 90, "hold_days": 30, "every_invoice": false, "kind": "percent", "percent_bp": 1000, "fixed": map[string]int64{}, "min_payout": map[string]int64{}, "payout_methods": []string{"credit", "manual"}},
			"tickets":      map[string]any{"auto_close_days": 7, "reopen_days": 14},
			"provisioning": map[string]any{"max_attempts": 8, "backoff_seconds": 30, "backoff_max_seconds": 3600, "auto_refund_unfulfillable": "none", "reconcile_apply": false},
		})
		if err := app.Save(r); err != nil {
			return err
		}

		currencies, err := app.FindCollectionByNameOrId("currencies")
		if err != nil {
			return err
		}
		usd := core.NewRecord(currencies)
		usd.Load(map[string]any{
			"code": "USD", "name": "US Dollar", "symbol": "$", "decimals": 2,
			"rate_nano": 1_000_000_000, "is_default": true, "active": true, "sort": 1,
		})
		return app.Save(usd)
	}, func(app core.App) error {
		s := app.Settings()
		s.RateLimits.Enabled = false
		s.RateLimits.Rules = nil
		if err := app.Save(s); err != nil {
			return err
		}
		for _, name := range []string{"settings", "currencies"} {
			records, err := app.FindAllRecords(name)
			if err != nil {
				return err
			}
			for _, r := range records {
				if err := app.Delete(r); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
