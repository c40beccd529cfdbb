package tickets

import (
	"net/mail"
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/tools/security"
)

const tokenAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// tokenLength gives 36^24 (about 2^124) tokens: a reply address cannot be
// guessed.
const tokenLength = 24

var tokenPattern = regexp.MustCompile(`^[a-z0-9]{24}$`)

// subjectToken finds a token written in a subject, e.g. "Re: [#K7Q2ZX9A]
// … (abc…xyz)".
var subjectToken = regexp.MustCompile(`(?i)\b[a-z0-9]{24}\b`)

// NewReplyToken returns a fresh ticket reply token.
func NewReplyToken() string {
	return security.RandomStringWithAlphabet(tokenLength, tokenAlphabet)
}

// ReplyAddress is base (support@hosting.example) with the ticket's token as
// a subaddress: support+TOKEN@hosting.example. It is "" when base is not
// an address.
func ReplyAddress(base, token string) string {
	local, domain, ok := strings.Cut(base, "@")
	if !ok || local == "" || domain == "" || token == "" {
		return ""
	}
	if plus := strings.IndexByte(local, '+'); plus >= 0 {
		local = local[:plus]
	}
	return local + "+" + token + "@" + domain
}

// tokenInAddress returns the token of a subaddress (local+TOKEN@domain), or
// "" when addr carries none.
func tokenInAddress(addr string) string {
	if a, err := mail.ParseAddress(addr); err == nil {
		addr = a.Address
	}
	local, _, ok := strings.Cut(strings.TrimSpace(addr), "@")
	if !ok {
		return ""
	}
	plus := strings.LastIndexByte(local, '+')
	if plus < 0 {
		return ""
	}
	token := strings.ToLower(local[plus+1:])
	if !tokenPattern.MatchString(token) {
		return ""
	}
	return token
}

// candidateTokens lists the tokens an inbound mail may carry, addresses
// first, then the subject; each at most once.
func candidateTokens(recipients []string, subject string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, r := range recipients {
		add(tokenInAddress(r))
	}
	for _, w := range subjectToken.FindAllString(subject, -1) {
		add(strings.ToLower(w))
	}
	return out
}
