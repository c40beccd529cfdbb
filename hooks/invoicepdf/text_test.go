package invoicepdf

import (
	"slices"
	"strings"
	"testing"

	"github.com/signintech/gopdf"
)

func TestSanitizeKeepsWhatTheFontsHave(t *testing.T) {
	if err := loadFonts(); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"Zażółć gęślą jaźń", "Дмитрий Иванов", "Straße 5, €12.99", "Ελληνικά", "Ærøskøbing – „Zitat“ … №5",
	} {
		var z sanitizer
		if got := z.line("F", s); got != s || len(z.missing) != 0 {
			t.Errorf("line(%q) = %q, missing %v", s, got, z.missing)
		}
	}
}

func TestSanitize(t *testing.T) {
	if err := loadFonts(); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, in, line, text string
		missing              []rune
	}{
		{"decomposed accents are composed", "Ze\u0301phyr Z\u0307", "Zéphyr Ż", "Zéphyr Ż", nil},
		{"line breaks", "a\r\nb\rc\nd\u2028e", "a b c d e", "a\nb\nc\nd\ne", nil},
		{"tabs and odd spaces", "a\tb\u2009c\u202fd\u00a0e", "a b c d\u00a0e", "a b c d\u00a0e", nil},
		{"invisible characters are dropped", "soft\u00adhy\u200bphen\ufeff", "softhyphen", "softhyphen", nil},
		{"CJK and emoji become ?", "王小明 👍\ufe0f", "??? ?", "??? ?", []rune{'王', '小', '明', '👍'}},
		{"ends are trimmed", "  x \n", "x", "x", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var z sanitizer
			if got := z.line("F", c.in); got != c.line {
				t.Errorf("line = %q, want %q", got, c.line)
			}
			if got := z.text("G", c.in); got != c.text {
				t.Errorf("text = %q, want %q", got, c.text)
			}
			var gotMissing []rune
			for _, m := range z.missing {
				if m.Field == "F" {
					gotMissing = append(gotMissing, m.Rune)
				}
			}
			if !slices.Equal(gotMissing, c.missing) {
				t.Errorf("missing %q, want %q", gotMissing, c.missing)
			}
		})
	}
}

func testCanvas(t *testing.T) *canvas {
	t.Helper()
	if err := loadFonts(); err != nil {
		t.Fatal(err)
	}
	gp := &gopdf.GoPdf{}
	gp.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	for _, f := range []face{regular, bold} {
		if err := gp.AddTTFFontFromFontContainer(f.family(), &embedded.container); err != nil {
			t.Fatal(err)
		}
	}
	return &canvas{gp: gp, mFace: face(255)}
}

// Descriptions wrap between words, never inside one, unless a single word
// is wider than the column.
func TestWrapBreaksBetweenWords(t *testing.T) {
	c := testCanvas(t)
	text := "Dedicated server AX-102: AMD Ryzen 9 7950X3D, 128 GB DDR5 ECC RAM, 2 × 1.92 TB NVMe SSD (software RAID 1), Frankfurt am Main"
	const width = 120.0
	lines := c.wrap(regular, 9, text, width)
	if len(lines) < 3 {
		t.Fatalf("%d lines: %q", len(lines), lines)
	}
	if got := strings.Join(lines, " "); got != text {
		t.Errorf("the words changed: %q", got)
	}
	words := map[string]bool{}
	for _, w := range strings.Fields(text) {
		words[w] = true
	}
	for _, l := range lines {
		if w := c.width(regular, 9, l); w > width {
			t.Errorf("line %q is %.1f pt wide, more than %v", l, w, width)
		}
		for _, w := range strings.Fields(l) {
			if !words[w] {
				t.Errorf("line %q splits a word: %q", l, w)
			}
		}
	}

	// a host name wider than the column is broken between characters
	long := "backup-storage-volume-0042.fra2.customers.nordlicht-hosting.example"
	lines = c.wrap(regular, 9, "Host "+long+" ok", 100)
	if got := strings.Join(lines, ""); !strings.Contains(got, long) {
		t.Errorf("the long word was not kept whole in order: %q", lines)
	}
	for _, l := range lines {
		if w := c.width(regular, 9, l); w > 100 {
			t.Errorf("line %q is %.1f pt wide", l, w)
		}
	}

	// a no-break space is not a place to break
	if got := c.wrap(regular, 9, "aaaa 10\u00a0GB", c.width(regular, 9, "aaaa 10")+1); !slices.Equal(got, []string{"aaaa", "10\u00a0GB"}) {
		t.Errorf("got %q", got)
	}

	// newlines are kept, blank lines too
	if got := c.wrap(regular, 9, "a\n\nb", 100); !slices.Equal(got, []string{"a", "", "b"}) {
		t.Errorf("got %q", got)
	}
}
