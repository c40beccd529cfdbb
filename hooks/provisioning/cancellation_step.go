package provisioning

import (
	"context"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/lifecycle"
)

// cancellationStep is the billing run's step that terminates the services
// cancelled at the end of their period once that day comes. Each in its own
// transaction; a terminated service is not found again, so the step is
// safe to repeat.
func cancellationStep(ctx context.Context, app core.App, day billing.RunDay) error {
	f := collections.ServiceFields
	var ids []string
	err := app.DB().Select(f.ID).From(collections.Services).
		Where(dbx.In(f.Status, string(collections.ServiceStatusActive), string(collections.ServiceStatusSuspended))).
		AndWhere(dbx.NewExp("[["+f.CancelAt+"]] != '' AND [["+f.CancelAt+"]] <= {:day}", dbx.Params{"day": billing.StoredDate(day.AsOf)})).
		OrderBy(f.CancelAt, f.ID).Column(&ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		var changed bool
		err := app.RunInTransaction(func(tx core.App) error {
			var err error
			changed, err = lifecycle.Terminate(tx, id, lifecycle.Reason{ActorName: "billing run", Why: "cancelled at the end of its period", Now: day.Now})
			return err
		})
		if err != nil {
			day.Report.Problem("cancellation of service %s: %v", id, err)
			continue
		}
		if changed {
			day.Report.Count("services terminated on cancellation", 1)
		}
	}
	return nil
}
