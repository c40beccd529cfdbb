package invoicepdf

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/ezscale/hostbase/hooks/money"
	"github.com/signintech/gopdf"
)

// ErrInvalidDocument is wrapped by the error Render returns for a Document
// it cannot print: an unknown kind or currency, an impossible date, a logo
// that is not a PNG or JPEG image.
var ErrInvalidDocument = errors.New("invoicepdf: invalid document")

// Report tells what Render did besides producing the PDF.
type Report struct {
	// Pages is the number of pages.
	Pages int
	// Missing lists the characters the embedded fonts lack, each printed
	// as Replacement ("?"), once per field and character, in the order of
	// Document's fields. Empty when every character could be printed.
	Missing []MissingGlyph
}

// Err returns a *MissingGlyphsError listing r.Missing, or nil when nothing
// is missing: for callers that log such documents or refuse to send them.
func (r Report) Err() error {
	if len(r.Missing) == 0 {
		return nil
	}
	return &MissingGlyphsError{Missing: r.Missing}
}

// Render renders doc to an A4 PDF.
//
// The error is non-nil only when there is no PDF: an invalid Document
// (wrapping ErrInvalidDocument) or a failure inside the PDF library.
// Characters the fonts lack do not fail a render: they are printed as "?"
// and listed in Report.Missing.
//
// The output depends only on doc: the same Document gives the same bytes
// (the PDF's creation date is IssuedOn at midnight UTC). Render is safe for
// concurrent use.
func Render(doc Document) ([]byte, Report, error) {
	if err := loadFonts(); err != nil {
		return nil, Report{}, err
	}
	cur, err := validate(doc)
	if err != nil {
		return nil, Report{}, err
	}
	var logo logoImage
	if len(doc.Logo) > 0 {
		if logo, err = prepareLogo(doc.Logo); err != nil {
			return nil, Report{}, fmt.Errorf("%w: Logo: %v", ErrInvalidDocument, err)
		}
	}
	clean, missing := sanitize(doc)
	rep := Report{Missing: missing}

	gp := &gopdf.GoPdf{}
	gp.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	for _, f := range []face{regular, bold} {
		if err := gp.AddTTFFontFromFontContainer(f.family(), &embedded.container); err != nil {
			return nil, rep, fmt.Errorf("invoicepdf: add font %s: %w", f.family(), err)
		}
	}
	gp.SetInfo(info(clean))
	// Page contents are left uncompressed: every zlib writer costs about
	// 1 MB of allocation, which made a render 50–70% slower, for 15 KB per
	// page saved. The font subsets are compressed regardless.
	gp.SetNoCompression()

	l := &layout{canvas: canvas{gp: gp, mFace: face(255)}, doc: clean, cur: cur}
	var holder gopdf.ImageHolder
	if logo.data != nil {
		l.logoW, l.logoH = fitBox(float64(logo.w), float64(logo.h), logoMaxW, logoMaxH)
		if holder, err = gopdf.ImageHolderByBytes(logo.data); err != nil {
			return nil, rep, fmt.Errorf("invoicepdf: logo: %w", err)
		}
	}
	l.run()
	if l.err != nil {
		return nil, rep, l.err
	}
	rep.Pages = len(l.pages)
	if err := l.draw(holder); err != nil {
		return nil, rep, err
	}
	pdf, err := gp.GetBytesPdfReturnErr()
	if err != nil {
		return nil, rep, fmt.Errorf("invoicepdf: write PDF: %w", err)
	}
	return pdf, rep, nil
}

// RenderTo renders doc like Render and writes the PDF to w. Nothing is
// written when rendering fails; an error from w is returned as is.
func RenderTo(w io.Writer, doc Document) (Report, error) {
	pdf, rep, err := Render(doc)
	if err != nil {
		return rep, err
	}
	_, err = w.Write(pdf)
	return rep, err
}

// validate checks what Render needs to print doc and returns its currency.
func validate(doc Document) (money.Currency, error) {
	bad := func(field string, format string, args ...any) (money.Currency, error) {
		return money.Currency{}, fmt.Errorf("%w: %s: %s", ErrInvalidDocument, field, fmt.Sprintf(format, args...))
	}
	if doc.Kind != KindInvoice && doc.Kind != KindCreditNote {
		return bad("Kind", "%q is neither %q nor %q", doc.Kind, KindInvoice, KindCreditNote)
	}
	cur, err := money.LookupCurrency(doc.Currency)
	if err != nil {
		return bad("Currency", "%v", err)
	}
	for _, d := range []struct {
		field string
		date  money.Date
	}{{"IssuedOn", doc.IssuedOn}, {"DueOn", doc.DueOn}, {"PaidOn", doc.PaidOn}} {
		if !d.date.IsZero() && !d.date.IsValid() {
			return bad(d.field, "%s is not a date", d.date)
		}
	}
	return cur, nil
}

// fitBox scales w × h to fit in maxW × maxH, keeping the aspect ratio.
func fitBox(w, h, maxW, maxH float64) (float64, float64) {
	s := min(maxW/w, maxH/h)
	return w * s, h * s
}

// info is the PDF's document information: a title, the seller as author,
// and a creation date derived from the document, never from the clock.
func info(d Document) gopdf.PdfInfo {
	title := "Invoice"
	if d.Kind == KindCreditNote {
		title = "Credit note"
	}
	if d.Number != "" {
		title += " " + d.Number
	}
	in := gopdf.PdfInfo{
		Title:   title,
		Author:  displayName(d.Seller),
		Subject: joinNonEmpty(" for ", title, displayName(d.Buyer)),
		Creator: "Hostbase",
	}
	if d.IssuedOn.IsValid() {
		in.CreationDate = time.Date(d.IssuedOn.Year, d.IssuedOn.Month, d.IssuedOn.Day, 0, 0, 0, 0, time.UTC)
	}
	return in
}
