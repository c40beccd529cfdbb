package billing

import (
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
)

// ErrNotCancellable is returned when an invoice is not unpaid.
var ErrNotCancellable = errors.New("billing: only an unpaid invoice can be cancelled; refund a paid one with a credit note")

// CancelInvoice cancels an unpaid invoice inside txApp's transaction. It keeps
// its number (a cancelled invoice is still part of the gapless series), and
// whatever the customer already paid towards it (account credit applied,
// part payments) goes back to their account credit.
func CancelInvoice(txApp core.App, invoiceID string, today money.Date, reason, staffID string) error {
	inv, err := collections.FindInvoice(txApp, invoiceID)
	if err != nil {
		return err
	}
	if inv.Kind() != collections.InvoiceKindInvoice || inv.Status() != collections.InvoiceStatusUnpaid {
		return fmt.Errorf("%w (invoice %s is %s)", ErrNotCancellable, inv.Number(), inv.Status())
	}
	received := inv.CreditApplied() + inv.AmountPaid() - inv.AmountRefunded()
	if received > 0 {
		_, err := AddCredit(txApp, CreditEntry{
			Customer: inv.CustomerID(), Currency: inv.Currency(), Amount: received,
			Kind: collections.CreditEntryKindReversal, Invoice: invoiceID, Staff: staffID,
			Note:           "Returned from cancelled invoice " + inv.Number(),
			IdempotencyKey: "cancel:" + invoiceID,
		})
		if err != nil {
			return err
		}
	}
	inv.SetStatus(collections.InvoiceStatusCancelled)
	inv.SetCancelledAt(dayTime(today))
	inv.SetAmountDue(0)
	if reason != "" {
		notes := inv.Notes()
		if notes != "" {
			notes += "\n"
		}
		inv.SetNotes(notes + "Cancelled: " + reason)
	}
	if err := txApp.Save(inv); err != nil {
		return fmt.Errorf("cancel invoice %s: %w", inv.Number(), err)
	}
	return nil
}
