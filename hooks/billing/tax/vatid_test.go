package tax

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeVATID(t *testing.T) {
	t.Parallel()

	// one well-formed number per member state, typed the way customers
	// type them, and its canonical form
	valid := []struct {
		country, id, expected string
	}{
		{"AT", "ATU12345678", "ATU12345678"},
		{"AT", "u 1234 5678", "ATU12345678"},
		{"BE", "BE0123456789", "BE0123456789"},
		{"BE", "1234.567.890", "BE1234567890"}, // since 2023 also starting with 1
		{"BG", "123456789", "BG123456789"},
		{"BG", "BG1234567890", "BG1234567890"},
		{"CY", "CY12345678L", "CY12345678L"},
		{"CY", "12345678x", "CY12345678X"},
		{"CZ", "CZ12345678", "CZ12345678"},
		{"CZ", "123456789", "CZ123456789"},
		{"CZ", "1234567890", "CZ1234567890"},
		{"DE", "DE123456789", "DE123456789"},
		{"de", "de 123 456 789", "DE123456789"},
		{"DE", "123-456-789", "DE123456789"},
		{"DK", "DK12345678", "DK12345678"},
		{"EE", "EE123456789", "EE123456789"},
		{"ES", "ESA1234567B", "ESA1234567B"},
		{"ES", "A12345678", "ESA12345678"},
		{"ES", "12345678Z", "ES12345678Z"},
		{"ES", "X1234567L", "ESX1234567L"},
		{"FI", "FI12345678", "FI12345678"},
		{"FR", "FR12345678901", "FR12345678901"},
		{"FR", "fr 40 303 265 045", "FR40303265045"},
		{"FR", "XX123456789", "FRXX123456789"},
		{"FR", "FRFR123456789", "FRFR123456789"}, // the key really is "FR"
		{"GR", "EL123456789", "EL123456789"},
		{"GR", "GR 123 456 789", "EL123456789"},
		{"gr", "123456789", "EL123456789"},
		{"HR", "HR12345678901", "HR12345678901"},
		{"HU", "HU12345678", "HU12345678"},
		{"IE", "IE1234567T", "IE1234567T"},
		{"IE", "1234567TW", "IE1234567TW"},
		{"IE", "1234567FA", "IE1234567FA"},
		{"IE", "IE1A23456T", "IE1A23456T"},
		{"IE", "8+12345T", "IE8+12345T"},
		{"IT", "IT12345678901", "IT12345678901"},
		{"LT", "LT123456789", "LT123456789"},
		{"LT", "123456789012", "LT123456789012"},
		{"LU", "LU12345678", "LU12345678"},
		{"LV", "LV12345678901", "LV12345678901"},
		{"MT", "MT12345678", "MT12345678"},
		{"NL", "NL123456789B01", "NL123456789B01"},
		{"NL", "1234.56.789.b.01", "NL123456789B01"},
		{"PL", "PL1234567890", "PL1234567890"},
		{"PL", "123-456-78-90", "PL1234567890"},
		{"PT", "PT123456789", "PT123456789"},
		{"RO", "RO12", "RO12"},
		{"RO", "1234567890", "RO1234567890"},
		{"SE", "SE123456789001", "SE123456789001"},
		{"SI", "SI12345678", "SI12345678"},
		{"SK", "SK1234567890", "SK1234567890"},
		{" at ", "\tATU12345678\n", "ATU12345678"},
	}
	seen := map[string]bool{}
	for _, s := range valid {
		got, err := NormalizeVATID(s.country, s.id)
		if err != nil || got != s.expected {
			t.Errorf("NormalizeVATID(%q, %q) = %q, %v; expected %q", s.country, s.id, got, err, s.expected)
		}
		seen[strings.ToUpper(strings.TrimSpace(s.country))] = true
	}
	for country := range euMembers {
		if !seen[country] {
			t.Errorf("no valid VAT ID scenario for %s", country)
		}
	}

	invalid := []struct {
		country, id string
		message     string // part of the error
	}{
		{"DE", "", "empty"},
		{"DE", " .- ", "empty"},
		{"DE", "DE12345678", `expected DE followed by 9 digits, e.g. DE123456789`},
		{"DE", "1234567890", "9 digits"},
		{"DE", "DE12345678X", "9 digits"},
		{"DE", "FR12345678901", "is a VAT number of FR, not of DE"},
		{"DE", "ATU12345678", "is a VAT number of AT, not of DE"},
		{"DE", "EL123456789", "is a VAT number of GR, not of DE"},
		{"FR", "DE123456789", "is a VAT number of DE, not of FR"},
		{"FR", "FR123456789", "2 digits or letters and 9 digits"}, // the key is missing
		{"FR", "IO123456789", "FR"},                               // no I or O in the key
		{"AT", "12345678", `"U" and 8 digits`},
		{"BE", "BE2123456789", "starting with 0 or 1"},
		{"BE", "123456789", "10 digits"}, // the old 9-digit form
		{"ES", "123456789", "not both digits"},
		{"NL", "NL123456789", `"B"`},
		{"NL", "123456789B1", `"B"`},
		{"SE", "SE123456789012", `ending in "01"`},
		{"IE", "IE12345678", "7 digits"},
		{"RO", "RO0123", "not starting with 0"},
		{"RO", "RO12345678901", "2 to 10 digits"},
		{"IT", "IT1234567890", "11 digits"},
		{"PL", "PL12345678", "10 digits"},
		{"DE", "DE123/456/789", "9 digits"},
		{"US", "123456789", `"US" is not an EU member state`},
		{"GB", "GB123456789", `"GB" is not an EU member state`},
		{"EL", "EL123456789", `"EL" is not an EU member state`},
		{"", "DE123456789", "not an EU member state"},
	}
	for _, s := range invalid {
		got, err := NormalizeVATID(s.country, s.id)
		if !errors.Is(err, ErrInvalidVATID) || got != "" || !strings.Contains(err.Error(), s.message) {
			t.Errorf("NormalizeVATID(%q, %q) = %q, %v; expected ErrInvalidVATID mentioning %q", s.country, s.id, got, err, s.message)
		}
	}
}

func TestVATFormatsCoverEU(t *testing.T) {
	t.Parallel()

	if len(euMembers) != 27 || len(vatFormats) != 27 {
		t.Fatalf("%d members and %d formats; expected 27 each", len(euMembers), len(vatFormats))
	}
	for country := range euMembers {
		f, ok := vatFormats[country]
		if !ok {
			t.Errorf("%s has no VAT number format", country)
			continue
		}
		// the example in each error message must itself be accepted
		if got, err := NormalizeVATID(country, f.example); err != nil || got != euMembers[country]+f.example {
			t.Errorf("%s: the example %q gives %q, %v", country, f.example, got, err)
		}
	}
}
