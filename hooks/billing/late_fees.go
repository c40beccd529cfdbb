package billing

import (
	"context"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing/invoicecalc"
	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
)

// lateFeeAmount is the fee on an overdue amount under the policy; 0 when none.
func lateFeeAmount(p LateFeePolicy, currency string, overdue int64) (int64, error) {
	switch p.Kind {
	case "percent":
		return money.MulRateBP(overdue, p.PercentBP)
	case "fixed":
		return p.Fixed[currency], nil
	}
	return 0, fmt.Errorf("settings.late_fee.kind %q: want percent or fixed", p.Kind)
}

// lateFeeStep charges each invoice overdue by more than the policy's days one
// late fee (settings.late_fee, off by default). An issued invoice is never
// changed: the fee is an invoice of its own that refers to the overdue one,
// and the overdue invoice's late_fee_at, set in the same transaction, makes
// it once per invoice. Late fees are compensation, not a supply: no VAT.
func lateFeeStep(ctx context.Context, app core.App, p *Policy, asOf money.Date, now types.DateTime, report *Report) error {
	if !p.LateFee.Enabled {
		return nil
	}
	f := collections.InvoiceFields
	cutoff := asOf.AddDays(-p.LateFee.AfterDays)
	var overdue []struct {
		ID       string `db:"id"`
		Number   string `db:"number"`
		Customer string `db:"customer"`
		Currency string `db:"currency"`
		Due      int64  `db:"amount_due"`
	}
	err := app.DB().Select(f.ID, f.Number, f.Customer, f.Currency, f.AmountDue).From(collections.Invoices).
		Where(dbx.HashExp{f.Status: string(collections.InvoiceStatusUnpaid), f.Kind: string(collections.InvoiceKindInvoice), f.LateFeeAt: ""}).
		AndWhere(dbx.NewExp("[["+f.DueAt+"]] != '' AND [["+f.DueAt+"]] < {:cutoff} AND [["+f.AmountDue+"]] > 0", dbx.Params{"cutoff": storedDate(cutoff)})).
		// A late-fee invoice does not earn a late fee of its own.
		AndWhere(dbx.NewExp("NOT EXISTS (SELECT 1 FROM {{"+collections.InvoiceItems+"}} li WHERE li.invoice = {{"+collections.Invoices+"}}.id AND li.kind = 'late_fee')")).
		OrderBy(f.DueAt, f.Number).All(&overdue)
	if err != nil {
		return fmt.Errorf("find overdue invoices: %w", err)
	}
	for _, o := range overdue {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		fee, err := lateFeeAmount(p.LateFee, o.Currency, o.Due)
		if err != nil {
			return err
		}
		if fee <= 0 {
			continue
		}
		inv, err := invoicecalc.Compute(o.Currency, p.TaxMode, tax.Applied{}, []invoicecalc.LineInput{{
			Kind: string(collections.InvoiceItemKindLateFee), Description: "Late fee for invoice " + o.Number, Quantity: 1, UnitAmount: fee,
		}})
		if err != nil {
			report.fail("late fee for %s: %v", o.Number, err)
			continue
		}
		err = app.RunInTransaction(func(tx core.App) error {
			// Re-read inside the transaction: a payment may have come in.
			orig, err := collections.FindInvoice(tx, o.ID)
			if err != nil {
				return err
			}
			if orig.Status() != collections.InvoiceStatusUnpaid || !orig.LateFeeAt().IsZero() {
				return nil
			}
			number, err := NextNumber(tx, SeriesInvoice, p.InvoicePattern, p.YearlyReset, asOf, now)
			if err != nil {
				return err
			}
			w, err := newRowWriter(tx)
			if err != nil {
				return err
			}
			defer w.close()
			var address map[string]any
			_ = orig.UnmarshalBillingAddress(&address)
			h := invoiceHeader{ID: newID(), Number: number, Series: SeriesInvoice, Kind: string(collections.InvoiceKindInvoice),
				Customer: o.Customer, Status: string(collections.InvoiceStatusUnpaid), IssuedOn: asOf, DueOn: asOf,
				BillingAddress: address, Seller: p.SellerSnapshot, Notes: "Late fee for invoice " + o.Number + "."}
			if err := w.insertInvoice(h, inv, []itemRow{{}}, now); err != nil {
				return err
			}
			orig.SetLateFeeAt(dayTime(asOf))
			return tx.Save(orig)
		})
		if err != nil {
			report.fail("late fee for %s: %v", o.Number, err)
			continue
		}
		report.LateFees++
	}
	return nil
}
