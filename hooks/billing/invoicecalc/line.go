package invoicecalc

import (
	"errors"
	"fmt"

	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
)

// Line kinds, the values of invoice_items.kind.
const (
	KindService    = "service"    // a period of a service
	KindSetup      = "setup"      // a one-off setup fee
	KindAddon      = "addon"      // a period of a service addon
	KindLateFee    = "late_fee"   // a fee for paying late
	KindCredit     = "credit"     // account credit applied or granted as a line; may be negative
	KindDiscount   = "discount"   // a coupon or other discount; zero or negative
	KindAdjustment = "adjustment" // a manual correction by staff; may be negative
	KindTopup      = "topup"      // money added to the account credit
)

// kinds maps every line kind to whether its unit amount may be negative.
var kinds = map[string]bool{
	KindService:    false,
	KindSetup:      false,
	KindAddon:      false,
	KindLateFee:    false,
	KindCredit:     true,
	KindDiscount:   true,
	KindAdjustment: true,
	KindTopup:      false,
}

// Reasons a line is refused, found with errors.Is on a *LineError.
var (
	// ErrUnknownKind is the reason for a Kind that is not one of the Kind
	// constants.
	ErrUnknownKind = errors.New("invoicecalc: unknown line kind")

	// ErrInvalidQuantity is the reason for a Quantity below 1.
	ErrInvalidQuantity = errors.New("invoicecalc: invalid quantity")

	// ErrNegativeUnitAmount is the reason for a negative UnitAmount on a
	// line other than a discount, credit or adjustment, or a positive one
	// on a discount.
	ErrNegativeUnitAmount = errors.New("invoicecalc: unit amount of the wrong sign")
)

// LineError is the error Compute returns for a line it cannot compute.
type LineError struct {
	// Index is the position of the line in the input, from 0.
	Index int

	// Field is the LineInput field at fault, as stored: "kind",
	// "quantity", "unit_amount", "amount" (Quantity × UnitAmount or its tax
	// out of range).
	Field string

	// Reason is ErrUnknownKind, ErrInvalidQuantity, ErrNegativeUnitAmount,
	// money.ErrOverflow or tax.ErrInvalidMode.
	Reason error

	// Message explains the problem, e.g. "quantity must be at least 1, got 0".
	Message string
}

// Error returns "invoicecalc: line INDEX: MESSAGE".
func (e *LineError) Error() string {
	return fmt.Sprintf("invoicecalc: line %d: %s", e.Index, e.Message)
}

// Unwrap returns the Reason, so that errors.Is(err, ErrInvalidQuantity) works.
func (e *LineError) Unwrap() error {
	return e.Reason
}

// LineInput is what the caller asks to invoice on one line.
type LineInput struct {
	// Kind is one of the Kind constants.
	Kind string

	// Description is shown on the invoice; it is copied through.
	Description string

	// Quantity is how many units, at least 1.
	Quantity int64

	// UnitAmount is the price of one unit in minor units: net in
	// tax.Exclusive mode, tax included in tax.Inclusive mode. It may be
	// negative only for KindDiscount (which must not be positive),
	// KindCredit and KindAdjustment.
	UnitAmount int64

	// Taxable says whether the invoice's taxes apply to the line.
	Taxable bool

	// Ref is the caller's opaque reference (a service id, a period), copied
	// through untouched.
	Ref string
}

// amount validates the input at index i and returns Quantity × UnitAmount.
func (in LineInput) amount(i int) (int64, error) {
	negativeOK, known := kinds[in.Kind]
	switch {
	case !known:
		return 0, &LineError{i, "kind", ErrUnknownKind, fmt.Sprintf("unknown kind %q", in.Kind)}
	case in.Quantity < 1:
		return 0, &LineError{i, "quantity", ErrInvalidQuantity, fmt.Sprintf("quantity must be at least 1, got %d", in.Quantity)}
	case in.UnitAmount < 0 && !negativeOK:
		return 0, &LineError{i, "unit_amount", ErrNegativeUnitAmount,
			fmt.Sprintf("a %s line cannot have a negative unit amount (%d); use a discount, credit or adjustment line", in.Kind, in.UnitAmount)}
	case in.UnitAmount > 0 && in.Kind == KindDiscount:
		return 0, &LineError{i, "unit_amount", ErrNegativeUnitAmount,
			fmt.Sprintf("a discount line's unit amount must be zero or negative, got %d", in.UnitAmount)}
	}
	amount, err := money.MulDivHalfEven(in.Quantity, in.UnitAmount, 1)
	if err != nil {
		return 0, &LineError{i, "amount", money.ErrOverflow,
			fmt.Sprintf("%d × %d is out of range", in.Quantity, in.UnitAmount)}
	}
	return amount, nil
}

// Line is one computed line of an invoice: the input and its figures.
type Line struct {
	LineInput

	// Amount is the line's net amount in minor units (Quantity ×
	// UnitAmount in exclusive mode, that less its tax in inclusive mode),
	// negative for a discount.
	Amount int64

	// Tax is the line's tax, Σ Portions[i].Amount; 0 when not taxable.
	Tax int64

	// TaxRateBP is the combined rate of the line's taxes, for display
	// (tax.Applied.EffectiveRateBP); 0 when the line carries no tax.
	TaxRateBP int64

	// Portions are the line's taxes, one per applied rule (tax.LineTax);
	// none when the line is not taxable or no tax applies.
	Portions []tax.Portion
}
