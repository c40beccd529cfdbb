package money

import (
	"errors"
	"strings"
	"testing"
)

func TestLookupCurrency(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		code     string
		decimals int
		symbol   string
	}{
		// the currencies hosting companies bill in, with their real exponents
		{"USD", 2, "$"},
		{"EUR", 2, "€"},
		{"GBP", 2, "£"},
		{"CAD", 2, "CA$"},
		{"AUD", 2, "A$"},
		{"NZD", 2, "NZ$"},
		{"CHF", 2, "CHF"},
		{"SEK", 2, "kr"},
		{"NOK", 2, "kr"},
		{"DKK", 2, "kr"},
		{"PLN", 2, "zł"},
		{"CZK", 2, "Kč"},
		{"HUF", 2, "Ft"},
		{"RON", 2, "lei"},
		{"BGN", 2, "лв"},
		{"JPY", 0, "¥"},
		{"KRW", 0, "₩"},
		{"CNY", 2, "CN¥"},
		{"HKD", 2, "HK$"},
		{"SGD", 2, "S$"},
		{"INR", 2, "₹"},
		{"BRL", 2, "R$"},
		{"MXN", 2, "MX$"},
		{"ZAR", 2, "R"},
		{"TRY", 2, "₺"},
		{"AED", 2, "د.إ"},
		{"SAR", 2, ""},
		{"ILS", 2, "₪"},
		{"RUB", 2, "₽"},
		{"UAH", 2, "₴"},
		{"IDR", 2, "Rp"},
		{"MYR", 2, "RM"},
		{"THB", 2, "฿"},
		{"PHP", 2, "₱"},
		{"VND", 0, "₫"},
		{"CLP", 0, "$"},
		{"COP", 2, "$"},
		{"ARS", 2, "$"},
		{"BHD", 3, ""},
		{"KWD", 3, ""},
		{"OMR", 3, ""},
		{"JOD", 3, ""},
		{"TND", 3, ""},
		{"ISK", 0, "kr"},
		// a few of the less common ones
		{"IQD", 3, ""},
		{"LYD", 3, ""},
		{"UGX", 0, "USh"},
		{"XOF", 0, "CFA"},
		{"PYG", 0, "₲"},
	}

	for _, s := range scenarios {
		t.Run(s.code, func(t *testing.T) {
			c, err := LookupCurrency(s.code)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if c.Code != s.code || c.Decimals != s.decimals || c.Symbol != s.symbol {
				t.Fatalf("expected {%s %d %q}, got {%s %d %q}", s.code, s.decimals, s.symbol, c.Code, c.Decimals, c.Symbol)
			}
			if !IsKnownCurrency(s.code) {
				t.Fatalf("IsKnownCurrency(%q) = false", s.code)
			}
		})
	}
}

func TestLookupCurrencyUnknown(t *testing.T) {
	t.Parallel()

	for _, code := range []string{"", "usd", "Usd", "US", "USDD", " USD", "USD ", "XXX", "XTS", "XAU", "HRK", "ABC"} {
		t.Run(code, func(t *testing.T) {
			c, err := LookupCurrency(code)
			if !errors.Is(err, ErrUnknownCurrency) {
				t.Fatalf("expected ErrUnknownCurrency, got %v", err)
			}
			if c != (Currency{}) {
				t.Fatalf("expected zero Currency, got %+v", c)
			}
			if want := `money: unknown currency "` + code + `"`; err.Error() != want {
				t.Fatalf("expected message %q, got %q", want, err.Error())
			}
			if IsKnownCurrency(code) {
				t.Fatalf("IsKnownCurrency(%q) = true", code)
			}
		})
	}
}

func TestCurrencyTable(t *testing.T) {
	t.Parallel()

	all := Currencies()
	if len(all) < 150 {
		t.Fatalf("expected the full ISO 4217 table, got %d currencies", len(all))
	}

	for i, c := range all {
		if len(c.Code) != 3 || strings.ToUpper(c.Code) != c.Code {
			t.Errorf("%d: malformed code %q", i, c.Code)
		}
		for _, r := range c.Code {
			if r < 'A' || r > 'Z' {
				t.Errorf("%d: malformed code %q", i, c.Code)
			}
		}
		switch c.Decimals {
		case 0, 2, 3:
		default:
			t.Errorf("%s: unexpected exponent %d", c.Code, c.Decimals)
		}
		if i > 0 && all[i-1].Code >= c.Code {
			t.Errorf("table not sorted or has duplicates at %s, %s", all[i-1].Code, c.Code)
		}
	}

	// Currencies returns a copy
	all[0].Decimals = 99
	if c := Currencies()[0]; c.Decimals == 99 {
		t.Fatal("Currencies() exposed the internal table")
	}
}
