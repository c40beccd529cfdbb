package invoicepdf

import "github.com/ezscale/hostbase/hooks/money"

// Kinds of Document, the values of invoices.kind.
const (
	KindInvoice    = "invoice"
	KindCreditNote = "credit_note"
)

// Statuses with a coloured badge, the values of invoices.status. Any other
// non-empty status is printed upper-cased in a grey badge; an empty one
// prints no badge.
const (
	StatusDraft     = "draft"
	StatusUnpaid    = "unpaid"
	StatusPaid      = "paid"
	StatusCancelled = "cancelled"
	StatusRefunded  = "refunded"
)

// Document is an invoice or a credit note as printed: a plain value the
// billing code fills from its records, with every amount in minor units of
// Currency (see money.FormatMinor) and every rate in basis points
// (1900 = 19%).
//
// The renderer prints the amounts as given and recomputes nothing: the
// caller's invariants (total = Σ line amounts + Σ tax − discounts,
// amount due = total − credit applied − paid + refunded) are what appear.
// DiscountTotal, CreditApplied, AmountPaid and AmountRefunded are positive
// numbers; the first three are printed as deductions.
type Document struct {
	// Kind is KindInvoice or KindCreditNote.
	Kind string
	// Number is the invoice or credit note number; empty for a draft.
	Number string
	// Status selects the badge (StatusPaid, …) and whether the payment
	// instructions are printed.
	Status string
	// IssuedOn, DueOn and PaidOn are printed when not zero.
	IssuedOn, DueOn, PaidOn money.Date
	// Currency is an ISO 4217 code known to money.LookupCurrency.
	Currency string

	Seller, Buyer Party

	Lines    []Line
	TaxLines []TaxLine

	Subtotal, DiscountTotal, TaxTotal, Total  int64
	CreditApplied, AmountPaid, AmountRefunded int64
	AmountDue                                 int64

	// ReverseCharge prints Notice, or DefaultReverseChargeNotice when
	// Notice is empty.
	ReverseCharge bool
	// Notice is a legal notice (reverse charge, small-business exemption),
	// printed in a box below the totals whenever it is set.
	Notice string
	// Notes is free text printed at the end; newlines are kept.
	Notes string
	// PaymentInstructions (bank details, …) are printed on an invoice that
	// still has an amount due and is not paid, cancelled or refunded.
	PaymentInstructions string
	// RelatedNumber is the number of the invoice a credit note refers to.
	RelatedNumber string
	// Logo is an optional PNG or JPEG image printed top left in a box of
	// at most 170 × 56 pt, keeping its aspect ratio.
	Logo []byte
}

// Party is the seller or the buyer of a Document.
type Party struct {
	// Name is a person's name (the contact); Company the legal name. The
	// company is printed first when both are set.
	Name, Company string
	// AddressLines are printed as given, one per line (street, postcode and
	// city, …), followed by the country's name.
	AddressLines []string
	// Country is an ISO 3166-1 alpha-2 code ("DE").
	Country string
	// TaxID is the VAT ID or tax number; Registration the commercial
	// register entry ("HRB 123456 B, Amtsgericht Charlottenburg").
	TaxID, Registration string
	Email, Phone        string
}

// Line is one line of a Document's table.
type Line struct {
	// Description may be long: it is word-wrapped, and newlines are kept.
	Description string
	// Period is the service period, printed small and grey under the
	// description (e.g. "1 Mar 2026 – 31 Mar 2026").
	Period string
	// Quantity is a whole number of units.
	Quantity int64
	// UnitAmount and Amount are in minor units; Tax is the line's tax,
	// which the table does not print (the tax breakdown does).
	UnitAmount, Amount, Tax int64
	// TaxRateBP is the line's tax rate in basis points.
	TaxRateBP int64
}

// TaxLine is one row of a Document's tax breakdown.
type TaxLine struct {
	// Name is the tax's name ("VAT", "GST", "QST").
	Name string
	// RateBP is the rate in basis points.
	RateBP int64
	// Compound marks a tax computed on a base that includes other taxes.
	Compound bool
	// Base is the taxed amount and Amount the tax, in minor units.
	Base, Amount int64
}

// DefaultReverseChargeNotice is printed when Document.ReverseCharge is set
// and Document.Notice is empty.
const DefaultReverseChargeNotice = "Reverse charge: VAT to be accounted for by the recipient " +
	"(Article 196 of Council Directive 2006/112/EC)."
