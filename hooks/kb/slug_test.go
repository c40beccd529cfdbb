package kb

import (
	"regexp"
	"strings"
	"testing"
)

func TestSlugify(t *testing.T) {
	pattern := regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	for _, tc := range []struct{ in, want string }{
		{"How to connect via SSH", "how-to-connect-via-ssh"},
		{"  Über Straße — Ærø & Łódź!  ", "uber-strasse-aero-lodz"},
		{"Résumé: 10 tips (2026)", "resume-10-tips-2026"},
		{"C++ / C# on Windows", "c-c-on-windows"},
		{"日本語のタイトル", ""},
		{"---", ""},
		{strings.Repeat("word ", 40), strings.TrimSuffix(strings.Repeat("word-", 16), "-")},
	} {
		got := Slugify(tc.in)
		if got != tc.want {
			t.Errorf("Slugify(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got != "" && (!pattern.MatchString(got) || len(got) > maxSlugLen) {
			t.Errorf("Slugify(%q) = %q breaks the schema's pattern or length", tc.in, got)
		}
	}
}
