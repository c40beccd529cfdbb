package affiliates

import (
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/tools/security"
)

// codeAlphabet leaves out letters and digits people confuse (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// codeLength gives 31^8 ≈ 8.5e11 codes: a collision is retried, never likely.
const codeLength = 8

var codePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{4,32}$`)

// reservedCodes would read as the programme's own words in a link.
var reservedCodes = map[string]bool{"ADMIN": true, "STAFF": true, "HOSTBASE": true, "AFFILIATE": true, "TEST": true, "NULL": true}

// NewCode is a random, readable affiliate code.
func NewCode() string {
	return security.RandomStringWithAlphabet(codeLength, codeAlphabet)
}

// CheckCode tells why a code an affiliate chose cannot be used ("" when it
// can). Codes compare without regard to case.
func CheckCode(code string) string {
	if !codePattern.MatchString(code) {
		return "Use 4 to 32 letters, digits, '-' or '_'."
	}
	if reservedCodes[strings.ToUpper(code)] {
		return "This code is reserved."
	}
	return ""
}
