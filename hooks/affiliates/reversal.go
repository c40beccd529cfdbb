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
// credit notes issued against it, refunds settled on it, or refunds the
// gateway made that wait for staff's credit note, whichever says most.
func refundedOf(app core.App, inv *collections.Invoice) (int64, error) {
	f := collections.TransactionFields
	var atGateway int64
	err := app.DB().Select("coalesce(sum(" + f.Amount + "), 0)").From(collections.Transactions).Where(dbx.HashExp{
		f.Invoice: inv.Id, f.Kind: string(collections.TransactionKindRefund), f.Status: string(collections.TransactionStatusSucceeded),
	}).Row(&atGateway)
	return max(inv.CreditedTotal(), inv.AmountRefunded(), atGateway), err
}

// onInvoiceRefunded adjusts the held commissions of an invoice whose
// credited or refunded amount grew, in the transaction that saves it.
func onInvoiceRefunded(e *core.RecordEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	inv := collections.WrapInvoice(e.Record)
	was := collections.WrapInvoice(e.Record.Original())
	if inv.Kind() != collections.InvoiceKindInvoice || (inv.CreditedTotal() <= was.CreditedTotal() && inv.AmountRefunded() <= was.AmountRefunded()) {
		return nil
	}
	return takeBackRefunded(e.App, inv.Id)
}

// onRefundOrChargeback adjusts the held commissions of an invoice when a
// refund of it succeeds (one made at the gateway included) or a chargeback
// of it opens, in the transaction that records it.
func onRefundOrChargeback(e *core.RecordEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	txn := collections.WrapTransaction(e.Record)
	if txn.InvoiceID() == "" {
		return nil
	}
	switch {
	case txn.Kind() == collections.TransactionKindChargeback && txn.Status() != collections.TransactionStatusFailed:
		return takeBack(e.App, txn.InvoiceID(), 1, 1, time.Now())
	case txn.Kind() == collections.TransactionKindRefund && txn.Status() == collections.TransactionStatusSucceeded:
		return takeBackRefunded(e.App, txn.InvoiceID())
	}
	return nil
}

func takeBackRefunded(app core.App, invoice string) error {
	inv, err := collections.FindInvoice(app, invoice)
	if err != nil {
		return err
	}
	refunded, err := refundedOf(app, inv)
	if err != nil || refunded <= 0 {
		return err
	}
	return takeBack(app, inv.Id, inv.Total(), refunded, time.Now())
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
