package kb

import (
	"strings"
	"testing"
)

func TestPlainTextAndExcerpt(t *testing.T) {
	html := "<h2 id=\"x\">Title</h2>\n<p>One &amp; <strong>two</strong>\x02<br>\nthree</p><ul><li>a</li><li>b</li></ul><pre><code>x &lt; y\n</code></pre>"
	if got := stripMarks(PlainText(html)); got != "Title One & two three a b x < y" {
		t.Errorf("PlainText = %q", got)
	}
	if got := Excerpt("short text"); got != "short text" {
		t.Errorf("Excerpt(short) = %q", got)
	}
	long := strings.Repeat("ünïcode ", 60)
	got := Excerpt(long)
	if n := len([]rune(got)); n > maxExcerptRunes+1 || !strings.HasSuffix(got, "ünïcode…") {
		t.Errorf("Excerpt(long) = %q (%d runes)", got, n)
	}
}
