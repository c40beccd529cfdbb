package shop

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
)

// pricedFields are the catalog's price lists. Required ones must name at
// least one currency; optional ones may be empty (free).
var pricedFields = []struct {
	collection, field string
	required          bool
}{
	{collections.Products, collections.ProductFields.Pricing, true},
	{collections.Addons, collections.AddonFields.Pricing, true},
	{collections.ConfigOptionValues, collections.ConfigOptionValueFields.Pricing, false},
}

func fieldError(field, code, msg string) error {
	return validation.Errors{field: validation.NewError(code, msg)}
}

// validatePricing checks a pricing JSON field with the money package.
func validatePricing(raw []byte, field string, required bool) error {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) || bytes.Equal(trimmed, []byte("{}")) {
		if required {
			return fieldError(field, "validation_required", `Give at least one price, e.g. {"USD":{"monthly":{"price":1299,"setup":0}}}.`)
		}
		return nil
	}
	if _, err := money.ParsePricing(trimmed); err != nil {
		return fieldError(field, "validation_invalid_pricing", err.Error())
	}
	return nil
}

// parseCurrencyAmounts checks a {"USD":500} map of per-currency amounts.
func parseCurrencyAmounts(raw []byte) (map[string]int64, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return nil, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &m); err != nil {
		return nil, errors.New(`must be an object of currency codes to amounts in minor units, e.g. {"USD":500}`)
	}
	out := make(map[string]int64, len(m))
	for code, raw := range m {
		if !money.IsKnownCurrency(code) {
			return nil, fmt.Errorf("%s: unknown currency", code)
		}
		// A JSON number, not a string that looks like one.
		if len(raw) == 0 || (raw[0] != '-' && (raw[0] < '0' || raw[0] > '9')) {
			return nil, fmt.Errorf("%s: %s is not a number of minor units", code, raw)
		}
		v, err := json.Number(raw).Int64()
		if err != nil {
			return nil, fmt.Errorf("%s: %s is not a whole number of minor units", code, raw)
		}
		if v < 0 {
			return nil, fmt.Errorf("%s: must not be negative", code)
		}
		out[code] = v
	}
	return out, nil
}

func rawJSON(r *core.Record, field string) []byte {
	switch v := r.GetRaw(field).(type) {
	case nil:
		return nil
	case []byte:
		return v
	case string:
		return []byte(v)
	default:
		b, _ := json.Marshal(v)
		return b
	}
}

func registerCatalogValidation(app core.App) {
	for _, pf := range pricedFields {
		check := func(e *core.RecordEvent) error {
			if err := validatePricing(rawJSON(e.Record, pf.field), pf.field, pf.required); err != nil {
				return err
			}
			return e.Next()
		}
		app.OnRecordCreate(pf.collection).BindFunc(check)
		app.OnRecordUpdate(pf.collection).BindFunc(check)
	}

	checkCoupon := func(e *core.RecordEvent) error {
		c := collections.WrapCoupon(e.Record)
		amounts, err := parseCurrencyAmounts(rawJSON(e.Record, collections.CouponFields.Amounts))
		if err != nil {
			return fieldError(collections.CouponFields.Amounts, "validation_invalid_amounts", err.Error())
		}
		switch c.Kind() {
		case collections.CouponKindPercent:
			if c.PercentBP() <= 0 {
				return fieldError(collections.CouponFields.PercentBP, "validation_required", "A percent coupon needs a rate between 1 and 10000 basis points (0.01%–100%).")
			}
		case collections.CouponKindFixed:
			if len(amounts) == 0 {
				return fieldError(collections.CouponFields.Amounts, "validation_required", `A fixed coupon needs an amount per currency, e.g. {"USD":500}.`)
			}
		}
		if !c.StartsAt().IsZero() && !c.ExpiresAt().IsZero() && !c.ExpiresAt().Time().After(c.StartsAt().Time()) {
			return fieldError(collections.CouponFields.ExpiresAt, "validation_before_start", "Must be after starts_at.")
		}
		return e.Next()
	}
	app.OnRecordCreate(collections.Coupons).BindFunc(checkCoupon)
	app.OnRecordUpdate(collections.Coupons).BindFunc(checkCoupon)

	checkCurrency := func(e *core.RecordEvent) error {
		c := collections.WrapCurrency(e.Record)
		iso, err := money.LookupCurrency(c.Code())
		if err != nil {
			return fieldError(collections.CurrencyFields.Code, "validation_unknown_currency", fmt.Sprintf("%q is not an ISO 4217 currency code.", c.Code()))
		}
		if c.Decimals() != int64(iso.Decimals) {
			if e.Record.IsNew() && c.Decimals() == 0 {
				c.SetDecimals(int64(iso.Decimals))
			} else {
				return fieldError(collections.CurrencyFields.Decimals, "validation_wrong_decimals", fmt.Sprintf("%s has %d decimals (ISO 4217).", iso.Code, iso.Decimals))
			}
		}
		return e.Next()
	}
	app.OnRecordCreate(collections.Currencies).BindFunc(checkCurrency)
	app.OnRecordUpdate(collections.Currencies).BindFunc(checkCurrency)

	checkBase := func(e *core.RecordEvent) error {
		code := collections.WrapCompanySettings(e.Record).BaseCurrency()
		if !money.IsKnownCurrency(code) {
			return fieldError(collections.CompanySettingsFields.BaseCurrency, "validation_unknown_currency", fmt.Sprintf("%q is not an ISO 4217 currency code.", code))
		}
		return e.Next()
	}
	app.OnRecordCreate(collections.Settings).BindFunc(checkBase)
	app.OnRecordUpdate(collections.Settings).BindFunc(checkBase)
}
