package numbering

import (
	"errors"
	"testing"
)

func TestParsePatternAccepts(t *testing.T) {
	tests := []struct {
		pattern string
		maxLen  int
	}{
		{"INV-{YYYY}-{SEQ:6}", 4 + 4 + 1 + 12},
		{"CN-{YYYY}-{SEQ:6}", 3 + 4 + 1 + 12},
		{"ORD-{SEQ:6}", 4 + 12},
		{"{SEQ}", 12},
		{"{SEQ:1}", 12},
		{"{SEQ:12}", 12},
		{"{SEQ:06}", 12},
		{"{YY}{MM}{DD}{SEQ:4}", 2 + 2 + 2 + 12},
		{"Invoice #{SEQ} / {YYYY}.{MM}", 9 + 12 + 3 + 4 + 1 + 2},
		{"A_b-c/d.e#f 0{SEQ}", 13 + 12},
		{"{YYYY}{YYYY}{SEQ}", 4 + 4 + 12},
	}
	for _, tt := range tests {
		p, err := ParsePattern(tt.pattern)
		if err != nil {
			t.Errorf("ParsePattern(%q): %v", tt.pattern, err)
			continue
		}
		if got := p.String(); got != tt.pattern {
			t.Errorf("ParsePattern(%q).String() = %q", tt.pattern, got)
		}
		if got := p.MaxLen(); got != tt.maxLen {
			t.Errorf("ParsePattern(%q).MaxLen() = %d, want %d", tt.pattern, got, tt.maxLen)
		}
	}
}

func TestParsePatternRefuses(t *testing.T) {
	tests := []struct {
		pattern string
		pos     int
		message string
	}{
		{"", -1, "the pattern is empty; it needs a {SEQ} token, e.g. INV-{SEQ:6}"},
		{"INV-{YYYY}", -1, "the pattern has no {SEQ} token; add one, e.g. INV-{YYYY}-{SEQ:6}"},
		{"INV-", -1, "the pattern has no {SEQ} token; add one, e.g. INV-{SEQ:6}"},
		{"INV-{YYY}-{SEQ}", 4, "unknown token {YYY} at position 4; the tokens are {YYYY}, {YY}, {MM}, {DD}, {SEQ} and {SEQ:n}"},
		{"INV-{}-{SEQ}", 4, "unknown token {} at position 4; the tokens are {YYYY}, {YY}, {MM}, {DD}, {SEQ} and {SEQ:n}"},
		{"INV-{ SEQ }", 4, "unknown token { SEQ } at position 4; the tokens are {YYYY}, {YY}, {MM}, {DD}, {SEQ} and {SEQ:n}"},
		{"INV-{yyyy}-{SEQ}", 4, "unknown token {yyyy} at position 4; tokens are upper case: {YYYY}"},
		{"INV-{seq:6}", 4, "unknown token {seq:6} at position 4; tokens are upper case: {SEQ:6}"},
		{"INV-{SEQ:0}", 4, "invalid padding in {SEQ:0} at position 4: n in {SEQ:n} must be a number from 1 to 12"},
		{"INV-{SEQ:13}", 4, "invalid padding in {SEQ:13} at position 4: n in {SEQ:n} must be a number from 1 to 12"},
		{"INV-{SEQ:}", 4, "invalid padding in {SEQ:} at position 4: n in {SEQ:n} must be a number from 1 to 12"},
		{"INV-{SEQ:x}", 4, "invalid padding in {SEQ:x} at position 4: n in {SEQ:n} must be a number from 1 to 12"},
		{"INV-{SEQ:+6}", 4, "invalid padding in {SEQ:+6} at position 4: n in {SEQ:n} must be a number from 1 to 12"},
		{"INV-{SEQ:-6}", 4, "invalid padding in {SEQ:-6} at position 4: n in {SEQ:n} must be a number from 1 to 12"},
		{"INV-{SEQ:006}", 4, "invalid padding in {SEQ:006} at position 4: n in {SEQ:n} must be a number from 1 to 12"},
		{"INV-{SEQ:6", 4, "unclosed token {SEQ:6 at position 4: missing }"},
		{"INV-{YYYY-{SEQ}", 4, "unclosed token {YYYY- at position 4: missing }"},
		{"INV-{", 4, "unclosed token { at position 4: missing }"},
		{"INV-}{SEQ}", 4, "unexpected } at position 4 without a matching {"},
		{"INV-{SEQ}-{SEQ:4}", 10, "second sequence token {SEQ:4} at position 10; a pattern has exactly one (the first is at position 4)"},
		{"INV:{SEQ}", 3, "character ':' at position 3 is not allowed; use letters A–Z, digits, spaces and - _ / . #"},
		{"INV\t{SEQ}", 3, "character '\\t' at position 3 is not allowed; use letters A–Z, digits, spaces and - _ / . #"},
		{"RÉ-{SEQ}", 1, "character 'É' at position 1 is not allowed; use letters A–Z, digits, spaces and - _ / . #"},
		// positions count characters, not bytes: "é" is two bytes
		{"é", 0, "character 'é' at position 0 is not allowed; use letters A–Z, digits, spaces and - _ / . #"},
		{"INV-{SEQ}-€", 10, "character '€' at position 10 is not allowed; use letters A–Z, digits, spaces and - _ / . #"},
		{"INV-{SE\x00Q}", 4, `unknown token "{SE\x00Q}" at position 4; the tokens are {YYYY}, {YY}, {MM}, {DD}, {SEQ} and {SEQ:n}`},
		{"INV-{SEQ}%", 9, "character '%' at position 9 is not allowed; use letters A–Z, digits, spaces and - _ / . #"},
		{" INV-{SEQ}", 0, "the pattern starts with a space at position 0"},
		{"INV-{SEQ} ", 9, "the pattern ends with a space at position 9"},
		{"INV-\xff{SEQ}", 4, "invalid UTF-8 at position 4"},
		{"é-\xff{SEQ}", 2, "invalid UTF-8 at position 2"},
	}
	for _, tt := range tests {
		p, err := ParsePattern(tt.pattern)
		var pe *PatternError
		if !errors.As(err, &pe) {
			t.Errorf("ParsePattern(%q) = %v, %v; want a *PatternError", tt.pattern, p, err)
			continue
		}
		if pe.Message != tt.message || err.Error() != tt.message {
			t.Errorf("ParsePattern(%q) error\n got %q\nwant %q", tt.pattern, err.Error(), tt.message)
		}
		if pe.Pos != tt.pos || pe.Pattern != tt.pattern {
			t.Errorf("ParsePattern(%q) error at %d in %q, want %d", tt.pattern, pe.Pos, pe.Pattern, tt.pos)
		}
		if p.String() != "" || p.MaxLen() != 0 {
			t.Errorf("ParsePattern(%q) returned a non-zero Pattern with its error", tt.pattern)
		}
	}
}

// FuzzParsePattern: ParsePattern never panics, and whatever it accepts
// formats within MaxLen and prints back as given.
func FuzzParsePattern(f *testing.F) {
	for _, s := range []string{"INV-{YYYY}-{SEQ:6}", "{SEQ}", "{SEQ:12}{YY}", "{", "}", "{SEQ:", "é{SEQ}", "\xff", "{{SEQ}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePattern(s)
		if err != nil {
			var pe *PatternError
			if !errors.As(err, &pe) || pe.Message == "" || pe.Pos >= len([]rune(s)) {
				t.Fatalf("ParsePattern(%q) = %#v", s, err)
			}
			return
		}
		if p.String() != s {
			t.Fatalf("String() = %q, want %q", p.String(), s)
		}
		n := p.Format(999_999_999_999, day(2026, 12, 31))
		if len(n) != p.MaxLen() {
			t.Fatalf("%q: %q is %d long, MaxLen %d", s, n, len(n), p.MaxLen())
		}
	})
}
