package tax

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// ErrInvalidVATID is returned (wrapped with an explanation a customer can
// read) by NormalizeVATID for a VAT number that is empty, malformed, for
// another country, or for a country outside the EU.
var ErrInvalidVATID = errors.New("tax: invalid VAT ID")

// vatFormat is the shape of one member state's VAT numbers, without the
// country prefix.
type vatFormat struct {
	re      *regexp.Regexp
	shape   string // for people: "9 digits"
	example string // a well-formed number without the prefix
}

// vatFormats holds the format of the VAT numbers of each EU member state,
// keyed by ISO country code, as published by the European Commission for
// VIES. Only the shape is checked: check digits are VIES's business.
var vatFormats = map[string]vatFormat{
	"AT": {regexp.MustCompile(`^U\d{8}$`), `"U" and 8 digits`, "U12345678"},
	"BE": {regexp.MustCompile(`^[01]\d{9}$`), "10 digits starting with 0 or 1", "0123456789"},
	"BG": {regexp.MustCompile(`^\d{9,10}$`), "9 or 10 digits", "123456789"},
	"CY": {regexp.MustCompile(`^\d{8}[A-Z]$`), "8 digits and a letter", "12345678L"},
	"CZ": {regexp.MustCompile(`^\d{8,10}$`), "8, 9 or 10 digits", "12345678"},
	"DE": {regexp.MustCompile(`^\d{9}$`), "9 digits", "123456789"},
	"DK": {regexp.MustCompile(`^\d{8}$`), "8 digits", "12345678"},
	"EE": {regexp.MustCompile(`^\d{9}$`), "9 digits", "123456789"},
	// a letter and 7 digits and a letter or digit, or 8 digits and a letter:
	// the first and last characters are never both digits
	"ES": {regexp.MustCompile(`^([A-Z]\d{7}[A-Z0-9]|\d{8}[A-Z])$`), "9 characters: 7 digits between a letter or digit and a letter or digit, not both digits", "A1234567B"},
	"FI": {regexp.MustCompile(`^\d{8}$`), "8 digits", "12345678"},
	// a two-character key (digits or letters other than I and O), then the
	// 9-digit SIREN
	"FR": {regexp.MustCompile(`^[0-9A-HJ-NP-Z]{2}\d{9}$`), "2 digits or letters and 9 digits", "XX123456789"},
	"GR": {regexp.MustCompile(`^\d{9}$`), "9 digits", "123456789"},
	"HR": {regexp.MustCompile(`^\d{11}$`), "11 digits", "12345678901"},
	"HU": {regexp.MustCompile(`^\d{8}$`), "8 digits", "12345678"},
	// 7 digits and a letter, optionally a second letter (A-I or W, since
	// 2013); or the old form: a digit, a letter, "+" or "*", 5 digits, a
	// letter
	"IE": {regexp.MustCompile(`^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$`), "7 digits and 1 or 2 letters (or the old form 1X23456Y)", "1234567T"},
	"IT": {regexp.MustCompile(`^\d{11}$`), "11 digits", "12345678901"},
	"LT": {regexp.MustCompile(`^(\d{9}|\d{12})$`), "9 or 12 digits", "123456789"},
	"LU": {regexp.MustCompile(`^\d{8}$`), "8 digits", "12345678"},
	"LV": {regexp.MustCompile(`^\d{11}$`), "11 digits", "12345678901"},
	"MT": {regexp.MustCompile(`^\d{8}$`), "8 digits", "12345678"},
	"NL": {regexp.MustCompile(`^\d{9}B\d{2}$`), `9 digits, "B" and 2 digits`, "123456789B01"},
	"PL": {regexp.MustCompile(`^\d{10}$`), "10 digits", "1234567890"},
	"PT": {regexp.MustCompile(`^\d{9}$`), "9 digits", "123456789"},
	"RO": {regexp.MustCompile(`^[1-9]\d{1,9}$`), "2 to 10 digits, not starting with 0", "12345678"},
	"SE": {regexp.MustCompile(`^\d{10}01$`), `12 digits ending in "01"`, "123456789001"},
	"SI": {regexp.MustCompile(`^\d{8}$`), "8 digits", "12345678"},
	"SK": {regexp.MustCompile(`^\d{10}$`), "10 digits", "1234567890"},
}

// vatPrefixCountry maps a VAT number prefix back to its country code.
var vatPrefixCountry = func() map[string]string {
	m := make(map[string]string, len(euMembers))
	for country, prefix := range euMembers {
		m[prefix] = country
	}
	m["GR"] = "GR" // Greek numbers typed with the ISO code
	return m
}()

// NormalizeVATID returns the canonical form of an EU VAT number of country
// (an ISO 3166-1 alpha-2 code in any case): the VAT prefix followed by the
// number, upper-case, with no separators, e.g. "DE123456789",
// "NL123456789B01", and "EL123456789" for Greece (country "GR").
//
// The number may be given with or without its prefix (for Greece "EL" or
// "GR"), in any case, with spaces, dots and dashes anywhere. A number that
// starts with its own prefix is read as prefixed (a French "FR123456789" is
// missing its 2-character key; a key that really is "FR" is typed
// "FRFR123456789"), and a number that starts with another member state's
// prefix and fits that state's shape is refused as that state's. Only the shape
// is checked, per country (e.g. DE 9 digits, AT "U" and 8 digits); whether
// the number exists is a question for VIES (see VATChecker).
//
// Every error wraps ErrInvalidVATID and says what is wrong: an empty number,
// a country outside the EU, the prefix of another member state, or the
// expected shape with an example.
func NormalizeVATID(country, id string) (string, error) {
	country = strings.ToUpper(strings.TrimSpace(country))
	prefix, ok := euMembers[country]
	if !ok {
		return "", fmt.Errorf("%w: %q is not an EU member state, so it has no EU VAT number format", ErrInvalidVATID, country)
	}
	format := vatFormats[country]

	clean := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '.' || r == '-' {
			return -1
		}
		return unicode.ToUpper(r)
	}, id)
	if clean == "" {
		return "", fmt.Errorf("%w: the VAT number is empty", ErrInvalidVATID)
	}

	// with the country's own prefix, what follows must be the number: a
	// French "FR123456789" is a number without its key, not the key "FR"
	// (type "FRFR123456789" for that)
	prefixes := []string{prefix}
	if country == "GR" {
		prefixes = append(prefixes, "GR") // the ISO code people often type
	}
	for _, p := range prefixes {
		if rest, found := strings.CutPrefix(clean, p); found {
			if format.re.MatchString(rest) {
				return prefix + rest, nil
			}
			return "", formatError(id, country)
		}
	}

	// another member state's number is named as such, even where it would
	// also fit this country's shape (a German "DE123456789" is not taken
	// for a French number with the key "DE")
	if len(clean) >= 2 {
		if other, found := vatPrefixCountry[clean[:2]]; found && vatFormats[other].re.MatchString(clean[2:]) {
			return "", fmt.Errorf("%w: %q is a VAT number of %s, not of %s", ErrInvalidVATID, id, other, country)
		}
	}

	if format.re.MatchString(clean) {
		return prefix + clean, nil
	}
	return "", formatError(id, country)
}

// formatError explains the shape of country's VAT numbers.
func formatError(id, country string) error {
	prefix, format := euMembers[country], vatFormats[country]
	return fmt.Errorf("%w: %q is not a VAT number of %s: expected %s followed by %s, e.g. %s%s",
		ErrInvalidVATID, id, country, prefix, format.shape, prefix, format.example)
}
