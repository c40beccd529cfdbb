package kb

import (
	"strings"
	"unicode"
)

// Limits on what one search reads from the user.
const (
	maxQueryTerms    = 12
	maxQueryTermLen  = 64
	maxQueryInputLen = 500
)

// searchTerms splits user input into words the way the index's unicode61
// tokenizer does (letters and digits; everything else separates), keeping
// at most maxQueryTerms. prefix reports that the input ends inside a word,
// which search treats as a word still being typed.
func searchTerms(q string) (terms []string, prefix bool) {
	if len(q) > maxQueryInputLen {
		q = q[:maxQueryInputLen]
	}
	isWordRune := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !isWordRune(r) }) {
		if len(terms) == maxQueryTerms {
			return terms, false
		}
		if r := []rune(w); len(r) > maxQueryTermLen {
			w = string(r[:maxQueryTermLen])
		}
		terms = append(terms, strings.ToLower(w))
	}
	if len(terms) == 0 {
		return nil, false
	}
	last := []rune(q)
	prefix = isWordRune(last[len(last)-1])
	return terms, prefix
}

// matchExpression builds an FTS5 MATCH expression from terms. Every term is
// a quoted string of letters and digits only, so no FTS5 syntax (NEAR, AND,
// column filters, parentheses, quotes, carets) can come from user input.
// The last term matches as a prefix when prefix is set; any selects OR
// instead of the implicit AND.
func matchExpression(terms []string, prefix, any bool) string {
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			if any {
				b.WriteString(" OR ")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteByte('"')
		b.WriteString(t)
		b.WriteByte('"')
		if prefix && i == len(terms)-1 {
			b.WriteByte('*')
		}
	}
	return b.String()
}
