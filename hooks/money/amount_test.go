package money

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
)

func usd(minor int64) Amount { return Amount{Minor: minor, Currency: "USD"} }

func TestNewAndZero(t *testing.T) {
	t.Parallel()

	a, err := New(1234, "USD")
	if err != nil || a != usd(1234) {
		t.Fatalf("New(1234, USD) = %v, %v", a, err)
	}
	z, err := Zero("JPY")
	if err != nil || z != (Amount{Currency: "JPY"}) {
		t.Fatalf("Zero(JPY) = %v, %v", z, err)
	}
	for _, code := range []string{"", "usd", "XYZ"} {
		if a, err := New(1, code); !errors.Is(err, ErrUnknownCurrency) || a != (Amount{}) {
			t.Errorf("New(1, %q) = %v, %v; expected ErrUnknownCurrency", code, a, err)
		}
		if _, err := Zero(code); !errors.Is(err, ErrUnknownCurrency) {
			t.Errorf("Zero(%q) error = %v; expected ErrUnknownCurrency", code, err)
		}
	}
}

func TestAmountAddSub(t *testing.T) {
	t.Parallel()

	eur := Amount{Minor: 1, Currency: "EUR"}

	scenarios := []struct {
		name   string
		a, b   Amount
		add    int64
		addErr error
		sub    int64
		subErr error
	}{
		{"simple", usd(1234), usd(66), 1300, nil, 1168, nil},
		{"zero", usd(0), usd(0), 0, nil, 0, nil},
		{"negative", usd(-5), usd(3), -2, nil, -8, nil},
		{"max plus zero", usd(math.MaxInt64), usd(0), math.MaxInt64, nil, math.MaxInt64, nil},
		{"max plus one", usd(math.MaxInt64), usd(1), 0, ErrOverflow, math.MaxInt64 - 1, nil},
		{"max minus minus one", usd(math.MaxInt64), usd(-1), math.MaxInt64 - 1, nil, 0, ErrOverflow},
		{"min plus minus one", usd(math.MinInt64), usd(-1), 0, ErrOverflow, math.MinInt64 + 1, nil},
		{"min minus one", usd(math.MinInt64), usd(1), math.MinInt64 + 1, nil, 0, ErrOverflow},
		{"zero minus min", usd(0), usd(math.MinInt64), math.MinInt64, nil, 0, ErrOverflow},
		{"minus one minus max", usd(-1), usd(math.MaxInt64), math.MaxInt64 - 1, nil, math.MinInt64, nil},
		{"max plus min", usd(math.MaxInt64), usd(math.MinInt64), -1, nil, 0, ErrOverflow},
		{"min plus min", usd(math.MinInt64), usd(math.MinInt64), 0, ErrOverflow, 0, nil},
		{"currency mismatch", usd(1), eur, 0, ErrCurrencyMismatch, 0, ErrCurrencyMismatch},
		{"case matters", usd(1), Amount{Minor: 1, Currency: "usd"}, 0, ErrCurrencyMismatch, 0, ErrCurrencyMismatch},
	}

	check := func(t *testing.T, op string, got Amount, err error, want int64, wantErr error, currency string) {
		t.Helper()
		if wantErr != nil {
			if !errors.Is(err, wantErr) {
				t.Fatalf("%s: expected %v, got %v, %v", op, wantErr, got, err)
			}
			if got != (Amount{}) {
				t.Fatalf("%s: expected zero Amount on error, got %v", op, got)
			}
			return
		}
		if err != nil {
			t.Fatalf("%s: unexpected error %v", op, err)
		}
		if got.Minor != want || got.Currency != currency {
			t.Fatalf("%s: expected %d %s, got %d %s", op, want, currency, got.Minor, got.Currency)
		}
	}

	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			sum, err := s.a.Add(s.b)
			check(t, "Add", sum, err, s.add, s.addErr, s.a.Currency)
			diff, err := s.a.Sub(s.b)
			check(t, "Sub", diff, err, s.sub, s.subErr, s.a.Currency)
		})
	}
}

func TestAmountNeg(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		in       int64
		expected int64
		err      error
	}{
		{0, 0, nil},
		{5, -5, nil},
		{-5, 5, nil},
		{math.MaxInt64, -math.MaxInt64, nil},
		{math.MinInt64 + 1, math.MaxInt64, nil},
		{math.MinInt64, 0, ErrOverflow},
	}

	for _, s := range scenarios {
		got, err := usd(s.in).Neg()
		if s.err != nil {
			if !errors.Is(err, s.err) {
				t.Errorf("Neg(%d): expected %v, got %v", s.in, s.err, err)
			}
			continue
		}
		if err != nil || got != usd(s.expected) {
			t.Errorf("Neg(%d) = %v, %v; expected %d", s.in, got, err, s.expected)
		}
	}
}

func TestAmountPredicatesAndCmp(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		a, b     Amount
		cmp      int
		err      error
		zero     bool
		negative bool
	}{
		{usd(0), usd(0), 0, nil, true, false},
		{usd(1), usd(2), -1, nil, false, false},
		{usd(2), usd(1), 1, nil, false, false},
		{usd(-1), usd(0), -1, nil, false, true},
		{usd(math.MinInt64), usd(math.MaxInt64), -1, nil, false, true},
		{usd(1), Amount{Minor: 1, Currency: "EUR"}, 0, ErrCurrencyMismatch, false, false},
	}

	for i, s := range scenarios {
		cmp, err := s.a.Cmp(s.b)
		if s.err != nil {
			if !errors.Is(err, s.err) {
				t.Errorf("%d: expected %v, got %v", i, s.err, err)
			}
		} else if err != nil || cmp != s.cmp {
			t.Errorf("%d: Cmp = %d, %v; expected %d", i, cmp, err, s.cmp)
		}
		if s.a.IsZero() != s.zero {
			t.Errorf("%d: IsZero = %v", i, s.a.IsZero())
		}
		if s.a.IsNegative() != s.negative {
			t.Errorf("%d: IsNegative = %v", i, s.a.IsNegative())
		}
	}
}

func TestSum(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		name     string
		currency string
		amounts  []Amount
		expected Amount
		err      error
	}{
		{"no amounts", "USD", nil, usd(0), nil},
		{"one", "USD", []Amount{usd(5)}, usd(5), nil},
		{"several", "USD", []Amount{usd(1299), usd(-200), usd(1)}, usd(1100), nil},
		{"unknown currency", "XYZ", nil, Amount{}, ErrUnknownCurrency},
		{"mismatch", "USD", []Amount{usd(1), {Minor: 1, Currency: "EUR"}}, Amount{}, ErrCurrencyMismatch},
		{"all in another currency", "EUR", []Amount{usd(1)}, Amount{}, ErrCurrencyMismatch},
		{"overflow", "USD", []Amount{usd(math.MaxInt64), usd(1), usd(-1)}, Amount{}, ErrOverflow},
	}

	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			got, err := Sum(s.currency, s.amounts...)
			if s.err != nil {
				if !errors.Is(err, s.err) {
					t.Fatalf("expected %v, got %v", s.err, err)
				}
				return
			}
			if err != nil || got != s.expected {
				t.Fatalf("got %v, %v; expected %v", got, err, s.expected)
			}
		})
	}
}

func TestAmountString(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		a        Amount
		expected string
	}{
		{usd(1234), "USD 12.34"},
		{usd(0), "USD 0.00"},
		{usd(5), "USD 0.05"},
		{usd(-1234), "-USD 12.34"},
		{Amount{Minor: 1200, Currency: "JPY"}, "JPY 1200"},
		{Amount{Minor: -5, Currency: "EUR"}, "-EUR 0.05"},
		{Amount{Minor: 1500, Currency: "KWD"}, "KWD 1.500"},
		{Amount{Minor: -1, Currency: "BHD"}, "-BHD 0.001"},
		{usd(math.MinInt64), "-USD 92233720368547758.08"},
		{Amount{Minor: 5, Currency: "XYZ"}, `5 minor units of "XYZ"`},
		{Amount{}, `0 minor units of ""`},
	}

	for _, s := range scenarios {
		if got := s.a.String(); got != s.expected {
			t.Errorf("String(%d %q) = %q, expected %q", s.a.Minor, s.a.Currency, got, s.expected)
		}
	}
}

func TestAmountMarshalJSON(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		a        Amount
		expected string
		err      error
	}{
		{usd(1234), `{"amount":1234,"currency":"USD"}`, nil},
		{Amount{Minor: -5, Currency: "EUR"}, `{"amount":-5,"currency":"EUR"}`, nil},
		{usd(math.MaxInt64), `{"amount":9223372036854775807,"currency":"USD"}`, nil},
		{usd(math.MinInt64), `{"amount":-9223372036854775808,"currency":"USD"}`, nil},
		{Amount{}, "", ErrUnknownCurrency},
		{Amount{Minor: 1, Currency: "usd"}, "", ErrUnknownCurrency},
	}

	for _, s := range scenarios {
		got, err := json.Marshal(s.a)
		if s.err != nil {
			if !errors.Is(err, s.err) {
				t.Errorf("Marshal(%#v): expected %v, got %s, %v", s.a, s.err, got, err)
			}
			continue
		}
		if err != nil || string(got) != s.expected {
			t.Errorf("Marshal(%#v) = %s, %v; expected %s", s.a, got, err, s.expected)
		}
	}
}

func TestAmountUnmarshalJSON(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		raw      string
		expected Amount
		err      error // nil: success; errAny: any error
	}{
		{`{"amount":1234,"currency":"USD"}`, usd(1234), nil},
		{`{"currency":"JPY","amount":1200}`, Amount{Minor: 1200, Currency: "JPY"}, nil},
		{` { "amount" : -5 , "currency" : "EUR" } `, Amount{Minor: -5, Currency: "EUR"}, nil},
		{`{"amount":-0,"currency":"USD"}`, usd(0), nil},
		{`{"amount":1,"currency":"USD","note":"ignored"}`, usd(1), nil},
		{`{"amount":9223372036854775807,"currency":"USD"}`, usd(math.MaxInt64), nil},
		{`{"amount":-9223372036854775808,"currency":"USD"}`, usd(math.MinInt64), nil},
		{`{"amount":12.5,"currency":"USD"}`, Amount{}, ErrNotInteger},
		{`{"amount":12.0,"currency":"USD"}`, Amount{}, ErrNotInteger},
		{`{"amount":1e3,"currency":"USD"}`, Amount{}, ErrNotInteger},
		{`{"amount":"1234","currency":"USD"}`, Amount{}, ErrNotInteger},
		{`{"amount":null,"currency":"USD"}`, Amount{}, ErrNotInteger},
		{`{"amount":true,"currency":"USD"}`, Amount{}, ErrNotInteger},
		{`{"amount":9223372036854775808,"currency":"USD"}`, Amount{}, ErrOverflow},
		{`{"amount":-9223372036854775809,"currency":"USD"}`, Amount{}, ErrOverflow},
		{`{"amount":1,"currency":"XYZ"}`, Amount{}, ErrUnknownCurrency},
		{`{"amount":1,"currency":"usd"}`, Amount{}, ErrUnknownCurrency},
		{`{"amount":1,"currency":""}`, Amount{}, ErrUnknownCurrency},
		{`{"amount":1,"currency":1}`, Amount{}, errAny},
		{`{"amount":1,"currency":null}`, Amount{}, errAny},
		{`{"amount":1}`, Amount{}, errAny},
		{`{"currency":"USD"}`, Amount{}, errAny},
		{`{}`, Amount{}, errAny},
		{`1234`, Amount{}, errAny},
		{`"USD 12.34"`, Amount{}, errAny},
		{`[1234,"USD"]`, Amount{}, errAny},
		{`{"amount":1,"currency":"USD"`, Amount{}, errAny},
	}

	for _, s := range scenarios {
		t.Run(s.raw, func(t *testing.T) {
			got := Amount{Minor: 77, Currency: "GBP"}
			err := json.Unmarshal([]byte(s.raw), &got)
			switch {
			case s.err == nil:
				if err != nil || got != s.expected {
					t.Fatalf("got %#v, %v; expected %#v", got, err, s.expected)
				}
			case s.err == errAny:
				if err == nil {
					t.Fatalf("expected an error, got %#v", got)
				}
			default:
				if !errors.Is(err, s.err) {
					t.Fatalf("expected %v, got %v", s.err, err)
				}
			}
			if err != nil && got != (Amount{Minor: 77, Currency: "GBP"}) {
				t.Fatalf("a failed decode modified the target: %#v", got)
			}
		})
	}
}

func TestAmountUnmarshalJSONNull(t *testing.T) {
	t.Parallel()

	a := usd(5)
	if err := json.Unmarshal([]byte("null"), &a); err != nil || a != usd(5) {
		t.Fatalf("null: got %v, %v; expected unchanged USD 0.05", a, err)
	}

	var p *Amount
	if err := json.Unmarshal([]byte("null"), &p); err != nil || p != nil {
		t.Fatalf("null into *Amount: got %v, %v", p, err)
	}
}

func TestAmountJSONRoundTrip(t *testing.T) {
	t.Parallel()

	for _, a := range []Amount{usd(0), usd(1), usd(-1), usd(math.MaxInt64), usd(math.MinInt64), {Minor: 1500, Currency: "KWD"}} {
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var back Amount
		if err := json.Unmarshal(b, &back); err != nil || back != a {
			t.Errorf("round trip of %v via %s: got %v, %v", a, b, back, err)
		}
	}
}

// errAny marks a scenario that must fail without caring which error.
var errAny = errors.New("any error")
