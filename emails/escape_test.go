package emails

import (
	"bytes"
	"html"
	"strings"
	"testing"
	"unicode/utf8"
)

// plainParagraph renders escaped s as markdown and returns the paragraph's
// text, unescaped: what a reader sees.
func plainParagraph(t testing.TB, s string) (string, string) {
	var b bytes.Buffer
	if err := markdown.Convert([]byte(EscapeMarkdown(s)), &b); err != nil {
		t.Fatal(err)
	}
	out := strings.TrimSpace(b.String())
	inner, ok := strings.CutPrefix(out, "<p>")
	inner, ok2 := strings.CutSuffix(inner, "</p>")
	if !ok || !ok2 || strings.Contains(inner, "<") {
		return "", out
	}
	return html.UnescapeString(inner), out
}

// normalize is the text a reader sees: runs of whitespace shown as one
// space, the ends trimmed.
func normalize(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r < 0x80 && isASCIISpace(byte(r)) }), " ")
}

func TestEscapeMarkdownShowsTheTextAsTyped(t *testing.T) {
	for _, s := range []string{
		"<script>alert(1)</script>",
		"[x](javascript:alert(1))",
		"![img](http://evil.example/x.png)",
		"*bold* _it_ ~~gone~~ `code`",
		"# heading\n\n- item\n1. item\n> quote",
		"&lt;b&gt; &amp; &#60;",
		"a | b | c",
		"www.evil.example http://evil.example evil@example.com",
		"back\\slash\\",
		"O'Brien & \"Sons\" <sales@obrien.example>",
		"line one\r\nline two\rline three",
		"    indented\tlike code",
		"\tx",
		"Zoë Ünal 佐藤",
	} {
		got, raw := plainParagraph(t, s)
		if got != normalize(s) {
			t.Errorf("%q rendered as %s", s, raw)
		}
	}
}

func FuzzEscapeMarkdown(f *testing.F) {
	for _, s := range []string{"<script>", "[x](javascript:y)", "a\nb", "*_~`|", "&amp;", "\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// CommonMark replaces NUL and invalid UTF-8, and treats other
		// control and Unicode whitespace characters specially at the
		// edges: outside what a name or a note holds.
		if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r < ' ' && !isASCIISpace(byte(r)) || r == 0x7f || r > 0x7f && r < 0xa1 }) {
			t.Skip()
		}
		s = strings.TrimFunc(s, func(r rune) bool { return r > 0x7f && strings.TrimSpace(string(r)) == "" })
		got, raw := plainParagraph(t, s)
		if want := normalize(s); want != "" && got != want {
			t.Errorf("%q rendered as %s", s, raw)
		}
	})
}
