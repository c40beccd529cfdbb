package payments

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/money"
)

// ErrUnknownPayment is a refund or dispute of a payment we never recorded.
var ErrUnknownPayment = errors.New("payments: no such payment")

// ErrRefundExceeds is a refund larger than what is left of its payment.
var ErrRefundExceeds = errors.New("payments: the refund exceeds what is left of the payment")

// RefundRecord is a refund the gateway made or is making.
type RefundRecord struct {
	Gateway    string
	PaymentRef string // the refunded payment's gateway_ref
	Ref        string // the refund's id at the gateway
	Amount     int64
	Currency   string
	// CreditNote is ours when we asked for the refund; "" for a refund made
	// at the gateway (its dashboard).
	CreditNote string
	Succeeded  bool
	Failed     bool
	Message    string
	Now        types.DateTime
	Today      money.Date
}

// RefundOutcome is what recording a refund did.
type RefundOutcome struct {
	Transaction string
	Duplicate   bool // nothing changed
	Settled     bool // the money moved now: invoice and credit note updated
	// Unmatched: a partial refund made at the gateway, recorded without a
	// credit note; staff issue one (refund_to gateway), which takes this
	// refund instead of refunding again.
	Unmatched bool
}

// RecordRefund records a refund inside txApp's transaction. A refund is
// settled once, when the gateway says it succeeded: the invoice's
// amount_refunded and the credit note's amount paid grow by its amount. A
// refund we asked for is found by its credit note (the pending row written
// before the gateway call); one made at the gateway is new: a full refund
// gets a full credit note, a partial one waits for staff's credit note.
func RecordRefund(txApp core.App, r RefundRecord) (RefundOutcome, error) {
	if !txApp.IsTransactional() {
		return RefundOutcome{}, ErrNotInTransaction
	}
	txn, err := findRefund(txApp, r)
	if err != nil {
		return RefundOutcome{}, err
	}
	if txn == nil {
		return recordExternalRefund(txApp, r)
	}
	out := RefundOutcome{Transaction: txn.Id}
	if txn.Status() != collections.TransactionStatusPending {
		out.Duplicate = true
		return out, nil
	}
	if r.Ref != "" && txn.GatewayRef() == "" {
		txn.SetGatewayRef(r.Ref)
	}
	switch {
	case r.Succeeded:
		txn.SetStatus(collections.TransactionStatusSucceeded)
		txn.SetProcessedAt(r.Now)
		if err := txApp.Save(txn); err != nil {
			return out, err
		}
		out.Settled = true
		return out, settleRefund(txApp, txn)
	case r.Failed:
		txn.SetStatus(collections.TransactionStatusFailed)
		txn.SetDescription(truncate("Refund failed: "+r.Message, 500))
		txn.SetProcessedAt(r.Now)
	}
	return out, txApp.Save(txn)
}

// findRefund finds the refund row r is about: by the gateway's refund id,
// or the pending row of its credit note and payment.
func findRefund(txApp core.App, r RefundRecord) (*collections.Transaction, error) {
	f := collections.TransactionFields
	if r.Ref != "" {
		id, err := transactionByRef(txApp, r.Gateway, r.Ref)
		if err != nil {
			return nil, err
		}
		if id != "" {
			return collections.FindTransaction(txApp, id)
		}
	}
	if r.CreditNote == "" {
		return nil, nil
	}
	payment, err := paymentByRef(txApp, r.Gateway, r.PaymentRef)
	if err != nil {
		return nil, err
	}
	rec, err := txApp.FindFirstRecordByFilter(collections.Transactions,
		f.Kind+" = 'refund' && "+f.CreditNote+" = {:cn} && "+f.RelatedTransaction+" = {:payment} && "+f.GatewayRef+" = ''",
		dbx.Params{"cn": r.CreditNote, "payment": payment.Id})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return collections.WrapTransaction(rec), nil
}

func paymentByRef(txApp core.App, gateway, ref string) (*collections.Transaction, error) {
	id, err := transactionByRef(txApp, gateway, ref)
	if err != nil {
		return nil, err
	}
	var txn *collections.Transaction
	if id != "" {
		if txn, err = collections.FindTransaction(txApp, id); err != nil {
			return nil, err
		}
	}
	if txn == nil || txn.Kind() != collections.TransactionKindPayment {
		return nil, fmt.Errorf("%w: %s %s", ErrUnknownPayment, gateway, ref)
	}
	return txn, nil
}

// refundedOf is how much of a payment is refunded or being refunded.
func refundedOf(txApp core.App, payment string) (int64, error) {
	f := collections.TransactionFields
	var sum int64
	err := txApp.DB().Select("coalesce(sum(" + f.Amount + "), 0)").From(collections.Transactions).
		Where(dbx.HashExp{f.RelatedTransaction: payment, f.Kind: string(collections.TransactionKindRefund)}).
		AndWhere(dbx.In(f.Status, string(collections.TransactionStatusPending), string(collections.TransactionStatusSucceeded))).Row(&sum)
	return sum, err
}

// recordExternalRefund records a refund made at the gateway.
func recordExternalRefund(txApp core.App, r RefundRecord) (RefundOutcome, error) {
	if r.Failed {
		return RefundOutcome{Duplicate: true}, nil // nothing moved, nothing to record
	}
	payment, err := paymentByRef(txApp, r.Gateway, r.PaymentRef)
	if err != nil {
		return RefundOutcome{}, err
	}
	refunded, err := refundedOf(txApp, payment.Id)
	if err != nil {
		return RefundOutcome{}, err
	}
	if r.Amount <= 0 || refunded+r.Amount > payment.Amount() {
		return RefundOutcome{}, fmt.Errorf("%w: %s of %s, %s refunded before", ErrRefundExceeds,
			minorString(r.Amount, payment.Currency()), minorString(payment.Amount(), payment.Currency()), minorString(refunded, payment.Currency()))
	}
	txn, err := newRefund(txApp, payment, r.Amount, "")
	if err != nil {
		return RefundOutcome{}, err
	}
	txn.SetGatewayRef(r.Ref)
	txn.SetDescription("Refund made at " + r.Gateway)
	out := RefundOutcome{}

	// A refund of everything left on the invoice is a full credit note.
	inv, err := collections.FindInvoice(txApp, payment.InvoiceID())
	if err != nil {
		return out, err
	}
	received := inv.CreditApplied() + inv.AmountPaid() - inv.AmountRefunded()
	if inv.CreditedTotal() == 0 && r.Amount == received && r.Succeeded {
		cn, err := billing.IssueCreditNote(txApp, billing.CreditNoteRequest{
			Invoice: inv.Id, RefundTo: billing.RefundToGateway, Reason: "refunded at " + r.Gateway,
			Today: r.Today, Now: r.Now,
		})
		if err != nil {
			return out, err
		}
		txn.SetCreditNoteID(cn.Id)
	} else {
		out.Unmatched = true
	}
	if r.Succeeded {
		txn.SetStatus(collections.TransactionStatusSucceeded)
		txn.SetProcessedAt(r.Now)
	}
	if err := txApp.Save(txn); err != nil {
		return out, fmt.Errorf("record refund: %w", err)
	}
	out.Transaction = txn.Id
	if r.Succeeded && txn.CreditNoteID() != "" {
		out.Settled = true
		return out, settleRefund(txApp, txn)
	}
	return out, nil
}

// newRefund is an unsaved pending refund row of payment.
func newRefund(txApp core.App, payment *collections.Transaction, amount int64, creditNote string) (*collections.Transaction, error) {
	txn, err := collections.NewTransaction(txApp)
	if err != nil {
		return nil, err
	}
	txn.SetGateway(payment.Gateway())
	txn.SetKind(collections.TransactionKindRefund)
	txn.SetStatus(collections.TransactionStatusPending)
	txn.SetAmount(amount)
	txn.SetCurrency(payment.Currency())
	txn.SetInvoiceID(payment.InvoiceID())
	txn.SetCustomerID(payment.CustomerID())
	txn.SetRelatedTransactionID(payment.Id)
	txn.SetCreditNoteID(creditNote)
	return txn, nil
}

// settleRefund moves a succeeded refund's money on its invoice and credit
// note. A refund without a credit note waits for one (attachExternalRefunds).
func settleRefund(txApp core.App, txn *collections.Transaction) error {
	if txn.CreditNoteID() == "" {
		return nil
	}
	inv, err := collections.FindInvoice(txApp, txn.InvoiceID())
	if err != nil {
		return err
	}
	cn, err := collections.FindInvoice(txApp, txn.CreditNoteID())
	if err != nil {
		return err
	}
	inv.SetAmountRefunded(inv.AmountRefunded() + txn.Amount())
	inv.SetAmountDue(billing.AmountDue(inv))
	if err := txApp.Save(inv); err != nil {
		return fmt.Errorf("invoice %s: %w", inv.Number(), err)
	}
	cn.SetAmountPaid(cn.AmountPaid() + txn.Amount())
	cn.SetAmountDue(max(0, cn.Total()-cn.AmountPaid()))
	if cn.AmountDue() == 0 && cn.Status() == collections.InvoiceStatusUnpaid {
		cn.SetStatus(collections.InvoiceStatusPaid)
		cn.SetPaidAt(txn.ProcessedAt())
	}
	if err := txApp.Save(cn); err != nil {
		return fmt.Errorf("credit note %s: %w", cn.Number(), err)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
