package billing

import (
	"context"
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
)

// applyCreditStep is the run's credit step (settings.auto_apply_credit): every
// unpaid invoice of a customer who has credit in its currency is paid from
// that credit, oldest due date first, one invoice per transaction.
func applyCreditStep(ctx context.Context, app core.App, asOf money.Date, report *Report) error {
	inv := collections.InvoiceFields
	led := collections.CreditEntryFields
	var ids []string
	err := app.DB().NewQuery(
		"SELECT i.id FROM {{" + collections.Invoices + "}} i WHERE i." + inv.Status + " = {:unpaid} AND i." + inv.Kind + " = {:kind} " +
			"AND i." + inv.AmountDue + " > 0 AND (SELECT coalesce(sum(c." + led.Amount + "), 0) FROM {{" + collections.CreditLedger + "}} c " +
			"WHERE c." + led.Customer + " = i." + inv.Customer + " AND c." + led.Currency + " = i." + inv.Currency + ") > 0 " +
			"ORDER BY i." + inv.DueAt + ", i." + inv.Number,
	).Bind(map[string]any{"unpaid": string(collections.InvoiceStatusUnpaid), "kind": string(collections.InvoiceKindInvoice)}).Column(&ids)
	if err != nil {
		return fmt.Errorf("find invoices to pay from credit: %w", err)
	}
	for _, id := range ids {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		var applied int64
		err := app.RunInTransaction(func(tx core.App) error {
			var err error
			applied, err = ApplyCredit(tx, id, asOf)
			return err
		})
		if err != nil {
			report.fail("apply credit to invoice %s: %v", id, err)
			continue
		}
		if applied > 0 {
			report.CreditApplied++
		}
	}
	return nil
}
