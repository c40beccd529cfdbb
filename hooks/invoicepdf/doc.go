// Package invoicepdf renders an invoice or a credit note to an A4 PDF, from
// a plain Document value: no database, no clock, no files.
//
// The page follows a German/EU business letter (DIN 5008): logo and seller
// at the top, the buyer's address where a window envelope shows it, the
// number and dates beside it, the title with a status badge (PAID, UNPAID,
// …), the lines in a table that repeats its header on every page, the tax
// per rate beside the totals, the legal notice (reverse charge), payment
// instructions while money is due, notes, and a footer with the seller's
// legal details and "Page 1 of 2".
//
// Amounts are int64 minor units printed with money.FormatMinor as
// "1,234.56 EUR" (the ISO code, never a symbol; table columns name the code
// in their header); rates are basis points printed as "19%" or "7.25%".
// The text is set in the Go fonts, embedded from golang.org/x/image: they
// cover Latin with accents, Greek and Cyrillic. Any other character (CJK,
// emoji, Arabic, …) is printed as "?" and reported in Report.Missing: the
// document still renders.
//
// It is a presentation leaf beside the billing engine, not part of it: the
// billing package builds the Document (every amount already computed, in
// int64 minor units) and this package only prints it. Page geometry is in
// PDF points as float64, as gopdf measures and draws; no amount ever passes
// through a float (amounts are formatted with integer arithmetic first).
//
// The same Document always gives the same bytes, so PDFs can be stored,
// compared and tested as golden files.
//
//	pdf, rep, err := invoicepdf.Render(doc)
//	if err != nil {
//		return fmt.Errorf("invoice %s: %w", doc.Number, err) // invalid document
//	}
//	if err := rep.Err(); err != nil {
//		app.Logger().Warn("invoice PDF has unprintable characters", "error", err)
//	}
//	// store or mail pdf
package invoicepdf
