package paypalfake

import (
	"strings"

	"github.com/ezscale/hostbase/hooks/money"
)

// amount is PayPal's money object.
type amount struct {
	CurrencyCode string `json:"currency_code"`
	Value        string `json:"value"`
}

// paypalNoDecimals are the currencies PayPal takes in whole units although
// ISO 4217 gives them a minor unit ("This currency does not support
// decimals. Decimal amounts cause an error.").
var paypalNoDecimals = map[string]bool{"HUF": true, "JPY": true, "TWD": true}

// decimalsOf is how many digits PayPal accepts after the point.
func decimalsOf(currency string) (int, bool) {
	if paypalNoDecimals[currency] {
		return 0, true
	}
	cur, err := money.LookupCurrency(currency)
	if err != nil {
		return 0, false
	}
	return cur.Decimals, true
}

// units is an amount as an integer count of the smallest unit PayPal
// accepts in its currency ("12.34" USD is 1234, "1500" JPY is 1500).
type units = int64

// parseValue reads a PayPal amount; issue is PayPal's name for what is
// wrong with it.
func parseValue(a amount) (n units, decimals int, issue string) {
	decimals, ok := decimalsOf(a.CurrencyCode)
	if !ok {
		return 0, 0, "CURRENCY_NOT_SUPPORTED"
	}
	v := a.Value
	if v == "" {
		return 0, 0, "MISSING_REQUIRED_PARAMETER"
	}
	if strings.HasPrefix(v, "-") {
		return 0, 0, "CANNOT_BE_NEGATIVE"
	}
	whole, frac, hasDot := strings.Cut(v, ".")
	if whole == "" || !digitsOnly(whole) || (hasDot && (frac == "" || !digitsOnly(frac))) {
		return 0, 0, "INVALID_PARAMETER_SYNTAX"
	}
	if len(frac) > decimals {
		return 0, 0, "DECIMAL_PRECISION"
	}
	if len(whole) > 10 {
		return 0, 0, "INVALID_PARAMETER_VALUE"
	}
	digits := whole + frac + strings.Repeat("0", decimals-len(frac))
	for i := 0; i < len(digits); i++ {
		n = n*10 + int64(digits[i]-'0')
	}
	return n, decimals, ""
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// formatValue writes n units of currency the way PayPal does.
func formatValue(n units, currency string) amount {
	decimals, _ := decimalsOf(currency)
	return amount{CurrencyCode: currency, Value: money.FormatMinor(n, decimals)}
}

// feeOf is the fake's PayPal fee: 3.49% of the gross rounded down, plus a
// fixed 0.49 (40 in a currency without decimals, 0.490 with three), never
// more than the gross. A capture of 12.34 USD costs 0.92.
func feeOf(gross units, decimals int) units {
	fixed := units(49)
	switch decimals {
	case 0:
		fixed = 40
	case 3:
		fixed = 490
	}
	return min(gross*349/10000+fixed, gross)
}
