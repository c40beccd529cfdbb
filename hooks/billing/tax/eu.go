package tax

import "strings"

// ReverseChargeNotice is the legal mention an invoice carries when it is
// reverse charged (Applied.Notice).
const ReverseChargeNotice = "Reverse charge: VAT to be accounted for by the recipient as per Article 196 of Council Directive 2006/112/EC."

// euMembers maps the ISO 3166-1 alpha-2 code of each of the 27 EU member
// states to the prefix of its VAT numbers, which is the same code except for
// Greece (GR, whose VAT numbers start with EL).
var euMembers = map[string]string{
	"AT": "AT", "BE": "BE", "BG": "BG", "CY": "CY", "CZ": "CZ", "DE": "DE",
	"DK": "DK", "EE": "EE", "ES": "ES", "FI": "FI", "FR": "FR", "GR": "EL",
	"HR": "HR", "HU": "HU", "IE": "IE", "IT": "IT", "LT": "LT", "LU": "LU",
	"LV": "LV", "MT": "MT", "NL": "NL", "PL": "PL", "PT": "PT", "RO": "RO",
	"SE": "SE", "SI": "SI", "SK": "SK",
}

// IsEU reports whether country, an ISO 3166-1 alpha-2 code in any case, is
// one of the 27 member states of the European Union. Greece is "GR" ("EL" is
// its VAT prefix, not a country code, and is not EU here); the United Kingdom
// ("GB") and Northern Ireland ("XI") are not members.
func IsEU(country string) bool {
	_, ok := euMembers[strings.ToUpper(strings.TrimSpace(country))]
	return ok
}
