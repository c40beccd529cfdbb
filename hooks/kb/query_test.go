package kb

import (
	"strings"
	"testing"
)

func TestSearchTermsNeverCarrySyntax(t *testing.T) {
	for _, tc := range []struct {
		in     string
		terms  string
		prefix bool
		match  string
	}{
		{"ssh key", "ssh key", true, `"ssh" "key"*`},
		{"ssh key ", "ssh key", false, `"ssh" "key"`},
		{`"ssh" AND (key OR NOT x*) NEAR/2 title:y ^z`, "ssh and key or not x near 2 title y z", true, `"ssh" "and" "key" "or" "not" "x" "near" "2" "title" "y" "z"`},
		{"Ünïcode CAFÉ", "ünïcode café", true, `"ünïcode" "café"*`},
		{"*", "", false, ""},
		{`"" () -- ;`, "", false, ""},
	} {
		terms, prefix := searchTerms(tc.in)
		if strings.Join(terms, " ") != tc.terms || prefix != tc.prefix {
			t.Errorf("searchTerms(%q) = %q %v, want %q %v", tc.in, terms, prefix, tc.terms, tc.prefix)
		}
		if tc.match != "" {
			if got := matchExpression(terms, prefix, false); !strings.HasPrefix(got, tc.match) {
				t.Errorf("matchExpression(%q) = %s, want prefix %s", tc.in, got, tc.match)
			}
		}
	}
	many, _ := searchTerms(strings.Repeat("a ", 100) + strings.Repeat("x", 200))
	if len(many) != maxQueryTerms {
		t.Errorf("%d terms kept, want %d", len(many), maxQueryTerms)
	}
	if got := matchExpression([]string{"a", "b"}, true, true); got != `"a" OR "b"*` {
		t.Errorf("any: %s", got)
	}
}
