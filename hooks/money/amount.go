package money

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// ErrCurrencyMismatch is returned (wrapped with both codes) when an operation
// combines amounts in different currencies.
var ErrCurrencyMismatch = errors.New("money: currency mismatch")

// ErrOverflow is returned when a result does not fit in int64 minor units.
var ErrOverflow = errors.New("money: amount out of range")

// Amount is an exact amount of money: an integer number of minor units
// (cents, pence, yen, fils) of an ISO 4217 currency.
//
// The zero value has no currency and is not a valid amount; use New or Zero.
// Arithmetic never panics and never rounds: it returns ErrCurrencyMismatch
// when the currencies differ and ErrOverflow when the result does not fit in
// an int64. Arithmetic compares currency codes only; New, Zero, Sum and
// UnmarshalJSON are where a code is checked against the ISO 4217 table.
type Amount struct {
	Minor    int64
	Currency string
}

// New returns minor units of currency, or an error wrapping
// ErrUnknownCurrency.
func New(minor int64, currency string) (Amount, error) {
	if _, err := LookupCurrency(currency); err != nil {
		return Amount{}, err
	}
	return Amount{Minor: minor, Currency: currency}, nil
}

// Zero returns a zero amount of currency, or an error wrapping
// ErrUnknownCurrency.
func Zero(currency string) (Amount, error) {
	return New(0, currency)
}

// Sum adds amounts, all of which must be in currency.
//
// Sum of no amounts is the zero amount of currency, which is why the currency
// is explicit. It returns an error wrapping ErrUnknownCurrency,
// ErrCurrencyMismatch or ErrOverflow; an intermediate overflow is an error
// even if later terms would bring the total back into range.
func Sum(currency string, amounts ...Amount) (Amount, error) {
	total, err := Zero(currency)
	if err != nil {
		return Amount{}, err
	}
	for _, a := range amounts {
		if total, err = total.Add(a); err != nil {
			return Amount{}, err
		}
	}
	return total, nil
}

// Add returns a + b.
func (a Amount) Add(b Amount) (Amount, error) {
	if err := a.sameCurrency(b); err != nil {
		return Amount{}, err
	}
	r, err := AddMinor(a.Minor, b.Minor)
	if err != nil {
		return Amount{}, err
	}
	return Amount{Minor: r, Currency: a.Currency}, nil
}

// Sub returns a - b.
func (a Amount) Sub(b Amount) (Amount, error) {
	if err := a.sameCurrency(b); err != nil {
		return Amount{}, err
	}
	r, err := SubMinor(a.Minor, b.Minor)
	if err != nil {
		return Amount{}, err
	}
	return Amount{Minor: r, Currency: a.Currency}, nil
}

// Neg returns -a. Only math.MinInt64 minor units cannot be negated
// (ErrOverflow).
func (a Amount) Neg() (Amount, error) {
	if a.Minor == math.MinInt64 {
		return Amount{}, fmt.Errorf("%w: -(%d)", ErrOverflow, a.Minor)
	}
	return Amount{Minor: -a.Minor, Currency: a.Currency}, nil
}

// IsZero reports whether a is zero minor units (of any currency).
func (a Amount) IsZero() bool {
	return a.Minor == 0
}

// IsNegative reports whether a is less than zero.
func (a Amount) IsNegative() bool {
	return a.Minor < 0
}

// Cmp compares a and b and returns -1 if a < b, 0 if a == b and +1 if a > b.
// Amounts in different currencies are not comparable (ErrCurrencyMismatch).
func (a Amount) Cmp(b Amount) (int, error) {
	if err := a.sameCurrency(b); err != nil {
		return 0, err
	}
	switch {
	case a.Minor < b.Minor:
		return -1, nil
	case a.Minor > b.Minor:
		return 1, nil
	default:
		return 0, nil
	}
}

func (a Amount) sameCurrency(b Amount) error {
	if a.Currency != b.Currency {
		return fmt.Errorf("%w: %q and %q", ErrCurrencyMismatch, a.Currency, b.Currency)
	}
	return nil
}

// String formats a for logs and staff screens: the code, a space and the
// amount with the currency's decimals, the sign in front of the code:
// "USD 12.34", "JPY 1200", "-EUR 0.05", "KWD 1.500".
//
// An amount whose currency is unknown is shown without interpretation,
// e.g. `5 minor units of "XYZ"`.
func (a Amount) String() string {
	c, err := LookupCurrency(a.Currency)
	if err != nil {
		return strconv.FormatInt(a.Minor, 10) + " minor units of " + strconv.Quote(a.Currency)
	}
	s := FormatMinor(a.Minor, c.Decimals)
	if s[0] == '-' {
		return "-" + c.Code + " " + s[1:]
	}
	return c.Code + " " + s
}

// amountJSON is the wire form of Amount.
type amountJSON struct {
	Amount   json.RawMessage `json:"amount"`
	Currency json.RawMessage `json:"currency"`
}

// MarshalJSON implements json.Marshaler as {"amount":1234,"currency":"USD"},
// the amount an integer number of minor units.
//
// It refuses an unknown currency (including the zero Amount) so that nothing
// is written that UnmarshalJSON would reject; use *Amount for optional
// fields.
func (a Amount) MarshalJSON() ([]byte, error) {
	if _, err := LookupCurrency(a.Currency); err != nil {
		return nil, err
	}
	b := make([]byte, 0, 48)
	b = append(b, `{"amount":`...)
	b = strconv.AppendInt(b, a.Minor, 10)
	b = append(b, `,"currency":`...)
	b = strconv.AppendQuote(b, a.Currency)
	b = append(b, '}')
	return b, nil
}

// UnmarshalJSON implements json.Unmarshaler for {"amount":1234,"currency":"USD"}.
//
// Both fields are required. The amount must be a JSON integer within int64
// (12.5, 1e3, "1234" and 9223372036854775808 are refused, the last with
// ErrOverflow) and the currency a known upper-case ISO 4217 code. Other
// fields are ignored. A JSON null leaves a unchanged, like encoding/json
// does for other types.
func (a *Amount) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil
	}

	var raw amountJSON
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("money: amount must be an object like {\"amount\":1234,\"currency\":\"USD\"}: %w", err)
	}
	if raw.Amount == nil {
		return errors.New(`money: amount: missing "amount"`)
	}
	if raw.Currency == nil {
		return errors.New(`money: amount: missing "currency"`)
	}

	minor, err := parseJSONInt(raw.Amount)
	if err != nil {
		return fmt.Errorf("money: amount: %w", err)
	}

	var code string
	if err := json.Unmarshal(raw.Currency, &code); err != nil || isJSONNull(raw.Currency) {
		return fmt.Errorf("money: amount: currency must be a string, got %s", raw.Currency)
	}
	if _, err := LookupCurrency(code); err != nil {
		return err
	}

	*a = Amount{Minor: minor, Currency: code}
	return nil
}
