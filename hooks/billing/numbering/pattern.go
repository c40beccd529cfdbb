package numbering

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSeqDigits is the widest sequence number MaxLen allows for: 12 digits,
// up to 999,999,999,999 documents in one series and period.
const MaxSeqDigits = 12

// kind is the kind of one segment of a pattern.
type kind uint8

const (
	literal kind = iota
	year4
	year2
	month2
	day2
	sequence
)

// tokens maps a token's name (between the braces) to its kind; {SEQ:n} is
// parsed apart.
var tokens = map[string]kind{
	"YYYY": year4,
	"YY":   year2,
	"MM":   month2,
	"DD":   day2,
	"SEQ":  sequence,
}

// segment is a literal run of text or one token.
type segment struct {
	kind kind
	text string // the literal text, for literal segments
	pad  int    // the zero padding of a sequence segment, 0 for none
}

// Pattern is a parsed document number pattern such as "INV-{YYYY}-{SEQ:6}".
// It holds exactly one {SEQ} or {SEQ:n} token and otherwise date tokens and
// literal text. Build one with ParsePattern; the zero Pattern is not usable
// (Format panics on it).
type Pattern struct {
	src      string
	segments []segment
}

// ParsePattern parses a document number pattern.
//
// The tokens are {YYYY}, {YY}, {MM}, {DD}, {SEQ} (no padding) and {SEQ:n}
// (zero-padded to n digits, 1 ≤ n ≤ 12), upper case. Everything else is
// literal text made of ASCII letters, digits, spaces and the characters
// - _ / . # (so that numbers are safe in file names, bank-transfer
// references and URLs).
//
// It returns a *PatternError, whose message says what is wrong and where,
// for: an empty pattern; any other character; an unknown token (lower-case
// tokens get a hint); a "{" without its "}" or a "}" without its "{"; a
// padding outside 1–12; no {SEQ} token or more than one; a leading or
// trailing space (a number ending in a space cannot be searched for
// reliably); text that is not valid UTF-8.
func ParsePattern(s string) (Pattern, error) {
	fail := func(pos int, format string, args ...any) (Pattern, error) {
		return Pattern{}, &PatternError{Pattern: s, Pos: pos, Message: fmt.Sprintf(format, args...)}
	}
	if s == "" {
		return fail(-1, "the pattern is empty; it needs a {SEQ} token, e.g. INV-{SEQ:6}")
	}

	if !utf8.ValidString(s) {
		pos := 0
		for i := 0; i < len(s); pos++ {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		return fail(pos, "invalid UTF-8 at position %d", pos)
	}

	runes := []rune(s)
	if runes[0] == ' ' {
		return fail(0, "the pattern starts with a space at position 0")
	}
	if last := len(runes) - 1; runes[last] == ' ' {
		return fail(last, "the pattern ends with a space at position %d", last)
	}

	var (
		segments []segment
		lit      strings.Builder
		seqPos   = -1
	)
	flush := func() {
		if lit.Len() > 0 {
			segments = append(segments, segment{kind: literal, text: lit.String()})
			lit.Reset()
		}
	}

	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case r == '{':
			j := i + 1
			for j < len(runes) && runes[j] != '}' && runes[j] != '{' {
				j++
			}
			if j == len(runes) || runes[j] == '{' {
				return fail(i, "unclosed token %s at position %d: missing }", show(string(runes[i:j])), i)
			}
			raw := string(runes[i : j+1])
			seg, problem := parseToken(string(runes[i+1:j]), raw, i)
			if problem != "" {
				return fail(i, "%s", problem)
			}
			if seg.kind == sequence {
				if seqPos >= 0 {
					return fail(i, "second sequence token %s at position %d; a pattern has exactly one (the first is at position %d)", show(raw), i, seqPos)
				}
				seqPos = i
			}
			flush()
			segments = append(segments, seg)
			i = j
		case r == '}':
			return fail(i, "unexpected } at position %d without a matching {", i)
		case isLiteral(r):
			lit.WriteRune(r)
		default:
			return fail(i, "character %q at position %d is not allowed; use letters A–Z, digits, spaces and - _ / . #", r, i)
		}
	}
	flush()

	if seqPos < 0 {
		sep := "-"
		if strings.ContainsRune("-_/.#", runes[len(runes)-1]) {
			sep = ""
		}
		return fail(-1, "the pattern has no {SEQ} token; add one, e.g. %s%s{SEQ:6}", s, sep)
	}
	return Pattern{src: s, segments: segments}, nil
}

// parseToken parses the name between the braces of the token raw found at
// position pos. On failure it returns the message saying why.
func parseToken(name, raw string, pos int) (segment, string) {
	if k, ok := tokens[name]; ok {
		return segment{kind: k}, ""
	}
	if digits, ok := strings.CutPrefix(name, "SEQ:"); ok {
		n, err := strconv.Atoi(digits)
		if err != nil || len(digits) > 2 || digits[0] == '+' || digits[0] == '-' || n < 1 || n > MaxSeqDigits {
			return segment{}, fmt.Sprintf("invalid padding in %s at position %d: n in {SEQ:n} must be a number from 1 to %d", show(raw), pos, MaxSeqDigits)
		}
		return segment{kind: sequence, pad: n}, ""
	}
	upper := strings.ToUpper(name)
	_, known := tokens[upper]
	if known || strings.HasPrefix(upper, "SEQ:") {
		return segment{}, fmt.Sprintf("unknown token %s at position %d; tokens are upper case: %s", show(raw), pos, show("{"+upper+"}"))
	}
	return segment{}, fmt.Sprintf("unknown token %s at position %d; the tokens are {YYYY}, {YY}, {MM}, {DD}, {SEQ} and {SEQ:n}", show(raw), pos)
}

// isLiteral reports whether r may appear as literal text in a pattern.
func isLiteral(r rune) bool {
	switch {
	case 'A' <= r && r <= 'Z', 'a' <= r && r <= 'z', '0' <= r && r <= '9':
		return true
	}
	return strings.ContainsRune("-_/.# ", r)
}

// show returns tok as is when every character is printable, else quoted, so
// that an error message never carries control characters.
func show(tok string) string {
	for _, r := range tok {
		if !unicode.IsPrint(r) {
			return strconv.Quote(tok)
		}
	}
	return tok
}

// String returns the pattern as it was given to ParsePattern, e.g.
// "INV-{YYYY}-{SEQ:6}".
func (p Pattern) String() string {
	return p.src
}

// MaxLen returns the length in characters (and bytes: numbers are ASCII) of
// the longest number p formats, assuming a sequence of at most MaxSeqDigits
// digits and a year of at most 4: e.g. 21 for "INV-{YYYY}-{SEQ:6}"
// (4 + 4 + 1 + 12). Compare it with the width of the column that stores the
// numbers (50 characters for invoices and orders) when staff save a pattern.
func (p Pattern) MaxLen() int {
	n := 0
	for _, s := range p.segments {
		switch s.kind {
		case literal:
			n += len(s.text)
		case year4:
			n += 4
		case year2, month2, day2:
			n += 2
		case sequence:
			n += max(s.pad, MaxSeqDigits)
		}
	}
	return n
}

// hasYear reports whether p prints the year, as {YYYY} or {YY}.
func (p Pattern) hasYear() bool {
	for _, s := range p.segments {
		if s.kind == year4 || s.kind == year2 {
			return true
		}
	}
	return false
}

// hasDate reports whether p prints any part of the issue date.
func (p Pattern) hasDate() bool {
	for _, s := range p.segments {
		if s.kind != literal && s.kind != sequence {
			return true
		}
	}
	return false
}
