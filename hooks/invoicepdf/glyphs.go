package invoicepdf

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Replacement is printed in place of a character the embedded fonts lack.
const Replacement = '?'

// MissingGlyph is a character the embedded fonts cannot show, printed as
// Replacement: Chinese, Japanese and Korean script, emoji, Arabic, Hebrew,
// Indic scripts and the like. Latin (with accents), Greek and Cyrillic are
// covered.
type MissingGlyph struct {
	// Field names where the character is, in Go syntax relative to
	// Document: "Buyer.Name", "Lines[3].Description".
	Field string
	// Rune is the character.
	Rune rune
}

// String returns e.g. `U+4E2D '中' in Buyer.Name`.
func (m MissingGlyph) String() string {
	return fmt.Sprintf("%U %q in %s", m.Rune, m.Rune, m.Field)
}

// MissingGlyphsError lists the characters of a Document printed as
// Replacement. Report.Err returns it for callers that want to log or refuse
// such a document; Render itself does not fail because of them.
type MissingGlyphsError struct {
	Missing []MissingGlyph
}

func (e *MissingGlyphsError) Error() string {
	const show = 5
	var b strings.Builder
	fmt.Fprintf(&b, "invoicepdf: %d character(s) the PDF fonts cannot show were printed as %q: ", len(e.Missing), Replacement)
	for i, m := range e.Missing {
		if i == show {
			fmt.Fprintf(&b, ", and %d more", len(e.Missing)-show)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(m.String())
	}
	return b.String()
}

// sanitizer makes the Document's text printable with the embedded fonts and
// records what it had to replace.
type sanitizer struct {
	glyphs  glyphChecker
	missing []MissingGlyph
	seen    map[MissingGlyph]bool
	b       strings.Builder
}

// line cleans a single-line field: line breaks and tabs become spaces and
// the ends are trimmed.
func (s *sanitizer) line(field, v string) string {
	return strings.TrimSpace(s.clean(field, v, false))
}

// text cleans a multi-line field, keeping its line breaks.
func (s *sanitizer) text(field, v string) string {
	return strings.Trim(s.clean(field, v, true), "\n ")
}

// clean composes the text (NFC: "e" + U+0301 becomes "é", which the fonts
// have), turns every kind of line break into '\n' (or a space when
// !multiline), every space character into ' ', drops invisible control and
// format characters (zero-width joiner, soft hyphen, byte-order mark,
// variation selectors), and replaces each remaining character the fonts
// lack with Replacement, recording it.
func (s *sanitizer) clean(field, v string, multiline bool) string {
	if v == "" {
		return ""
	}
	ascii := true
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c >= 0x7f {
			ascii = false
			break
		}
	}
	if ascii {
		return v
	}
	v = norm.NFC.String(v)
	nl := byte('\n')
	if !multiline {
		nl = ' '
	}
	s.b.Reset()
	prevCR := false
	for _, r := range v {
		cr := r == '\r'
		switch {
		case r == '\n' && prevCR:
			// the second half of "\r\n"
		case r == '\r' || r == '\n' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029:
			s.b.WriteByte(nl)
		case r == '\t' || (unicode.Is(unicode.Zs, r) && !s.glyphs.has(r)):
			s.b.WriteByte(' ')
		case unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r):
			// invisible: nothing is lost
		case s.glyphs.has(r):
			s.b.WriteRune(r)
		default:
			s.b.WriteRune(Replacement)
			m := MissingGlyph{Field: field, Rune: r}
			if !s.seen[m] {
				if s.seen == nil {
					s.seen = make(map[MissingGlyph]bool)
				}
				s.seen[m] = true
				s.missing = append(s.missing, m)
			}
		}
		prevCR = cr
	}
	return s.b.String()
}

// sanitize returns a copy of doc whose text the embedded fonts can print,
// and the characters it replaced, in the order of the fields below.
func sanitize(doc Document) (Document, []MissingGlyph) {
	var s sanitizer
	out := doc
	out.Number = s.line("Number", doc.Number)
	out.Status = s.line("Status", doc.Status)
	out.Seller = s.party("Seller", doc.Seller)
	out.Buyer = s.party("Buyer", doc.Buyer)
	out.Lines = make([]Line, len(doc.Lines))
	for i, l := range doc.Lines {
		p := "Lines[" + itoa(int64(i)) + "]."
		l.Description = s.text(p+"Description", l.Description)
		l.Period = s.line(p+"Period", l.Period)
		out.Lines[i] = l
	}
	out.TaxLines = make([]TaxLine, len(doc.TaxLines))
	for i, t := range doc.TaxLines {
		t.Name = s.line("TaxLines["+itoa(int64(i))+"].Name", t.Name)
		out.TaxLines[i] = t
	}
	out.Notice = s.text("Notice", doc.Notice)
	out.PaymentInstructions = s.text("PaymentInstructions", doc.PaymentInstructions)
	out.Notes = s.text("Notes", doc.Notes)
	out.RelatedNumber = s.line("RelatedNumber", doc.RelatedNumber)
	return out, s.missing
}

func (s *sanitizer) party(prefix string, p Party) Party {
	out := Party{
		Name:         s.line(prefix+".Name", p.Name),
		Company:      s.line(prefix+".Company", p.Company),
		Country:      strings.ToUpper(s.line(prefix+".Country", p.Country)),
		TaxID:        s.line(prefix+".TaxID", p.TaxID),
		Registration: s.line(prefix+".Registration", p.Registration),
		Email:        s.line(prefix+".Email", p.Email),
		Phone:        s.line(prefix+".Phone", p.Phone),
	}
	for i, l := range p.AddressLines {
		if l = s.line(prefix+".AddressLines["+itoa(int64(i))+"]", l); l != "" {
			out.AddressLines = append(out.AddressLines, l)
		}
	}
	return out
}
