package money

import (
	"errors"
	"fmt"
	"slices"
)

// ErrUnknownCurrency is returned (wrapped with the offending code) when a
// currency code is not an active ISO 4217 code known to this package.
var ErrUnknownCurrency = errors.New("money: unknown currency")

// Currency describes an ISO 4217 currency.
type Currency struct {
	// Code is the upper-case, three-letter ISO 4217 code, e.g. "USD".
	Code string

	// Decimals is the ISO 4217 minor unit exponent: the number of digits
	// after the decimal point (2 for USD, 0 for JPY, 3 for KWD).
	// An amount of 1 minor unit is 10^-Decimals of the major unit.
	Decimals int

	// Symbol is a display hint for common currencies ("$", "€", "CA$"),
	// empty when there is no widely recognised symbol. Symbols are not
	// unique ("kr" is SEK, NOK, DKK and ISK) and must never be parsed.
	Symbol string
}

// currencies is the embedded ISO 4217 table of active, circulating national
// currencies, sorted by code. Funds codes (e.g. CLF, USN), precious metals
// (XAU), SDRs (XDR) and the test codes (XTS, XXX) are deliberately absent.
var currencies = []Currency{
	{"AED", 2, "د.إ"},
	{"AFN", 2, "؋"},
	{"ALL", 2, ""},
	{"AMD", 2, "֏"},
	{"ANG", 2, ""},
	{"AOA", 2, ""},
	{"ARS", 2, "$"},
	{"AUD", 2, "A$"},
	{"AWG", 2, ""},
	{"AZN", 2, "₼"},
	{"BAM", 2, "KM"},
	{"BBD", 2, ""},
	{"BDT", 2, "৳"},
	{"BGN", 2, "лв"},
	{"BHD", 3, ""},
	{"BIF", 0, ""},
	{"BMD", 2, ""},
	{"BND", 2, ""},
	{"BOB", 2, "Bs"},
	{"BRL", 2, "R$"},
	{"BSD", 2, ""},
	{"BTN", 2, ""},
	{"BWP", 2, "P"},
	{"BYN", 2, ""},
	{"BZD", 2, ""},
	{"CAD", 2, "CA$"},
	{"CDF", 2, ""},
	{"CHF", 2, "CHF"},
	{"CLP", 0, "$"},
	{"CNY", 2, "CN¥"},
	{"COP", 2, "$"},
	{"CRC", 2, "₡"},
	{"CUP", 2, ""},
	{"CVE", 2, ""},
	{"CZK", 2, "Kč"},
	{"DJF", 0, ""},
	{"DKK", 2, "kr"},
	{"DOP", 2, "RD$"},
	{"DZD", 2, ""},
	{"EGP", 2, "E£"},
	{"ERN", 2, ""},
	{"ETB", 2, ""},
	{"EUR", 2, "€"},
	{"FJD", 2, ""},
	{"FKP", 2, ""},
	{"GBP", 2, "£"},
	{"GEL", 2, "₾"},
	{"GHS", 2, "GH₵"},
	{"GIP", 2, ""},
	{"GMD", 2, ""},
	{"GNF", 0, ""},
	{"GTQ", 2, "Q"},
	{"GYD", 2, ""},
	{"HKD", 2, "HK$"},
	{"HNL", 2, "L"},
	{"HTG", 2, ""},
	{"HUF", 2, "Ft"},
	{"IDR", 2, "Rp"},
	{"ILS", 2, "₪"},
	{"INR", 2, "₹"},
	{"IQD", 3, ""},
	{"IRR", 2, ""},
	{"ISK", 0, "kr"},
	{"JMD", 2, "J$"},
	{"JOD", 3, ""},
	{"JPY", 0, "¥"},
	{"KES", 2, "KSh"},
	{"KGS", 2, ""},
	{"KHR", 2, "៛"},
	{"KMF", 0, ""},
	{"KPW", 2, ""},
	{"KRW", 0, "₩"},
	{"KWD", 3, ""},
	{"KYD", 2, ""},
	{"KZT", 2, "₸"},
	{"LAK", 2, "₭"},
	{"LBP", 2, ""},
	{"LKR", 2, "Rs"},
	{"LRD", 2, ""},
	{"LSL", 2, ""},
	{"LYD", 3, ""},
	{"MAD", 2, ""},
	{"MDL", 2, ""},
	{"MGA", 2, ""},
	{"MKD", 2, ""},
	{"MMK", 2, ""},
	{"MNT", 2, "₮"},
	{"MOP", 2, ""},
	{"MRU", 2, ""},
	{"MUR", 2, "Rs"},
	{"MVR", 2, ""},
	{"MWK", 2, ""},
	{"MXN", 2, "MX$"},
	{"MYR", 2, "RM"},
	{"MZN", 2, ""},
	{"NAD", 2, ""},
	{"NGN", 2, "₦"},
	{"NIO", 2, "C$"},
	{"NOK", 2, "kr"},
	{"NPR", 2, "Rs"},
	{"NZD", 2, "NZ$"},
	{"OMR", 3, ""},
	{"PAB", 2, ""},
	{"PEN", 2, "S/"},
	{"PGK", 2, ""},
	{"PHP", 2, "₱"},
	{"PKR", 2, "Rs"},
	{"PLN", 2, "zł"},
	{"PYG", 0, "₲"},
	{"QAR", 2, ""},
	{"RON", 2, "lei"},
	{"RSD", 2, ""},
	{"RUB", 2, "₽"},
	{"RWF", 0, ""},
	{"SAR", 2, ""},
	{"SBD", 2, ""},
	{"SCR", 2, ""},
	{"SDG", 2, ""},
	{"SEK", 2, "kr"},
	{"SGD", 2, "S$"},
	{"SHP", 2, ""},
	{"SLE", 2, ""},
	{"SOS", 2, ""},
	{"SRD", 2, ""},
	{"SSP", 2, ""},
	{"STN", 2, ""},
	{"SVC", 2, ""},
	{"SYP", 2, ""},
	{"SZL", 2, ""},
	{"THB", 2, "฿"},
	{"TJS", 2, ""},
	{"TMT", 2, ""},
	{"TND", 3, ""},
	{"TOP", 2, ""},
	{"TRY", 2, "₺"},
	{"TTD", 2, "TT$"},
	{"TWD", 2, "NT$"},
	{"TZS", 2, "TSh"},
	{"UAH", 2, "₴"},
	{"UGX", 0, "USh"},
	{"USD", 2, "$"},
	{"UYU", 2, "$U"},
	{"UZS", 2, ""},
	{"VES", 2, ""},
	{"VND", 0, "₫"},
	{"VUV", 0, ""},
	{"WST", 2, ""},
	{"XAF", 0, "FCFA"},
	{"XCD", 2, "EC$"},
	{"XCG", 2, ""},
	{"XOF", 0, "CFA"},
	{"XPF", 0, "CFPF"},
	{"YER", 2, ""},
	{"ZAR", 2, "R"},
	{"ZMW", 2, ""},
	{"ZWG", 2, ""},
}

// currencyIndex maps a code to its position in currencies.
var currencyIndex = func() map[string]int {
	m := make(map[string]int, len(currencies))
	for i, c := range currencies {
		m[c.Code] = i
	}
	return m
}()

// LookupCurrency returns the ISO 4217 currency with the given code.
//
// The code is case-sensitive and must be the upper-case three-letter form
// ("usd" is unknown). An unknown code returns an error wrapping
// ErrUnknownCurrency that names the code.
func LookupCurrency(code string) (Currency, error) {
	i, ok := currencyIndex[code]
	if !ok {
		return Currency{}, fmt.Errorf("%w %q", ErrUnknownCurrency, code)
	}
	return currencies[i], nil
}

// IsKnownCurrency reports whether code is a currency LookupCurrency accepts.
func IsKnownCurrency(code string) bool {
	_, ok := currencyIndex[code]
	return ok
}

// Currencies returns every known currency sorted by code. The returned slice
// is a copy and may be modified by the caller.
func Currencies() []Currency {
	return slices.Clone(currencies)
}
