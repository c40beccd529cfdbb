package dunning

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
)

// Steps as named in dunning_steps. A reminder is the invoice's (service
// ""); a suspension or termination is one per (invoice, service).
const (
	stepRemindPrefix = "remind+"
	stepSuspend      = "suspend"
	stepTerminate    = "terminate"
)

func remindStep(daysOverdue int) string { return fmt.Sprintf("%s%d", stepRemindPrefix, daysOverdue) }

// ReasonPrefix starts the suspend reason of every suspension dunning makes
// ("Overdue invoice INV-2026-000123"): paying lifts those, and only those,
// so that a suspension staff made for another reason stays.
const ReasonPrefix = "Overdue invoice "

// ActorName is the audit log's actor of dunning's transitions.
const ActorName = "dunning"

// overdue reports whether inv still is an unpaid invoice with money due:
// each step re-reads it in its transaction, as a payment may have come in.
func overdue(inv *collections.Invoice) bool {
	return inv.Kind() == collections.InvoiceKindInvoice && inv.Status() == collections.InvoiceStatusUnpaid && inv.AmountDue() > 0
}

// stepDone reports whether the step is recorded for (invoice, service).
func stepDone(app core.App, invoiceID, serviceID, step string) (bool, error) {
	f := collections.DunningStepFields
	var n int
	err := app.DB().Select("count(*)").From(collections.DunningSteps).
		Where(dbx.HashExp{f.Invoice: invoiceID, f.Service: serviceID, f.Step: step}).Row(&n)
	return n > 0, err
}

// recordStep writes a step; the unique (invoice, service, step) index
// refuses a second one, should two processes race past stepDone.
func recordStep(txApp core.App, inv *collections.Invoice, serviceID, step string, on money.Date, detail map[string]any) error {
	s, err := collections.NewDunningStep(txApp)
	if err != nil {
		return err
	}
	happened, err := types.ParseDateTime(storedDate(on))
	if err != nil {
		return err
	}
	s.SetInvoiceID(inv.Id)
	s.SetServiceID(serviceID)
	s.SetCustomerID(inv.CustomerID())
	s.SetStep(step)
	s.SetHappenedOn(happened)
	s.SetDetail(detail)
	if err := txApp.Save(s); err != nil {
		return fmt.Errorf("record %s of invoice %s: %w", step, inv.Number(), err)
	}
	return nil
}
