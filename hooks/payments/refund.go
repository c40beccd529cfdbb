package payments

import (
	"context"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
)

// ErrNotRefundable is a credit note the gateways cannot settle: not open,
// or more than the invoice's gateway payments have left.
var ErrNotRefundable = errors.New("payments: the credit note cannot be refunded through a gateway")

// RefundCreditNote pays out an open credit note (billing.RefundToGateway)
// through the gateways its invoice was paid with. First, in one
// transaction, it takes any refund already made at the gateway and not yet
// matched, and writes a pending refund row per payment for the rest, each
// with an idempotency key of the credit note and the payment; then it asks
// each gateway, and records what it answered. Running it again, or after a
// crash, resumes the pending rows with the same keys: a gateway never
// refunds twice.
func RefundCreditNote(ctx context.Context, app core.App, creditNote string, today money.Date) error {
	var pending []*collections.Transaction
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		pending, err = planRefunds(tx, creditNote, types.NowDateTime())
		return err
	})
	if err != nil {
		return err
	}
	var firstErr error
	for _, txn := range pending {
		if err := refundAtGateway(ctx, app, txn, today); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// planRefunds splits what the credit note still owes over the invoice's
// gateway payments, as pending refund rows, and returns every pending row
// of the credit note that the gateway has not answered yet.
func planRefunds(tx core.App, creditNote string, now types.DateTime) ([]*collections.Transaction, error) {
	cn, err := collections.FindInvoice(tx, creditNote)
	if err != nil || cn.Kind() != collections.InvoiceKindCreditNote {
		return nil, fmt.Errorf("%w: no credit note %q", ErrNotRefundable, creditNote)
	}
	f := collections.TransactionFields
	var planned int64
	if err := tx.DB().Select("coalesce(sum(" + f.Amount + "), 0)").From(collections.Transactions).
		Where(dbx.HashExp{f.CreditNote: cn.Id, f.Kind: string(collections.TransactionKindRefund)}).
		AndWhere(dbx.In(f.Status, string(collections.TransactionStatusPending), string(collections.TransactionStatusSucceeded))).Row(&planned); err != nil {
		return nil, err
	}
	left := cn.Total() - cn.AmountPaid() - (planned - settledOf(tx, cn.Id))
	if cn.Status() != collections.InvoiceStatusUnpaid {
		left = 0
	}

	payments, err := tx.FindRecordsByFilter(collections.Transactions,
		f.Invoice+" = {:inv} && "+f.Kind+" = 'payment' && "+f.Status+" = 'succeeded' && ("+f.Gateway+" = 'stripe' || "+f.Gateway+" = 'paypal')",
		f.Created, 0, 0, dbx.Params{"inv": cn.RelatedInvoiceID()})
	if err != nil {
		return nil, err
	}
	// Refunds made at the gateway and never matched to a credit note are
	// this credit note's money already: take them, do not refund again.
	for _, p := range payments {
		if left <= 0 {
			break
		}
		unmatched, err := tx.FindRecordsByFilter(collections.Transactions,
			f.RelatedTransaction+" = {:p} && "+f.Kind+" = 'refund' && "+f.CreditNote+" = '' && "+f.Status+" = 'succeeded'",
			f.Created, 0, 0, dbx.Params{"p": p.Id})
		if err != nil {
			return nil, err
		}
		for _, u := range unmatched {
			ext := collections.WrapTransaction(u)
			if ext.Amount() > left {
				continue
			}
			ext.SetCreditNoteID(cn.Id)
			if err := tx.Save(ext); err != nil {
				return nil, err
			}
			if err := settleRefund(tx, ext); err != nil {
				return nil, err
			}
			left -= ext.Amount()
		}
	}
	for _, p := range payments {
		if left <= 0 {
			break
		}
		payment := collections.WrapTransaction(p)
		refunded, err := refundedOf(tx, payment.Id)
		if err != nil {
			return nil, err
		}
		take := min(left, payment.Amount()-refunded)
		if take <= 0 {
			continue
		}
		txn, err := newRefund(tx, payment, take, cn.Id)
		if err != nil {
			return nil, err
		}
		txn.SetIdempotencyKey("refund:" + cn.Id + ":" + payment.Id)
		txn.SetDescription("Refund for credit note " + cn.Number())
		if err := tx.Save(txn); err != nil {
			return nil, fmt.Errorf("record refund: %w", err)
		}
		left -= take
	}
	if left > 0 {
		return nil, fmt.Errorf("%w: the invoice's card and PayPal payments have %s less left than credit note %s owes; refund the rest to account credit",
			ErrNotRefundable, minorString(left, cn.Currency()), cn.Number())
	}
	rows, err := tx.FindRecordsByFilter(collections.Transactions,
		f.CreditNote+" = {:cn} && "+f.Kind+" = 'refund' && "+f.Status+" = 'pending' && "+f.GatewayRef+" = ''",
		f.Created, 0, 0, dbx.Params{"cn": cn.Id})
	if err != nil {
		return nil, err
	}
	out := make([]*collections.Transaction, len(rows))
	for i, r := range rows {
		out[i] = collections.WrapTransaction(r)
	}
	return out, nil
}

// settledOf is how much of a credit note's refunds already moved money on it.
func settledOf(tx core.App, creditNote string) int64 {
	f := collections.TransactionFields
	var sum int64
	_ = tx.DB().Select("coalesce(sum(" + f.Amount + "), 0)").From(collections.Transactions).
		Where(dbx.HashExp{f.CreditNote: creditNote, f.Kind: string(collections.TransactionKindRefund), f.Status: string(collections.TransactionStatusSucceeded)}).Row(&sum)
	return sum
}

// refundAtGateway asks the gateway for one pending refund and records the
// answer. An error leaves the row pending, to be resumed with its key.
func refundAtGateway(ctx context.Context, app core.App, txn *collections.Transaction, today money.Date) error {
	gw := GatewayFor(app, string(txn.Gateway()))
	if gw == nil {
		return fmt.Errorf("payments: gateway %s is not configured", txn.Gateway())
	}
	payment, err := collections.FindTransaction(app, txn.RelatedTransactionID())
	if err != nil {
		return err
	}
	res, err := gw.Refund(ctx, RefundRequest{
		PaymentRef: payment.GatewayRef(), Amount: txn.Amount(), Currency: txn.Currency(),
		CreditNote: txn.CreditNoteID(), IdempotencyKey: txn.IdempotencyKey(),
	})
	if err != nil {
		return fmt.Errorf("refund at %s: %w", txn.Gateway(), err)
	}
	return app.RunInTransaction(func(tx core.App) error {
		_, err := RecordRefund(tx, RefundRecord{
			Gateway: string(txn.Gateway()), PaymentRef: payment.GatewayRef(), Ref: res.Ref, Amount: res.Amount,
			Currency: txn.Currency(), CreditNote: txn.CreditNoteID(),
			Succeeded: !res.Pending && !res.Failed, Failed: res.Failed, Message: res.Message,
			Now: types.NowDateTime(), Today: today,
		})
		return err
	})
}
