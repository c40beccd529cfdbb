package affiliates

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// A refund or chargeback of a commission's invoice while the commission is
// held (pending, before hold_until) takes it back: a chargeback or a full
// refund reverses it; a partial refund reduces it to the share of the
// invoice still kept (Reduced: earned × (total − refunded) / total, half-even),
// and reverses it when nothing is left. Once the hold has passed (and so
// once approved or paid) a refund no longer touches it: that is the
// company's risk. A chargeback the company later wins does not restore it.

// refundedOf is how much of an invoice has been given back, with tax:
// credit notes issued against it or refunds settled on it.
func refundedOf(inv *collections.Invoice) int64 {
	return max(inv.CreditedTotal(), inv.AmountRefunded())
}

// onInvoiceRefunded adjusts the held commissions of an invoice whose
// refunded amount grew, in the transaction that saves the invoice.
func onInvoiceRefunded(e *core.RecordEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	inv := collections.WrapInvoice(e.Record)
	was := collections.WrapInvoice(e.Record.Original())
	if inv.Kind() != collections.InvoiceKindInvoice || refundedOf(inv) <= refundedOf(was) {
		return nil
	}
	return takeBack(e.App, inv.Id, inv.Total(), refundedOf(inv), time.Now())
}

// onChargeback reverses the held commissions of a charged-back invoice, in
// the transaction that records the chargeback.
func onChargeback(e *core.RecordEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	txn := collections.WrapTransaction(e.Record)
	if txn.Kind() != collections.TransactionKindChargeback || txn.Status() == collections.TransactionStatusFailed || txn.InvoiceID() == "" {
		return nil
	}
	return takeBack(e.App, txn.InvoiceID(), 1, 1, time.Now())
}

// takeBack reduces the commissions on an invoice still in their hold at
// now to the share left after refunded of total.
func takeBack(app core.App, invoice string, total, refunded int64, now time.Time) error {
	cf := collections.CommissionFields
	var held []*core.Record
	err := app.RecordQuery(collections.Commissions).
		Where(dbx.HashExp{cf.Invoice: invoice, cf.Status: string(collections.CommissionStatusPending)}).
		AndWhere(dbx.NewExp(cf.HoldUntil+" > {:now}", dbx.Params{"now": mustDateTime(now).String()})).All(&held)
	if err != nil {
		return err
	}
	for _, rec := range held {
		c := collections.WrapCommission(rec)
		earned := c.Earned()
		if earned == 0 {
			earned = c.Amount() // written before earned was kept
		}
		left, err := Reduced(earned, total, refunded)
		if err != nil {
			return err
		}
		if left >= c.Amount() {
			continue
		}
		c.SetAmount(left)
		if left == 0 {
			c.SetStatus(collections.CommissionStatusReversed)
			c.SetReversedAt(mustDateTime(now))
		}
		if err := app.Save(c); err != nil {
			return fmt.Errorf("take back commission %s: %w", c.Id, err)
		}
	}
	return nil
}

func mustDateTime(t time.Time) types.DateTime {
	d, _ := types.ParseDateTime(t)
	return d
}
