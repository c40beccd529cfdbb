package money

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Reasons a ParseAmount input is refused, found with errors.Is on the returned
// error (or compared with ParseError.Reason). ParseAmount also uses
// ErrOverflow and ErrUnknownCurrency as reasons.
var (
	// ErrEmptyAmount is the reason for an input that is empty or only
	// white space.
	ErrEmptyAmount = errors.New("money: empty amount")

	// ErrNotANumber is the reason for an input that is not a plain decimal
	// number: letters, a second dot, bad thousands grouping, an exponent,
	// NaN, Inf, hex, a sign other than a leading "-", a dot with no digit
	// after it.
	ErrNotANumber = errors.New("money: not a number")

	// ErrNegativeAmount is the reason for an input below zero.
	ErrNegativeAmount = errors.New("money: negative amount")

	// ErrTooManyDecimals is the reason for an input with more digits after
	// the point than the currency's minor unit allows, even if the extra
	// digits are zeros.
	ErrTooManyDecimals = errors.New("money: too many decimals")
)

// ParseError is the error ParseAmount returns.
type ParseError struct {
	// Input is the text that was parsed, exactly as given.
	Input string

	// Reason is one of ErrEmptyAmount, ErrNotANumber, ErrNegativeAmount,
	// ErrTooManyDecimals, ErrOverflow or ErrUnknownCurrency.
	Reason error

	// Message explains the problem in words a customer can read, e.g.
	// `"12.345" has more decimals than USD allows (2)`.
	Message string
}

// Error returns the customer-readable message.
func (e *ParseError) Error() string {
	return e.Message
}

// Unwrap returns the Reason, so that errors.Is(err, ErrTooManyDecimals) works.
func (e *ParseError) Unwrap() error {
	return e.Reason
}

// ParseAmount parses an amount typed by a person, in the major unit of
// currency ("12.34" USD is 1234 minor units), without ever using floating
// point.
//
// Accepted, after trimming surrounding white space:
//
//   - digits with an optional fraction: "12", "12.3", "12.34", "0.5", "007";
//   - a fraction without integer digits: ".5";
//   - comma thousands separators, only in complete groups of three with a
//     first group of one to three digits not starting with 0: "1,234.56",
//     "12,345,678" (but not "1,23", "1234,567", ",123" or "0,123").
//
// Refused, each with a *ParseError whose Reason is:
//
//   - ErrEmptyAmount: "" or "   ";
//   - ErrNotANumber: letters, "1.2.3", "12.", ".", "+5", "1e3", "NaN",
//     "Inf", "0x10", "1 000", "1.234,56", spaces inside, non-ASCII digits;
//   - ErrNegativeAmount: any value below zero, e.g. "-1" or "-0.01".
//     A minus sign on zero ("-0", "-0.00") is not an error: it parses as zero;
//   - ErrTooManyDecimals: more digits after the point than the currency has
//     ("1.234" USD, "1.5" JPY). Trailing zeros count: "1.230" USD and
//     "1.0" JPY are refused, because an amount is never silently
//     reinterpreted;
//   - ErrOverflow: more than math.MaxInt64 minor units;
//   - ErrUnknownCurrency: currency is not a known upper-case ISO 4217 code.
//
// The checks run in that order after the currency check, so "-1.234" in USD
// is negative rather than too precise. For every minor >= 0,
// ParseAmount(FormatMinor(minor, decimals), currency) returns minor.
func ParseAmount(input string, currency string) (Amount, error) {
	cur, err := LookupCurrency(currency)
	if err != nil {
		return Amount{}, &ParseError{
			Input:   input,
			Reason:  ErrUnknownCurrency,
			Message: fmt.Sprintf("%s is not a supported currency", strconv.Quote(shorten(currency))),
		}
	}

	s := strings.TrimSpace(input)
	quoted := strconv.Quote(shorten(s))
	fail := func(reason error, msg string) (Amount, error) {
		return Amount{}, &ParseError{Input: input, Reason: reason, Message: msg}
	}

	if s == "" {
		return fail(ErrEmptyAmount, "please enter an amount")
	}

	negative, intPart, fracPart, ok := splitDecimal(s)
	if !ok {
		return fail(ErrNotANumber, quoted+" is not a valid amount; use digits with an optional decimal point, like 1234.56")
	}

	if negative && strings.Trim(intPart+fracPart, "0") != "" {
		return fail(ErrNegativeAmount, quoted+" is negative; the amount must be zero or more")
	}

	if len(fracPart) > cur.Decimals {
		if cur.Decimals == 0 {
			return fail(ErrTooManyDecimals, fmt.Sprintf("%s has decimals, which %s does not allow (0)", quoted, cur.Code))
		}
		return fail(ErrTooManyDecimals, fmt.Sprintf("%s has more decimals than %s allows (%d)", quoted, cur.Code, cur.Decimals))
	}

	// accumulate integer digits, then the fraction right-padded with zeros
	var minor int64
	for _, digits := range []string{intPart, fracPart + strings.Repeat("0", cur.Decimals-len(fracPart))} {
		for i := 0; i < len(digits); i++ {
			d := int64(digits[i] - '0')
			if minor > (math.MaxInt64-d)/10 {
				return fail(ErrOverflow, quoted+" is too large")
			}
			minor = minor*10 + d
		}
	}

	return Amount{Minor: minor, Currency: cur.Code}, nil
}

// splitDecimal checks the syntax described on ParseAmount and splits s into
// its sign, integer digits (thousands separators removed) and fraction
// digits. ok is false if s is not a plain decimal number.
func splitDecimal(s string) (negative bool, intPart, fracPart string, ok bool) {
	if strings.HasPrefix(s, "-") {
		negative = true
		s = s[1:]
	}

	intPart = s
	if dot := strings.IndexByte(s, '.'); dot >= 0 {
		intPart, fracPart = s[:dot], s[dot+1:]
		if fracPart == "" || !allDigits(fracPart) {
			return false, "", "", false // "12.", "1.2.3", "1.5e3", "1.234,56"
		}
	}

	switch {
	case intPart == "":
		if fracPart == "" {
			return false, "", "", false // "", "-", "."
		}
	case allDigits(intPart):
	case strings.Contains(intPart, ","):
		groups := strings.Split(intPart, ",")
		first := groups[0]
		if len(first) < 1 || len(first) > 3 || first[0] == '0' || !allDigits(first) {
			return false, "", "", false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 || !allDigits(g) {
				return false, "", "", false
			}
		}
		intPart = strings.Join(groups, "")
	default:
		return false, "", "", false
	}

	return negative, intPart, fracPart, true
}

// allDigits reports whether s is non-empty and only ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
