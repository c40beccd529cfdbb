package payments

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/money"
)

// Refusals of a payment that no retry can mend: the event is kept, marked
// ignored with the reason, and nothing is written to the money collections.
var (
	ErrUnknownInvoice   = errors.New("payments: no such invoice")
	ErrCurrencyMismatch = errors.New("payments: the payment's currency is not the invoice's")
	ErrWrongCustomer    = errors.New("payments: the payment's customer does not own the invoice")
	ErrNotInTransaction = errors.New("payments: money is recorded inside a transaction")
)

// Payment is money received for an invoice.
type Payment struct {
	Gateway string
	// Ref is the payment's id at the gateway (Stripe PaymentIntent, PayPal
	// capture, a bank transfer's reference): one transaction per Ref.
	Ref      string
	Invoice  string
	Customer string // when known, checked against the invoice's
	Amount   int64
	Currency string
	Fee      int64
	Staff    string // who recorded a manual payment
	Note     string
	Now      types.DateTime
}

// PaymentOutcome is what recording a payment did.
type PaymentOutcome struct {
	Transaction string
	// Duplicate: a payment with this Ref was recorded before; nothing changed.
	Duplicate bool
	Applied   int64 // paid towards the invoice
	ToCredit  int64 // overpaid, or paid for an invoice no longer owing: account credit
	Paid      bool  // the invoice became paid
	Invoice   *collections.Invoice
}

// RecordPayment records a payment inside txApp's transaction: a transaction
// row, the invoice's amount paid and due, paid (with what paying sets off,
// billing.InvoicePaid) when fully covered, and account credit for whatever
// the invoice did not need. Recording the same Ref again changes nothing.
func RecordPayment(txApp core.App, p Payment) (PaymentOutcome, error) {
	if !txApp.IsTransactional() {
		return PaymentOutcome{}, ErrNotInTransaction
	}
	if p.Amount <= 0 {
		return PaymentOutcome{}, fmt.Errorf("payments: a payment of %d", p.Amount)
	}
	if p.Ref != "" {
		if id, err := transactionByRef(txApp, p.Gateway, p.Ref); err != nil || id != "" {
			return PaymentOutcome{Transaction: id, Duplicate: id != ""}, err
		}
	}
	inv, err := collections.FindInvoice(txApp, p.Invoice)
	if err != nil || inv.Kind() != collections.InvoiceKindInvoice || inv.Status() == collections.InvoiceStatusDraft {
		return PaymentOutcome{}, fmt.Errorf("%w: %q", ErrUnknownInvoice, p.Invoice)
	}
	if p.Customer != "" && p.Customer != inv.CustomerID() {
		return PaymentOutcome{}, fmt.Errorf("%w: invoice %s", ErrWrongCustomer, inv.Number())
	}
	if !strings.EqualFold(p.Currency, inv.Currency()) {
		return PaymentOutcome{}, fmt.Errorf("%w: %s paid for invoice %s in %s", ErrCurrencyMismatch, p.Currency, inv.Number(), inv.Currency())
	}

	txn, err := collections.NewTransaction(txApp)
	if err != nil {
		return PaymentOutcome{}, err
	}
	txn.SetGateway(collections.TransactionGateway(p.Gateway))
	txn.SetGatewayRef(p.Ref)
	txn.SetKind(collections.TransactionKindPayment)
	txn.SetStatus(collections.TransactionStatusSucceeded)
	txn.SetAmount(p.Amount)
	txn.SetFee(p.Fee)
	txn.SetCurrency(inv.Currency())
	txn.SetInvoiceID(inv.Id)
	txn.SetCustomerID(inv.CustomerID())
	txn.SetStaffID(p.Staff)
	txn.SetDescription(describe(p, inv))
	txn.SetProcessedAt(p.Now)
	if err := txApp.Save(txn); err != nil {
		return PaymentOutcome{}, fmt.Errorf("record payment: %w", err)
	}

	out := PaymentOutcome{Transaction: txn.Id, Invoice: inv}
	if inv.Status() == collections.InvoiceStatusUnpaid && inv.AmountDue() > 0 {
		out.Applied = min(p.Amount, inv.AmountDue())
		inv.SetAmountPaid(inv.AmountPaid() + out.Applied)
		inv.SetAmountDue(billing.AmountDue(inv))
		if inv.AmountDue() == 0 {
			inv.SetStatus(collections.InvoiceStatusPaid)
			inv.SetPaidAt(p.Now)
			out.Paid = true
		}
		if err := txApp.Save(inv); err != nil {
			return PaymentOutcome{}, fmt.Errorf("invoice %s: %w", inv.Number(), err)
		}
	}
	out.ToCredit = p.Amount - out.Applied
	if out.ToCredit > 0 {
		note := "Overpayment of invoice " + inv.Number()
		if out.Applied == 0 {
			note = fmt.Sprintf("Payment for invoice %s, which was %s", inv.Number(), inv.Status())
		}
		if _, err := billing.AddCredit(txApp, billing.CreditEntry{
			Customer: inv.CustomerID(), Currency: inv.Currency(), Amount: out.ToCredit,
			Kind: collections.CreditEntryKindOverpayment, Invoice: inv.Id, Transaction: txn.Id,
			Note: note, IdempotencyKey: "overpayment:" + txn.Id,
		}); err != nil {
			return PaymentOutcome{}, err
		}
	}
	if out.Paid {
		if err := billing.InvoicePaid(txApp, inv.Id, p.Now); err != nil {
			return PaymentOutcome{}, err
		}
	}
	return out, nil
}

func describe(p Payment, inv *collections.Invoice) string {
	d := fmt.Sprintf("Payment for invoice %s", inv.Number())
	if p.Note != "" {
		d += ": " + p.Note
	}
	if len(d) > 500 {
		d = d[:500]
	}
	return d
}

// transactionByRef is the id of the transaction a gateway knows by ref, or "".
func transactionByRef(app core.App, gateway, ref string) (string, error) {
	f := collections.TransactionFields
	var id string
	// The "!= ''" lets SQLite use the partial unique index on the pair.
	err := app.DB().Select(f.ID).From(collections.Transactions).
		Where(dbx.HashExp{f.Gateway: gateway, f.GatewayRef: ref}).AndWhere(dbx.NewExp(f.GatewayRef + " != ''")).Limit(1).Row(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// minorString formats an amount for people.
func minorString(amount int64, currency string) string {
	c, err := money.LookupCurrency(currency)
	if err != nil {
		return fmt.Sprintf("%d %s", amount, currency)
	}
	return money.FormatMinor(amount, c.Decimals) + " " + c.Code
}
