package paypal

import (
	"fmt"

	"github.com/ezscale/hostbase/hooks/money"
)

// moneyJSON is PayPal's money object: an ISO 4217 code and a decimal
// string, never a JSON number.
type moneyJSON struct {
	CurrencyCode string `json:"currency_code"`
	Value        string `json:"value"`
}

// wholeUnitsOnly are currencies that have a minor unit in ISO 4217 (and so
// in our amounts) but that PayPal takes in whole units only: "This currency
// does not support decimals. Decimal amounts cause an error."
var wholeUnitsOnly = map[string]bool{"HUF": true, "TWD": true}

// toPayPal writes minor units of currency as PayPal's value: 1234 USD is
// "12.34", 1500 JPY is "1500", 150000 HUF (1500.00) is "1500".
func toPayPal(minor int64, currency string) (moneyJSON, error) {
	cur, err := money.LookupCurrency(currency)
	if err != nil {
		return moneyJSON{}, fmt.Errorf("paypal: %w", err)
	}
	decimals := cur.Decimals
	if wholeUnitsOnly[currency] {
		scale := int64(1)
		for range decimals {
			scale *= 10
		}
		if minor%scale != 0 {
			return moneyJSON{}, fmt.Errorf("paypal: PayPal takes %s in whole units only; %s %s has a fraction",
				currency, money.FormatMinor(minor, decimals), currency)
		}
		minor, decimals = minor/scale, 0
	}
	return moneyJSON{CurrencyCode: currency, Value: money.FormatMinor(minor, decimals)}, nil
}

// fromPayPal reads PayPal's value back into minor units of its currency.
func fromPayPal(m moneyJSON) (int64, string, error) {
	a, err := money.ParseAmount(m.Value, m.CurrencyCode)
	if err != nil {
		return 0, "", fmt.Errorf("paypal: amount %q %q: %w", m.Value, m.CurrencyCode, err)
	}
	return a.Minor, a.Currency, nil
}
