package invoicecalc

import (
	"errors"
	"fmt"

	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
)

// ErrNoLines is returned by Compute for an invoice without lines.
var ErrNoLines = errors.New("invoicecalc: an invoice needs at least one line")

// ErrNegativeTotal is returned (wrapped with the total) by Compute for an
// invoice whose total would be below zero.
var ErrNegativeTotal = errors.New("invoicecalc: discounts exceed the invoice")

// Invoice is a computed invoice, ready to be checked and saved.
//
// All amounts are minor units of Currency. Amounts in inclusive mode are
// still split: each Line.Amount is net and Line.Tax its tax.
type Invoice struct {
	// Currency is the ISO 4217 code of every amount.
	Currency string

	// Mode says whether the unit amounts were net or tax-included.
	Mode tax.Mode

	// Lines are the computed lines, in the order given.
	Lines []Line

	// Subtotal is Σ Amount of the lines that are not discounts (credit
	// and adjustment lines included, with their sign).
	Subtotal int64

	// DiscountTotal is -Σ Amount of the discount lines, zero or more.
	DiscountTotal int64

	// TaxTotal is Σ Tax of the lines.
	TaxTotal int64

	// Total is Subtotal - DiscountTotal + TaxTotal, never negative.
	Total int64

	// TaxLines sum the lines' portions per tax (same Name, RateBP and
	// Compound), in priority order, for the invoice's tax summary.
	TaxLines []TaxLine

	// Exempt and ReverseCharge are copied from the tax.Applied: the buyer
	// paid no tax, and why.
	Exempt        bool
	ReverseCharge bool

	// Notice is the legal mention the invoice must carry, from the
	// tax.Applied (tax.ReverseChargeNotice when reverse charged), or "".
	Notice string

	// BuyerVATID is the buyer's normalized VAT number when reverse charged
	// (tax.Applied.BuyerVATID), which the invoice must show; "" otherwise.
	BuyerVATID string
}

// TaxLine is one tax in an invoice's tax summary: "VAT 19% on 11.69: 2.22".
type TaxLine struct {
	Name     string `json:"name"`
	RateBP   int64  `json:"rate_bp"`
	Compound bool   `json:"compound"`
	// Priority is the rule's order of application, kept so that a credit
	// note can charge the invoice's taxes again exactly (tax.Reapply).
	Priority int `json:"priority"`

	// Base is Σ Base of the lines' portions of this tax.
	Base int64 `json:"base"`

	// Amount is Σ Amount of the lines' portions of this tax.
	Amount int64 `json:"amount"`
}

// Compute computes an invoice in currency (a code money.LookupCurrency
// knows) from lines priced in mode, taxing the Taxable lines with applied.
//
// Each line's amount is Quantity × UnitAmount (see LineInput for what is
// allowed); a taxable line's taxes are applied.Line of that amount, so each
// tax is rounded half-even once per line (see tax.Applied.Line, including
// the inclusive-mode residue rule). The totals are exact sums of the lines:
//
//	Total == Σ Amount + Σ Tax == Subtotal - DiscountTotal + TaxTotal
//
// and in inclusive mode Σ (Amount + Tax) == Σ Quantity × UnitAmount.
//
// Errors: an unknown currency (money.ErrUnknownCurrency), an invalid mode
// (tax.ErrInvalidMode), no lines (ErrNoLines), a line that cannot be
// computed (a *LineError naming its index), a sum out of range
// (money.ErrOverflow), or a total below zero (ErrNegativeTotal).
func Compute(currency string, mode tax.Mode, applied tax.Applied, lines []LineInput) (Invoice, error) {
	if _, err := money.LookupCurrency(currency); err != nil {
		return Invoice{}, fmt.Errorf("invoicecalc: %w", err)
	}
	if !mode.IsValid() {
		return Invoice{}, fmt.Errorf("invoicecalc: %w %q", tax.ErrInvalidMode, string(mode))
	}
	if len(lines) == 0 {
		return Invoice{}, ErrNoLines
	}

	inv := Invoice{
		Currency:      currency,
		Mode:          mode,
		Lines:         make([]Line, len(lines)),
		Exempt:        applied.Exempt,
		ReverseCharge: applied.ReverseCharge,
		Notice:        applied.Notice,
		BuyerVATID:    applied.BuyerVATID,
	}
	rate := applied.EffectiveRateBP()
	var err error
	for i, in := range lines {
		amount, err := in.amount(i)
		if err != nil {
			return Invoice{}, err
		}

		lt := tax.LineTax{Net: amount, Gross: amount}
		if in.Taxable {
			if lt, err = applied.Line(amount, mode); err != nil {
				return Invoice{}, &LineError{i, "amount", err, fmt.Sprintf("the tax of %d is out of range", amount)}
			}
		}
		line := Line{LineInput: in, Amount: lt.Net, Tax: lt.Tax(), Portions: lt.Taxes}
		if len(lt.Taxes) > 0 {
			line.TaxRateBP = rate
		}
		inv.Lines[i] = line

		if in.Kind == KindDiscount {
			inv.DiscountTotal, err = money.SubMinor(inv.DiscountTotal, line.Amount)
		} else {
			inv.Subtotal, err = money.AddMinor(inv.Subtotal, line.Amount)
		}
		if err != nil {
			return Invoice{}, err
		}
		if inv.TaxTotal, err = money.AddMinor(inv.TaxTotal, line.Tax); err != nil {
			return Invoice{}, err
		}
	}

	if inv.TaxLines, err = taxLines(inv.Lines); err != nil {
		return Invoice{}, err
	}
	if inv.Total, err = money.SubMinor(inv.Subtotal, inv.DiscountTotal); err != nil {
		return Invoice{}, err
	}
	if inv.Total, err = money.AddMinor(inv.Total, inv.TaxTotal); err != nil {
		return Invoice{}, err
	}
	if inv.Total < 0 {
		return Invoice{}, fmt.Errorf("%w: the total would be %s", ErrNegativeTotal, money.Amount{Minor: inv.Total, Currency: currency})
	}

	// the invariants hold by construction; Check proves it on every invoice
	if err := inv.Check(); err != nil {
		return Invoice{}, err
	}
	return inv, nil
}

// taxLines sums the portions of lines per tax (Name, RateBP, Compound), in
// order of first appearance, which is priority order since every taxed line
// carries the same taxes in that order.
func taxLines(lines []Line) ([]TaxLine, error) {
	type key struct {
		name     string
		rateBP   int64
		compound bool
	}
	var out []TaxLine
	index := map[key]int{}
	for _, l := range lines {
		for _, p := range l.Portions {
			k := key{p.Name, p.RateBP, p.Compound}
			i, ok := index[k]
			if !ok {
				i = len(out)
				index[k] = i
				out = append(out, TaxLine{Name: p.Name, RateBP: p.RateBP, Compound: p.Compound, Priority: p.Priority})
			}
			var err error
			if out[i].Base, err = money.AddMinor(out[i].Base, p.Base); err != nil {
				return nil, err
			}
			if out[i].Amount, err = money.AddMinor(out[i].Amount, p.Amount); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
