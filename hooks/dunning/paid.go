package dunning

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/lifecycle"
	"github.com/ezscale/hostbase/hooks/money"
)

// unsuspendPaid runs inside the transaction that marks an invoice paid: the
// services dunning suspended for it come back, unless another unpaid
// invoice of theirs is past its own suspension day (they then stay
// suspended until that one is paid too). A service suspended by staff for
// another reason, or unsuspended since, is left as it is; terminated
// services stay terminated. Calling it again changes nothing.
func unsuspendPaid(txApp core.App, inv *collections.Invoice, now types.DateTime) error {
	if inv.Kind() != collections.InvoiceKindInvoice || inv.Status() != collections.InvoiceStatusPaid {
		return nil
	}
	f := collections.DunningStepFields
	var services []string
	err := txApp.DB().Select(f.Service).From(collections.DunningSteps).
		Where(dbx.HashExp{f.Invoice: inv.Id, f.Step: stepSuspend}).AndWhere(dbx.NewExp(f.Service + " != ''")).
		OrderBy(f.Service).Column(&services)
	if err != nil || len(services) == 0 {
		return err
	}
	base, err := LoadPolicy(txApp)
	if err != nil {
		return err
	}
	loc, err := companyLocation(txApp)
	if err != nil {
		return err
	}
	today := money.DateOf(now.Time(), loc)
	for _, id := range services {
		svc, err := collections.FindService(txApp, id)
		if err != nil {
			return err
		}
		if svc.Status() != collections.ServiceStatusSuspended || !suspendedByDunning(svc) {
			continue
		}
		held, err := heldByAnotherInvoice(txApp, base, id, inv.Id, today)
		if err != nil {
			return err
		}
		if held {
			continue
		}
		r := lifecycle.Reason{ActorName: ActorName, Why: "Invoice " + inv.Number() + " paid", Now: now}
		if _, err := lifecycle.Unsuspend(txApp, id, r); err != nil {
			return fmt.Errorf("dunning: unsuspend service %s: %w", id, err)
		}
	}
	return nil
}

// heldByAnotherInvoice reports whether an unpaid invoice other than paidID
// bills the service and is past its suspension day: dunning would suspend
// the service again on the next run. today is now's day in the company's
// timezone.
func heldByAnotherInvoice(txApp core.App, base Policy, serviceID, paidID string, today money.Date) (bool, error) {
	var others []struct {
		ID    string `db:"id"`
		DueAt string `db:"due_at"`
	}
	err := txApp.DB().NewQuery(`
		SELECT DISTINCT i.id, i.due_at
		FROM {{` + collections.Invoices + `}} i
		JOIN {{` + collections.InvoiceItems + `}} li ON li.invoice = i.id
		LEFT JOIN {{` + collections.ServiceAddons + `}} sa ON sa.id = li.service_addon
		WHERE i.id != {:paid} AND i.kind = 'invoice' AND i.status = 'unpaid' AND i.amount_due > 0 AND i.due_at != ''
		  AND (li.service = {:service} OR (li.service = '' AND sa.service = {:service}))`).
		Bind(dbx.Params{"paid": paidID, "service": serviceID}).All(&others)
	if err != nil {
		return false, err
	}
	for _, o := range others {
		// A suspension dunning made for the other invoice holds for certain;
		// the date also catches one the next run would make.
		if done, err := stepDone(txApp, o.ID, serviceID, stepSuspend); err != nil || done {
			return done, err
		}
		p, exempt, err := ForInvoice(txApp, base, o.ID)
		if err != nil {
			return false, err
		}
		if exempt || p.SuspendAfterDays == 0 {
			continue
		}
		dueOn, err := parseStoredDate(o.DueAt)
		if err != nil {
			return false, err
		}
		if !today.Before(dueOn.AddDays(p.SuspendAfterDays)) {
			return true, nil
		}
	}
	return false, nil
}
