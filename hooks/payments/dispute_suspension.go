package payments

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/dunning"
	"github.com/ezscale/hostbase/hooks/lifecycle"
)

// suspendForDispute suspends the active services billed on a disputed
// invoice when settings.dunning.suspend_on_dispute says so.
func suspendForDispute(tx core.App, inv *collections.Invoice, now types.DateTime) error {
	policy, err := dunning.LoadPolicy(tx)
	if err != nil || !policy.SuspendOnDispute {
		return err
	}
	f := collections.InvoiceItemFields
	var services []string
	if err := tx.DB().Select(f.Service).Distinct(true).From(collections.InvoiceItems).
		Where(dbx.HashExp{f.Invoice: inv.Id}).AndWhere(dbx.NewExp(f.Service + " != ''")).Column(&services); err != nil {
		return err
	}
	for _, id := range services {
		svc, err := collections.FindService(tx, id)
		if err != nil || svc.Status() != collections.ServiceStatusActive {
			continue
		}
		if _, err := lifecycle.Suspend(tx, id, lifecycle.Reason{ActorName: "payments", Why: "Payment for invoice " + inv.Number() + " disputed", Now: now}); err != nil {
			return err
		}
	}
	return nil
}
