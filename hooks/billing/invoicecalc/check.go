package invoicecalc

import (
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
)

// ErrInvalidInvoice is returned (wrapped with what is wrong) by Check for an
// invoice whose figures do not add up.
var ErrInvalidInvoice = errors.New("invoicecalc: invoice does not add up")

// Check re-verifies every invariant of an invoice, as Compute returns it, so
// that a caller can prove an invoice before saving it (or after loading and
// changing one):
//
//   - the currency is known, the mode valid, and there is a line;
//   - every line's input is valid (see LineInput), and its Amount is
//     Quantity × UnitAmount in exclusive mode, Quantity × UnitAmount less
//     its Tax in inclusive mode;
//   - a line not taxable has no tax; a taxed line's Tax is Σ of its
//     portions, which pass tax.LineTax.Check; every taxed line carries the
//     same taxes (rules, rates, order) and the same TaxRateBP; a line with
//     no tax has a TaxRateBP of 0;
//   - an exempt or reverse-charged invoice has no tax, and a
//     reverse-charged one a Notice and a BuyerVATID;
//   - Subtotal, DiscountTotal, TaxTotal and TaxLines are the sums of the
//     lines, DiscountTotal >= 0, and
//     Total == Subtotal - DiscountTotal + TaxTotal == Σ Amount + Σ Tax >= 0.
//
// It returns nil, or an error wrapping ErrInvalidInvoice (or
// money.ErrUnknownCurrency, tax.ErrInvalidMode, ErrNoLines, a *LineError).
func (inv Invoice) Check() error {
	if _, err := money.LookupCurrency(inv.Currency); err != nil {
		return fmt.Errorf("invoicecalc: %w", err)
	}
	if !inv.Mode.IsValid() {
		return fmt.Errorf("invoicecalc: %w %q", tax.ErrInvalidMode, string(inv.Mode))
	}
	if len(inv.Lines) == 0 {
		return ErrNoLines
	}

	var subtotal, discounts, taxes, amounts big.Int
	taxed := -1 // the index of the first line with taxes
	for i := range inv.Lines {
		l := &inv.Lines[i]
		if err := l.check(i, inv.Mode); err != nil {
			return err
		}
		if len(l.Portions) > 0 {
			if inv.Exempt || inv.ReverseCharge {
				return invalid("line %d is taxed on an exempt or reverse-charged invoice", i)
			}
			if taxed < 0 {
				taxed = i
			} else if !sameTaxes(&inv.Lines[taxed], l) {
				return invalid("line %d is not taxed like line %d", i, taxed)
			}
		}
		if l.Kind == KindDiscount {
			discounts.Sub(&discounts, big.NewInt(l.Amount))
		} else {
			subtotal.Add(&subtotal, big.NewInt(l.Amount))
		}
		taxes.Add(&taxes, big.NewInt(l.Tax))
		amounts.Add(&amounts, big.NewInt(l.Amount))
	}

	if inv.ReverseCharge && (inv.Notice == "" || inv.BuyerVATID == "") {
		return invalid("a reverse-charged invoice needs its notice and the buyer's VAT number")
	}
	if err := equal("subtotal", inv.Subtotal, &subtotal); err != nil {
		return err
	}
	if err := equal("discount total", inv.DiscountTotal, &discounts); err != nil {
		return err
	}
	if inv.DiscountTotal < 0 {
		return invalid("the discount total %d is negative", inv.DiscountTotal)
	}
	if err := equal("tax total", inv.TaxTotal, &taxes); err != nil {
		return err
	}
	total := new(big.Int).Sub(&subtotal, &discounts)
	total.Add(total, &taxes)
	if err := equal("total", inv.Total, total); err != nil {
		return err
	}
	if err := equal("total (Σ amount + Σ tax)", inv.Total, amounts.Add(&amounts, &taxes)); err != nil {
		return err
	}
	if inv.Total < 0 {
		return fmt.Errorf("%w: the total is %d", ErrNegativeTotal, inv.Total)
	}

	expected, err := taxLines(inv.Lines)
	if err != nil {
		return err
	}
	if !slices.Equal(inv.TaxLines, expected) {
		return invalid("tax lines %+v are not the sums of the lines' taxes %+v", inv.TaxLines, expected)
	}
	return nil
}

// check verifies the line at index i of an invoice in mode.
func (l *Line) check(i int, mode tax.Mode) error {
	amount, err := l.amount(i)
	if err != nil {
		return err
	}
	gross := new(big.Int).Add(big.NewInt(l.Amount), big.NewInt(l.Tax))
	switch {
	case mode == tax.Exclusive && l.Amount != amount:
		return invalid("line %d: amount %d is not %d × %d", i, l.Amount, l.Quantity, l.UnitAmount)
	case mode == tax.Inclusive && gross.Cmp(big.NewInt(amount)) != 0:
		return invalid("line %d: amount %d + tax %d is not %d × %d", i, l.Amount, l.Tax, l.Quantity, l.UnitAmount)
	case !l.Taxable && (l.Tax != 0 || len(l.Portions) > 0):
		return invalid("line %d is not taxable but carries tax", i)
	case len(l.Portions) == 0 && (l.Tax != 0 || l.TaxRateBP != 0):
		return invalid("line %d has no taxes but a tax of %d at %d basis points", i, l.Tax, l.TaxRateBP)
	case len(l.Portions) == 0:
		return nil
	}

	sum := new(big.Int)
	for _, p := range l.Portions {
		sum.Add(sum, big.NewInt(p.Amount))
	}
	if err := equal(fmt.Sprintf("line %d: tax", i), l.Tax, sum); err != nil {
		return err
	}
	if !gross.IsInt64() {
		return invalid("line %d: amount %d + tax %d is out of range", i, l.Amount, l.Tax)
	}
	lt := tax.LineTax{Net: l.Amount, Gross: gross.Int64(), Taxes: l.Portions}
	if err := lt.Check(mode); err != nil {
		return fmt.Errorf("%w: line %d: %w", ErrInvalidInvoice, i, err)
	}
	return nil
}

// sameTaxes reports whether two taxed lines carry the same taxes, in the
// same order, at the same displayed rate.
func sameTaxes(a, b *Line) bool {
	return a.TaxRateBP == b.TaxRateBP && slices.EqualFunc(a.Portions, b.Portions, func(p, q tax.Portion) bool {
		return p.RuleID == q.RuleID && p.Name == q.Name && p.RateBP == q.RateBP && p.Compound == q.Compound && p.Priority == q.Priority
	})
}

// equal returns an error unless stored == computed.
func equal(what string, stored int64, computed *big.Int) error {
	if computed.Cmp(big.NewInt(stored)) != 0 {
		return invalid("%s is %d, expected %s", what, stored, computed)
	}
	return nil
}

// invalid returns an error wrapping ErrInvalidInvoice.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidInvoice, fmt.Sprintf(format, args...))
}
