package invoicepdf

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/money"
)

var update = flag.Bool("update", false, "rewrite testdata/*.pdf from the current renderer")

type goldenCase struct {
	name  string
	doc   func() Document
	pages int
	// text the PDF must contain (whitespace-insensitive), per page
	want map[int][]string
}

var goldenCases = []goldenCase{
	{
		name: "invoice_10_lines", pages: 2,
		doc: func() Document { d := invoice10(); d.Logo = testLogo(); return d },
		want: map[int][]string{
			1: {
				"Invoice RE-2026-00042", "UNPAID", "Zażółć gęślą jaźń Sp. z o.o.", "Дмитрий Иванов", "POLAND",
				"VAT ID PL5260250274", "Issue date 1 March 2026", "Due date 15 March 2026",
				"Dedicated server AX-102: AMD Ryzen 9 7950X3D, 128", "1 119.00 0% 119.00",
				"Subtotal 588.87 EUR", "Discount -50.00 EUR", "Tax 0.00 EUR", "Total 538.87 EUR",
				"Credit applied -25.00 EUR", "Amount due 513.87 EUR",
				"Nordlicht Hosting GmbH · Friedrichstraße 123 · 10117 Berlin · Germany",
				"VAT ID DE123456789 · Registration: Amtsgericht Charlottenburg, HRB 234567 B", "Page 1 of 2",
			},
			2: {
				"Invoice RE-2026-00042 (continued)",
				"Reverse charge: VAT to be accounted for by the recipient", "Payment instructions",
				"IBAN DE89 3704 0044 0532 0130 00", "Dziękujemy za współpracę.", "Page 2 of 2",
			},
		},
	},
	{
		name: "credit_note", pages: 1, doc: creditNote,
		want: map[int][]string{1: {
			"Credit note GS-2026-0007", "REFUNDED", "Refers to invoice RE-2026-00031", "Weiß & Söhne Webdesign",
			"Subtotal 8.71 EUR", "Tax 1.66 EUR", "Total credit 10.37 EUR", "Refunded 10.37 EUR",
			"VAT 19% 8.71 1.66", "Page 1 of 1",
		}},
	},
	{
		name: "invoice_60_lines", pages: 4, doc: invoice60,
		want: map[int][]string{
			1: {"Invoice RE-2026-00108", "PAID", "Paid on 3 April 2026", "Description Qty Unit price (EUR) Tax Amount (EUR)", "Page 1 of 4"},
			2: {"Invoice RE-2026-00108 (continued)", "Description Qty Unit price (EUR) Tax Amount (EUR)", "Page 2 of 4"},
			4: {
				"VAT 19% 852.12 161.90", "VAT 7% 104.68 7.32", "Subtotal 956.80 EUR", "Tax 169.22 EUR",
				"Total 1,126.02 EUR", "Paid -1,126.02 EUR", "Amount due 0.00 EUR", "Page 4 of 4",
			},
		},
	},
	{
		name: "cjk_name", pages: 1, doc: cjkInvoice,
		want: map[int][]string{1: {
			"Invoice INV-2026-0500", "????????????", "???", "Backup space 1 TB ?", "1 1,500 0% 1,500",
			"JAPAN", "Total 13,500 JPY", "Export of services",
		}},
	},
}

// TestGolden renders each case and compares it byte for byte with
// testdata/NAME.pdf; `go test -update` rewrites those files. When pdftotext
// (poppler-utils) is installed, it also checks the text of each page.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			pdf, rep, err := Render(c.doc())
			if err != nil {
				t.Fatal(err)
			}
			if rep.Pages != c.pages {
				t.Errorf("%d pages, want %d", rep.Pages, c.pages)
			}
			path := filepath.Join("testdata", c.name+".pdf")
			if *update {
				if err := os.WriteFile(path, pdf, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(pdf, want) {
				t.Errorf("PDF differs from %s (%d bytes, want %d): look at it, then run go test -update", path, len(pdf), len(want))
			}
			for pageNo, wants := range c.want {
				text := pdfText(t, pdf, pageNo)
				lacks := false
				for _, w := range wants {
					if !strings.Contains(text, squash(w)) {
						t.Errorf("page %d lacks %q", pageNo, w)
						lacks = true
					}
				}
				if lacks {
					t.Logf("page %d reads: %s", pageNo, text)
				}
			}
		})
	}
}

// pdfText returns the text of one page as pdftotext -layout reads it (so
// a label and its figure are on one line), whitespace runs squashed to one
// space; it skips the test when pdftotext is not installed.
func pdfText(t *testing.T, pdf []byte, pageNo int) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	p := itoa(int64(pageNo))
	cmd := exec.Command(bin, "-q", "-layout", "-enc", "UTF-8", "-f", p, "-l", p, "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return squash(string(out))
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestDeterministic(t *testing.T) {
	doc := invoice10()
	doc.Logo = testLogo()
	first, _, err := Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(first, []byte(time.Now().Format("20060102"))) {
		t.Error("the PDF contains today's date")
	}
	if !bytes.Contains(first, []byte("/CreationDate(D:20260301000000+00'00')")) {
		t.Error("the creation date is not the issue date at midnight UTC")
	}
	// concurrent renders share the parsed fonts and must not disturb each
	// other (run with -race)
	var wg sync.WaitGroup
	outs := make([][]byte, 8)
	for i := range outs {
		wg.Go(func() {
			d := invoice10()
			d.Logo = testLogo()
			if i%2 == 1 {
				d = cjkInvoice() // other characters in the same font objects
				_, _, _ = Render(d)
				d = invoice10()
				d.Logo = testLogo()
			}
			outs[i], _, _ = Render(d)
		})
	}
	wg.Wait()
	for i, out := range outs {
		if !bytes.Equal(out, first) {
			t.Errorf("render %d differs from the first", i)
		}
	}
}

func TestMissingGlyphsAreReportedAndReplaced(t *testing.T) {
	pdf, rep, err := Render(cjkInvoice())
	if err != nil {
		t.Fatalf("a document with CJK text must still render: %v", err)
	}
	if len(pdf) == 0 || rep.Pages != 1 {
		t.Fatalf("%d bytes, %d pages", len(pdf), rep.Pages)
	}
	want := []MissingGlyph{
		{"Buyer.Name", '王'}, {"Buyer.Name", '小'}, {"Buyer.Name", '明'},
		{"Buyer.Company", '東'},
	}
	has := map[MissingGlyph]bool{}
	for _, m := range rep.Missing {
		has[m] = true
	}
	for _, w := range want {
		if !has[w] {
			t.Errorf("Missing lacks %v; got %v", w, rep.Missing)
		}
	}
	if !has[MissingGlyph{"Lines[1].Description", '🚀'}] {
		t.Errorf("the emoji in Lines[1].Description is not reported: %v", rep.Missing)
	}
	// each (field, rune) pair is listed once: the company has 12 distinct
	// characters
	n := 0
	for _, m := range rep.Missing {
		if m.Field == "Buyer.Company" {
			n++
		}
	}
	if n != 12 {
		t.Errorf("%d distinct runes reported for Buyer.Company, want 12", n)
	}
	var mge *MissingGlyphsError
	if err := rep.Err(); !errors.As(err, &mge) || len(mge.Missing) != len(rep.Missing) {
		t.Errorf("Report.Err() = %v, want a *MissingGlyphsError", err)
	} else if !strings.Contains(err.Error(), `U+738B '王' in Buyer.Name`) {
		t.Errorf("error text %q does not name the rune and field", err)
	}

	// a document the fonts can print reports nothing
	_, rep, err = Render(invoice10())
	if err != nil || len(rep.Missing) != 0 || rep.Err() != nil {
		t.Errorf("invoice10: err %v, missing %v", err, rep.Missing)
	}
}

func TestInvalidDocuments(t *testing.T) {
	cases := map[string]func(*Document){
		"Kind":     func(d *Document) { d.Kind = "quote" },
		"Currency": func(d *Document) { d.Currency = "eur" },
		"DueOn":    func(d *Document) { d.DueOn = money.Date{Year: 2026, Month: time.February, Day: 30} },
		"Logo":     func(d *Document) { d.Logo = []byte("GIF89a not really") },
	}
	for field, mutate := range cases {
		t.Run(field, func(t *testing.T) {
			d := invoice10()
			mutate(&d)
			pdf, _, err := Render(d)
			if !errors.Is(err, ErrInvalidDocument) || !strings.Contains(err.Error(), field) {
				t.Errorf("err = %v, want ErrInvalidDocument naming %s", err, field)
			}
			if pdf != nil {
				t.Error("a PDF was returned with the error")
			}
			var w bytes.Buffer
			if _, err := RenderTo(&w, d); err == nil || w.Len() != 0 {
				t.Errorf("RenderTo: err %v, %d bytes written", err, w.Len())
			}
		})
	}
}

func TestRenderToWritesTheSamePDF(t *testing.T) {
	pdf, _, err := Render(creditNote())
	if err != nil {
		t.Fatal(err)
	}
	var w bytes.Buffer
	rep, err := RenderTo(&w, creditNote())
	if err != nil || rep.Pages != 1 {
		t.Fatalf("err %v, %d pages", err, rep.Pages)
	}
	if !bytes.Equal(w.Bytes(), pdf) {
		t.Error("RenderTo wrote other bytes than Render returned")
	}
}

// A draft without number, dates, lines, buyer or status still renders.
func TestSparseDocument(t *testing.T) {
	pdf, rep, err := Render(Document{Kind: KindInvoice, Currency: "USD", Status: StatusDraft})
	if err != nil || rep.Pages != 1 || len(rep.Missing) != 0 {
		t.Fatalf("err %v, report %+v", err, rep)
	}
	text := pdfText(t, pdf, 1)
	for _, w := range []string{"Invoice", "DRAFT", "No items.", "Amount due 0.00 USD"} {
		if !strings.Contains(text, w) {
			t.Errorf("lacks %q: %s", w, text)
		}
	}
}

// A description longer than a page is continued on the next page.
func TestHugeDescriptionContinues(t *testing.T) {
	d := invoice10()
	d.Lines[3].Description = strings.Repeat("A very long description of a custom service. ", 500)
	_, rep, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pages < 3 {
		t.Errorf("%d pages", rep.Pages)
	}
}

func BenchmarkRender10Lines(b *testing.B) {
	doc := invoice10()
	doc.Logo = testLogo()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Render(doc); err != nil {
			b.Fatal(err)
		}
	}
}
