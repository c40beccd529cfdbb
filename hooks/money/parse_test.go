package money

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		input    string
		currency string
		expected int64
	}{
		{"12", "USD", 1200},
		{"12.3", "USD", 1230},
		{"12.34", "USD", 1234},
		{"0.5", "USD", 50},
		{".5", "USD", 50},
		{".05", "USD", 5},
		{"0", "USD", 0},
		{"0.00", "USD", 0},
		{"-0", "USD", 0},
		{"-0.00", "USD", 0},
		{"-.0", "USD", 0},
		{"007", "USD", 700},
		{"1,234.56", "USD", 123456},
		{"1,234", "USD", 123400},
		{"12,345,678.9", "USD", 1234567890},
		{"999,999", "USD", 99999900},
		{"  12.34  ", "USD", 1234},
		{"\t12\n", "USD", 1200},
		{"1200", "JPY", 1200},
		{"1,200", "JPY", 1200},
		{"1.5", "KWD", 1500},
		{"1.005", "KWD", 1005},
		{".001", "BHD", 1},
		{"92233720368547758.07", "USD", math.MaxInt64},
		{"92,233,720,368,547,758.07", "USD", math.MaxInt64},
		{"9223372036854775807", "JPY", math.MaxInt64},
		{"9223372036854775.807", "KWD", math.MaxInt64},
		{"00000000000000000000000000001", "USD", 100},
	}

	for _, s := range scenarios {
		t.Run(s.currency+"_"+s.input, func(t *testing.T) {
			a, err := ParseAmount(s.input, s.currency)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if a.Minor != s.expected || a.Currency != s.currency {
				t.Fatalf("expected %d %s, got %d %s", s.expected, s.currency, a.Minor, a.Currency)
			}
		})
	}
}

func TestParseAmountErrors(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		input    string
		currency string
		reason   error
		message  string
	}{
		{"", "USD", ErrEmptyAmount, "please enter an amount"},
		{"   ", "USD", ErrEmptyAmount, "please enter an amount"},
		{"abc", "USD", ErrNotANumber, `"abc" is not a valid amount; use digits with an optional decimal point, like 1234.56`},
		{"12a", "USD", ErrNotANumber, ""},
		{"$12", "USD", ErrNotANumber, ""},
		{"12 USD", "USD", ErrNotANumber, ""},
		{"1.2.3", "USD", ErrNotANumber, ""},
		{"12.", "USD", ErrNotANumber, ""},
		{".", "USD", ErrNotANumber, ""},
		{"-", "USD", ErrNotANumber, ""},
		{"--1", "USD", ErrNotANumber, ""},
		{"- 1", "USD", ErrNotANumber, ""},
		{"+5", "USD", ErrNotANumber, ""},
		{"1e3", "USD", ErrNotANumber, ""},
		{"1E3", "USD", ErrNotANumber, ""},
		{"1.5e2", "USD", ErrNotANumber, ""},
		{"NaN", "USD", ErrNotANumber, ""},
		{"nan", "USD", ErrNotANumber, ""},
		{"Inf", "USD", ErrNotANumber, ""},
		{"-Inf", "USD", ErrNotANumber, ""},
		{"Infinity", "USD", ErrNotANumber, ""},
		{"0x10", "USD", ErrNotANumber, ""},
		{"0b1", "USD", ErrNotANumber, ""},
		{"1_000", "USD", ErrNotANumber, ""},
		{"1 000", "USD", ErrNotANumber, ""},
		{"1,23", "USD", ErrNotANumber, ""},
		{"1,2345", "USD", ErrNotANumber, ""},
		{"1234,567", "USD", ErrNotANumber, ""},
		{",123", "USD", ErrNotANumber, ""},
		{"0,123", "USD", ErrNotANumber, ""},
		{"1,,234", "USD", ErrNotANumber, ""},
		{"1,234,", "USD", ErrNotANumber, ""},
		{"1,234.5,6", "USD", ErrNotANumber, ""},
		{"1.234,56", "EUR", ErrNotANumber, ""},
		{"12,50", "EUR", ErrNotANumber, ""},
		{"１２", "USD", ErrNotANumber, ""}, // full-width digits
		{"٣", "USD", ErrNotANumber, ""},  // Arabic-Indic digit
		{"-1", "USD", ErrNegativeAmount, `"-1" is negative; the amount must be zero or more`},
		{"-0.01", "USD", ErrNegativeAmount, ""},
		{"-.5", "USD", ErrNegativeAmount, ""},
		{"-1,234.56", "USD", ErrNegativeAmount, ""},
		{"-1.234", "USD", ErrNegativeAmount, ""},
		{"-99999999999999999999", "USD", ErrNegativeAmount, ""},
		{"12.345", "USD", ErrTooManyDecimals, `"12.345" has more decimals than USD allows (2)`},
		{"1.234", "USD", ErrTooManyDecimals, ""},
		{"1.230", "USD", ErrTooManyDecimals, ""},
		{"0.000", "USD", ErrTooManyDecimals, ""},
		{"-0.000", "USD", ErrTooManyDecimals, ""},
		{"1.5", "JPY", ErrTooManyDecimals, `"1.5" has decimals, which JPY does not allow (0)`},
		{"1.0", "JPY", ErrTooManyDecimals, ""},
		{"1.0001", "KWD", ErrTooManyDecimals, `"1.0001" has more decimals than KWD allows (3)`},
		{"92233720368547758.08", "USD", ErrOverflow, `"92233720368547758.08" is too large`},
		{"92233720368547759", "USD", ErrOverflow, ""},
		{"9223372036854775808", "JPY", ErrOverflow, ""},
		{"99999999999999999999999999999999999999999999999999", "USD", ErrOverflow, `"9999999999999999999999999999999999999999…" is too large`},
		{"12", "usd", ErrUnknownCurrency, `"usd" is not a supported currency`},
		{"12", "", ErrUnknownCurrency, `"" is not a supported currency`},
		{"", "XYZ", ErrUnknownCurrency, `"XYZ" is not a supported currency`},
	}

	reasons := []error{ErrEmptyAmount, ErrNotANumber, ErrNegativeAmount, ErrTooManyDecimals, ErrOverflow, ErrUnknownCurrency}

	for _, s := range scenarios {
		t.Run(s.currency+"_"+s.input, func(t *testing.T) {
			a, err := ParseAmount(s.input, s.currency)
			if a != (Amount{}) {
				t.Fatalf("expected zero Amount on error, got %#v", a)
			}

			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("expected *ParseError, got %T %v", err, err)
			}
			if pe.Input != s.input {
				t.Fatalf("expected Input %q, got %q", s.input, pe.Input)
			}
			if pe.Reason != s.reason {
				t.Fatalf("expected Reason %v, got %v", s.reason, pe.Reason)
			}
			for _, r := range reasons {
				if errors.Is(err, r) != (r == s.reason) {
					t.Fatalf("errors.Is(err, %v) = %v", r, errors.Is(err, r))
				}
			}
			if s.message != "" && err.Error() != s.message {
				t.Fatalf("expected message %q, got %q", s.message, err.Error())
			}
			if err.Error() != pe.Message || strings.HasPrefix(err.Error(), "money:") {
				t.Fatalf("Error() must be the customer message, got %q", err.Error())
			}
		})
	}
}

func TestParseAmountFormatMinorRoundTrip(t *testing.T) {
	t.Parallel()

	edges := []int64{0, 1, 9, 10, 99, 100, 101, 999, 1000, 123456, math.MaxInt64 - 1, math.MaxInt64}
	rng := rand.New(rand.NewPCG(3, 4))

	for _, code := range []string{"USD", "JPY", "KWD", "EUR", "ISK", "BHD"} {
		cur, err := LookupCurrency(code)
		if err != nil {
			t.Fatal(err)
		}
		values := append([]int64(nil), edges...)
		for range 500 {
			values = append(values, rng.Int64()>>rng.IntN(63))
		}
		for _, v := range values {
			text := FormatMinor(v, cur.Decimals)
			a, err := ParseAmount(text, code)
			if err != nil || a.Minor != v || a.Currency != code {
				t.Fatalf("%s %d: ParseAmount(%q) = %v, %v", code, v, text, a, err)
			}
		}
	}
}

// fuzzCurrencies are the currencies FuzzParseAmount picks from: every
// exponent, and one unknown code.
var fuzzCurrencies = []string{"USD", "JPY", "KWD", "EUR", "XYZ"}

func FuzzParseAmount(f *testing.F) {
	seeds := []string{
		"12", "12.3", "12.34", "0.5", ".5", "1,234.56", " 7 ", "-0", "-1", "-0.01",
		"1.234", "1.230", "1.5", "", "abc", "1.2.3", "1,23", "1e3", "NaN", "Inf",
		"0x10", "92233720368547758.07", "92233720368547758.08", "9223372036854775808",
		"12,345,678.900", ".", "-", "\u00a012\u00a0", "1,000,000",
	}
	for i, s := range seeds {
		f.Add(s, uint8(i))
	}

	f.Fuzz(func(t *testing.T, input string, which uint8) {
		currency := fuzzCurrencies[int(which)%len(fuzzCurrencies)]

		a, err := ParseAmount(input, currency)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Input != input || pe.Message == "" {
				t.Fatalf("ParseAmount(%q, %s): malformed error %#v", input, currency, err)
			}
			switch pe.Reason {
			case ErrEmptyAmount, ErrNotANumber, ErrNegativeAmount, ErrTooManyDecimals, ErrOverflow, ErrUnknownCurrency:
			default:
				t.Fatalf("ParseAmount(%q, %s): unexpected reason %v", input, currency, pe.Reason)
			}
			if a != (Amount{}) {
				t.Fatalf("ParseAmount(%q, %s): non-zero Amount with an error", input, currency)
			}
			return
		}

		cur, lerr := LookupCurrency(currency)
		if lerr != nil {
			t.Fatalf("ParseAmount(%q, %s) accepted an unknown currency", input, currency)
		}
		if a.Minor < 0 || a.Currency != currency {
			t.Fatalf("ParseAmount(%q, %s) = %#v", input, currency, a)
		}

		// round trip
		text := FormatMinor(a.Minor, cur.Decimals)
		back, err := ParseAmount(text, currency)
		if err != nil || back != a {
			t.Fatalf("round trip of %q via %q: got %v, %v; expected %v", input, text, back, err, a)
		}

		// an independent oracle: math/big reads the same number (without
		// separators) exactly, and it must equal Minor / 10^Decimals
		clean := strings.ReplaceAll(strings.TrimSpace(input), ",", "")
		r, ok := new(big.Rat).SetString(clean)
		if !ok {
			t.Fatalf("ParseAmount accepted %q, which math/big cannot read", input)
		}
		scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(cur.Decimals)), nil)
		want := new(big.Rat).SetFrac(big.NewInt(a.Minor), scale)
		if r.Cmp(want) != 0 {
			t.Fatalf("ParseAmount(%q, %s) = %d minor units, but the input is %s", input, currency, a.Minor, r.RatString())
		}
	})
}
