package affiliates

import (
	"context"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
)

// approvalStep is the daily billing run's step that approves the pending
// commissions whose hold has passed at the run's clock. It is one UPDATE of
// the rows still pending, so that a repeated or concurrent run approves
// each commission once and keeps its first approved_at.
func approvalStep(ctx context.Context, app core.App, day billing.RunDay) error {
	n, err := ApproveDue(app, day.Now.String())
	if err != nil {
		return err
	}
	day.Report.Count("commissions_approved", int(n))
	if n > 0 {
		notifyApproved(app, day.Now.String())
	}
	return nil
}

// ApproveDue approves every pending commission whose hold_until is at or
// before now (a stored date-time string), and answers how many.
func ApproveDue(app core.App, now string) (int64, error) {
	cf := collections.CommissionFields
	res, err := app.DB().Update(collections.Commissions, dbx.Params{
		cf.Status: string(collections.CommissionStatusApproved), cf.ApprovedAt: now, "updated": now,
	}, dbx.And(
		dbx.HashExp{cf.Status: string(collections.CommissionStatusPending)},
		dbx.NewExp(cf.HoldUntil+" != '' AND "+cf.HoldUntil+" <= {:now}", dbx.Params{"now": now}),
	)).Execute()
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
