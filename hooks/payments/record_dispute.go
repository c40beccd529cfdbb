package payments

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// DisputeOutcome is what recording a dispute did.
type DisputeOutcome struct {
	Transaction string
	Opened      bool // newly opened: tell staff
	Closed      bool // newly closed
	Duplicate   bool
	Invoice     *collections.Invoice
}

// RecordDispute records a chargeback inside txApp's transaction. Opening
// writes a pending chargeback row (the gateway has taken the money back)
// and flags the invoice and the customer; closing settles the row: lost,
// the chargeback stands (succeeded); won, the money came back (failed) and
// the invoice's flag is lifted. The customer keeps theirs while any other
// dispute is open. A close that arrives before its open records both at
// once; an open after its close changes nothing.
func RecordDispute(txApp core.App, gateway string, d DisputeEvent, closed bool, now types.DateTime) (DisputeOutcome, error) {
	if !txApp.IsTransactional() {
		return DisputeOutcome{}, ErrNotInTransaction
	}
	var txn *collections.Transaction
	if id, err := transactionByRef(txApp, gateway, d.Ref); err != nil {
		return DisputeOutcome{}, err
	} else if id != "" {
		if txn, err = collections.FindTransaction(txApp, id); err != nil {
			return DisputeOutcome{}, err
		}
	}
	out := DisputeOutcome{}
	if txn == nil {
		payment, err := paymentByRef(txApp, gateway, d.PaymentRef)
		if err != nil {
			return out, err
		}
		txn, err = collections.NewTransaction(txApp)
		if err != nil {
			return out, err
		}
		amount := d.Amount
		if amount <= 0 || amount > payment.Amount() {
			amount = payment.Amount()
		}
		txn.SetGateway(payment.Gateway())
		txn.SetGatewayRef(d.Ref)
		txn.SetKind(collections.TransactionKindChargeback)
		txn.SetStatus(collections.TransactionStatusPending)
		txn.SetAmount(amount)
		txn.SetCurrency(payment.Currency())
		txn.SetInvoiceID(payment.InvoiceID())
		txn.SetCustomerID(payment.CustomerID())
		txn.SetRelatedTransactionID(payment.Id)
		txn.SetDescription(truncate("Dispute: "+d.Reason, 500))
		out.Opened = true
	} else if !closed || txn.Status() != collections.TransactionStatusPending {
		out.Transaction, out.Duplicate = txn.Id, true
		return out, nil
	}
	inv, err := collections.FindInvoice(txApp, txn.InvoiceID())
	if err != nil {
		return out, err
	}
	out.Invoice = inv
	if closed {
		out.Closed = true
		txn.SetProcessedAt(now)
		if d.Won {
			txn.SetStatus(collections.TransactionStatusFailed)
			txn.SetDescription(truncate("Dispute won: "+d.Reason, 500))
		} else {
			txn.SetStatus(collections.TransactionStatusSucceeded)
			txn.SetDescription(truncate("Dispute lost: "+d.Reason, 500))
		}
	}
	if err := txApp.Save(txn); err != nil {
		return out, fmt.Errorf("record dispute: %w", err)
	}
	out.Transaction = txn.Id

	open, err := openDisputes(txApp, "invoice", inv.Id)
	if err != nil {
		return out, err
	}
	inv.SetDisputed(open > 0 || (closed && !d.Won))
	if err := txApp.Save(inv); err != nil {
		return out, err
	}
	customer, err := collections.FindCustomer(txApp, inv.CustomerID())
	if err != nil {
		return out, err
	}
	open, err = openDisputes(txApp, "customer", customer.Id)
	if err != nil {
		return out, err
	}
	lost := closed && !d.Won
	if want := open > 0 || lost || (customer.Disputed() && !closed); customer.Disputed() != want {
		customer.SetDisputed(want)
		if err := txApp.Save(customer); err != nil {
			return out, err
		}
	}
	return out, nil
}

// openDisputes counts the pending chargebacks of an invoice or customer.
func openDisputes(txApp core.App, field, id string) (int, error) {
	var n int
	err := txApp.DB().NewQuery("SELECT count(*) FROM {{" + collections.Transactions + "}} WHERE [[" + field + "]] = {:id} AND kind = 'chargeback' AND status = 'pending'").
		Bind(map[string]any{"id": id}).Row(&n)
	return n, err
}
