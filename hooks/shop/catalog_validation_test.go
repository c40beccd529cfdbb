package shop

import (
	"strings"
	"testing"
)

func TestParseCurrencyAmounts(t *testing.T) {
	got, err := parseCurrencyAmounts([]byte(`{"USD":500,"EUR":0,"JPY":1200}`))
	if err != nil || got["USD"] != 500 || got["EUR"] != 0 || got["JPY"] != 1200 {
		t.Fatalf("got %v, %v", got, err)
	}
	if got, err := parseCurrencyAmounts(nil); err != nil || got != nil {
		t.Fatalf("empty: %v %v", got, err)
	}
	for in, mention := range map[string]string{
		`{"USD":-1}`:                   "negative",
		`{"USD":5.5}`:                  "whole number",
		`{"USD":1e3}`:                  "whole number",
		`{"ZZZ":1}`:                    "unknown currency",
		`{"USD":"5"}`:                  "minor units",
		`[500]`:                        "minor units",
		`{"USD":99999999999999999999}`: "whole number",
	} {
		if _, err := parseCurrencyAmounts([]byte(in)); err == nil || !strings.Contains(err.Error(), mention) {
			t.Errorf("%s: want an error mentioning %q, got %v", in, mention, err)
		}
	}
}

func TestValidatePricing(t *testing.T) {
	ok := `{"USD":{"monthly":{"price":1299,"setup":0}}}`
	if err := validatePricing([]byte(ok), "pricing", true); err != nil {
		t.Fatal(err)
	}
	for _, empty := range []string{"", "null", "{}", "  "} {
		if err := validatePricing([]byte(empty), "pricing", true); err == nil {
			t.Errorf("required pricing %q must be refused", empty)
		}
		if err := validatePricing([]byte(empty), "pricing", false); err != nil {
			t.Errorf("optional pricing %q is free: %v", empty, err)
		}
	}
	err := validatePricing([]byte(`{"USD":{"monthly":{"price":-1}}}`), "pricing", true)
	if err == nil || !strings.Contains(err.Error(), "USD.monthly.price") {
		t.Fatalf("want the path of the negative price, got %v", err)
	}
}
