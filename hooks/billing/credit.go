package billing

import (
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
)

// ErrInsufficientCredit is returned when an entry would take a customer's
// balance below zero.
var ErrInsufficientCredit = errors.New("billing: not enough account credit")

// CreditEntry is one movement of a customer's account credit. Amount is
// signed: positive adds credit, negative uses it.
type CreditEntry struct {
	Customer    string
	Currency    string
	Amount      int64
	Kind        collections.CreditEntryKind
	Note        string
	Invoice     string
	Transaction string
	Staff       string
	// IdempotencyKey makes a retried entry a no-op: an entry with a key
	// already in the ledger is not written again.
	IdempotencyKey string
}

// Balance is a customer's account credit in a currency: the sum of the
// ledger, never a stored number.
func Balance(app core.App, customer, currency string) (int64, error) {
	f := collections.CreditEntryFields
	var sum int64
	err := app.DB().Select("coalesce(sum(" + f.Amount + "), 0)").From(collections.CreditLedger).
		Where(dbx.HashExp{f.Customer: customer, f.Currency: currency}).Row(&sum)
	return sum, err
}

// AddCredit writes one ledger entry inside txApp's transaction, refusing one
// that would take the balance below zero. It reports whether it wrote the
// entry (false: its idempotency key was already used).
func AddCredit(txApp core.App, e CreditEntry) (bool, error) {
	if !txApp.IsTransactional() {
		return false, errors.New("billing: credit entries are written inside a transaction")
	}
	if e.Amount == 0 {
		return false, errors.New("billing: a credit entry must move some money")
	}
	if _, err := money.LookupCurrency(e.Currency); err != nil {
		return false, err
	}
	f := collections.CreditEntryFields
	if e.IdempotencyKey != "" {
		var n int
		if err := txApp.DB().Select("count(*)").From(collections.CreditLedger).Where(dbx.HashExp{f.IdempotencyKey: e.IdempotencyKey}).Row(&n); err != nil {
			return false, err
		}
		if n > 0 {
			return false, nil
		}
	}
	if e.Amount < 0 {
		bal, err := Balance(txApp, e.Customer, e.Currency)
		if err != nil {
			return false, err
		}
		if bal+e.Amount < 0 {
			return false, fmt.Errorf("%w: balance %s, needed %s", ErrInsufficientCredit,
				money.FormatMinor(bal, decimals(e.Currency)), money.FormatMinor(-e.Amount, decimals(e.Currency)))
		}
	}
	entry, err := collections.NewCreditEntry(txApp)
	if err != nil {
		return false, err
	}
	entry.SetCustomerID(e.Customer)
	entry.SetCurrency(e.Currency)
	entry.SetAmount(e.Amount)
	entry.SetKind(e.Kind)
	entry.SetNote(e.Note)
	entry.SetInvoiceID(e.Invoice)
	entry.SetTransactionID(e.Transaction)
	entry.SetStaffID(e.Staff)
	entry.SetIdempotencyKey(e.IdempotencyKey)
	if err := txApp.Save(entry); err != nil {
		return false, fmt.Errorf("write credit entry: %w", err)
	}
	return true, nil
}

func decimals(currency string) int {
	c, err := money.LookupCurrency(currency)
	if err != nil {
		return 2
	}
	return c.Decimals
}

// ApplyCredit pays as much of an unpaid invoice as the customer's credit
// covers, inside txApp's transaction, and marks it paid when nothing is left
// to pay. It returns the amount applied. Applying twice is harmless: the
// second time finds less (or nothing) due.
func ApplyCredit(txApp core.App, invoiceID string, today money.Date) (int64, error) {
	inv, err := collections.FindInvoice(txApp, invoiceID)
	if err != nil {
		return 0, err
	}
	if inv.Status() != collections.InvoiceStatusUnpaid || inv.AmountDue() <= 0 {
		return 0, nil
	}
	// A top-up is bought with money, not with the credit it buys.
	var topups int
	if err := txApp.DB().Select("count(*)").From(collections.InvoiceItems).
		Where(dbx.HashExp{collections.InvoiceItemFields.Invoice: invoiceID, collections.InvoiceItemFields.Kind: string(collections.InvoiceItemKindTopup)}).Row(&topups); err != nil {
		return 0, err
	}
	if topups > 0 {
		return 0, nil
	}
	bal, err := Balance(txApp, inv.CustomerID(), inv.Currency())
	if err != nil || bal <= 0 {
		return 0, err
	}
	amount := min(bal, inv.AmountDue())
	wrote, err := AddCredit(txApp, CreditEntry{
		Customer: inv.CustomerID(), Currency: inv.Currency(), Amount: -amount,
		Kind: collections.CreditEntryKindApplied, Invoice: invoiceID,
		Note:           "Applied to invoice " + inv.Number(),
		IdempotencyKey: fmt.Sprintf("apply:%s:%d", invoiceID, inv.CreditApplied()),
	})
	if err != nil || !wrote {
		return 0, err
	}
	inv.SetCreditApplied(inv.CreditApplied() + amount)
	inv.SetAmountDue(inv.AmountDue() - amount)
	if inv.AmountDue() == 0 {
		inv.SetStatus(collections.InvoiceStatusPaid)
		inv.SetPaidAt(dayTime(today))
	}
	if err := txApp.Save(inv); err != nil {
		return 0, fmt.Errorf("apply credit to invoice %s: %w", inv.Number(), err)
	}
	if inv.Status() == collections.InvoiceStatusPaid {
		if err := InvoicePaid(txApp, invoiceID, dayTime(today)); err != nil {
			return 0, err
		}
	}
	return amount, nil
}

// dayTime is a billing day as a date field's value.
func dayTime(d money.Date) types.DateTime {
	t, _ := types.ParseDateTime(storedDate(d))
	return t
}
