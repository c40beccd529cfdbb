package invoicecalc

import (
	"errors"
	"slices"
	"testing"

	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
)

// clone returns a deep copy of inv, so that a scenario can tamper with it.
func clone(inv Invoice) Invoice {
	inv.Lines = slices.Clone(inv.Lines)
	for i := range inv.Lines {
		inv.Lines[i].Portions = slices.Clone(inv.Lines[i].Portions)
	}
	inv.TaxLines = slices.Clone(inv.TaxLines)
	return inv
}

func TestCheck(t *testing.T) {
	t.Parallel()

	compute := func(mode tax.Mode, applied tax.Applied, lines ...LineInput) Invoice {
		inv, err := Compute("CAD", mode, applied, lines)
		if err != nil {
			t.Fatal(err)
		}
		return inv
	}
	quebec := resolve(t, quebecer, gst, qst)
	lines := []LineInput{
		service1299,
		{Kind: KindSetup, Quantity: 1, UnitAmount: 500},
		{Kind: KindDiscount, Quantity: 1, UnitAmount: -130, Taxable: true},
	}
	exclusive := compute(tax.Exclusive, quebec, lines...)
	inclusive := compute(tax.Inclusive, quebec, lines...)
	reversed := compute(tax.Exclusive, resolve(t, frenchFirm, frVAT), service1299)

	scenarios := []struct {
		name   string
		inv    Invoice
		tamper func(inv *Invoice)
		reason error
	}{
		{"total off by one", exclusive, func(inv *Invoice) { inv.Total++ }, ErrInvalidInvoice},
		{"subtotal and total moved together", exclusive, func(inv *Invoice) { inv.Subtotal++; inv.Total++ }, ErrInvalidInvoice},
		{"a discount counted as a negative discount", exclusive, func(inv *Invoice) {
			inv.DiscountTotal = -inv.DiscountTotal
			inv.Total = inv.Subtotal - inv.DiscountTotal + inv.TaxTotal
		}, ErrInvalidInvoice},
		{"tax total off", exclusive, func(inv *Invoice) { inv.TaxTotal--; inv.Total-- }, ErrInvalidInvoice},
		{"line amount not quantity × unit", exclusive, func(inv *Invoice) { inv.Lines[1].Amount++; inv.Subtotal++; inv.Total++ }, ErrInvalidInvoice},
		{"inclusive amount + tax not the gross", inclusive, func(inv *Invoice) { inv.Lines[1].Amount++; inv.Subtotal++; inv.Total++ }, ErrInvalidInvoice},
		{"line tax not the sum of its portions", exclusive, func(inv *Invoice) { inv.Lines[0].Tax++; inv.TaxTotal++; inv.Total++ }, ErrInvalidInvoice},
		{"portion rounded the wrong way", exclusive, func(inv *Invoice) {
			inv.Lines[0].Portions[0].Amount++ // GST 64.95 → 66
			inv.Lines[0].Tax++
			inv.TaxTotal++
			inv.Total++
			inv.TaxLines[0].Amount++
		}, tax.ErrLineMismatch},
		{"a tax dropped from one line", exclusive, func(inv *Invoice) {
			qst := inv.Lines[0].Portions[1]
			inv.Lines[0].Portions = inv.Lines[0].Portions[:1]
			inv.Lines[0].Tax -= qst.Amount
			inv.TaxTotal -= qst.Amount
			inv.Total -= qst.Amount
			inv.TaxLines[1].Base -= qst.Base
			inv.TaxLines[1].Amount -= qst.Amount
		}, ErrInvalidInvoice},
		{"two rates shown for the same taxes", exclusive, func(inv *Invoice) { inv.Lines[2].TaxRateBP = 1497 }, ErrInvalidInvoice},
		{"a rate shown on an untaxed line", exclusive, func(inv *Invoice) { inv.Lines[1].TaxRateBP = 1498 }, ErrInvalidInvoice},
		{"an untaxable line carrying tax", exclusive, func(inv *Invoice) {
			inv.Lines[0].Taxable = false
		}, ErrInvalidInvoice},
		{"tax lines not the sums", exclusive, func(inv *Invoice) { inv.TaxLines[1].Base++ }, ErrInvalidInvoice},
		{"tax lines missing", exclusive, func(inv *Invoice) { inv.TaxLines = nil }, ErrInvalidInvoice},
		{"reverse charged but taxed", exclusive, func(inv *Invoice) {
			inv.ReverseCharge, inv.Notice, inv.BuyerVATID = true, tax.ReverseChargeNotice, "FR12345678901"
		}, ErrInvalidInvoice},
		{"exempt but taxed", exclusive, func(inv *Invoice) { inv.Exempt = true }, ErrInvalidInvoice},
		{"reverse charged without the notice", reversed, func(inv *Invoice) { inv.Notice = "" }, ErrInvalidInvoice},
		{"reverse charged without the buyer's VAT number", reversed, func(inv *Invoice) { inv.BuyerVATID = "" }, ErrInvalidInvoice},
		{"unknown currency", exclusive, func(inv *Invoice) { inv.Currency = "" }, money.ErrUnknownCurrency},
		{"unknown mode", exclusive, func(inv *Invoice) { inv.Mode = "" }, tax.ErrInvalidMode},
		{"no lines", exclusive, func(inv *Invoice) { *inv = Invoice{Currency: "CAD", Mode: tax.Exclusive} }, ErrNoLines},
		{"quantity 0", exclusive, func(inv *Invoice) { inv.Lines[1].Quantity = 0 }, ErrInvalidQuantity},
		{"a negative total that adds up", reversed, func(inv *Invoice) {
			inv.Lines = append(inv.Lines, Line{LineInput: LineInput{Kind: KindDiscount, Quantity: 1, UnitAmount: -1300}, Amount: -1300})
			inv.DiscountTotal = 1300
			inv.Total = -1
		}, ErrNegativeTotal},
	}

	for _, inv := range []Invoice{exclusive, inclusive, reversed} {
		if err := inv.Check(); err != nil {
			t.Fatalf("computed invoice refused: %v", err)
		}
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			inv := clone(s.inv)
			s.tamper(&inv)
			err := inv.Check()
			t.Log(err)
			if !errors.Is(err, s.reason) {
				t.Errorf("Check() = %v; expected %v", err, s.reason)
			}
			if err := s.inv.Check(); err != nil {
				t.Errorf("tampering with a clone changed the original: %v", err)
			}
		})
	}
}
