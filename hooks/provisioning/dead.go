package provisioning

import (
	"context"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/lifecycle"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// onDead is what a dead job does beyond telling staff, inside the
// transaction that marks it dead. A dead create fails its service (the
// manual queue); one that died for lack of capacity may refund the order
// as settings.provisioning says, and the returned func, run with the app
// after the commit, finishes a gateway refund.
func onDead(tx core.App, job *collections.ProvisioningJob, e *sdk.Error) (func(app core.App), error) {
	if job.Action() != collections.ProvisioningJobActionCreate {
		return nil, nil
	}
	svc, err := collections.FindService(tx, job.ServiceID())
	if err != nil {
		return nil, err
	}
	if svc.Status() != collections.ServiceStatusProvisioning {
		return nil, nil
	}
	why := "Provisioning failed: " + e.Message
	if _, err := lifecycle.Fail(tx, svc.Id, lifecycle.Reason{ActorName: "provisioning", Why: why}); err != nil {
		return nil, err
	}
	if e.Reason != sdk.ReasonOutOfCapacity {
		return nil, nil
	}
	policy, err := LoadPolicy(tx)
	if err != nil || policy.AutoRefundUnfulfillable == RefundNone {
		return nil, nil
	}
	return refundUnfulfillable(tx, svc, policy.AutoRefundUnfulfillable, e.Message)
}

// refundUnfulfillable credits the lines of the service's first invoice
// (its own, setup and addons) and cancels the service: the customer paid
// for something no server can hold. to is RefundCredit or RefundGateway;
// a gateway refund is made after the commit, resumable from the credit
// note like any other.
func refundUnfulfillable(tx core.App, svc *collections.Service, to, why string) (func(app core.App), error) {
	order, err := collections.FindOrder(tx, svc.OrderID())
	if err != nil || order.InvoiceID() == "" {
		return nil, nil
	}
	inv, err := collections.FindInvoice(tx, order.InvoiceID())
	if err != nil || (inv.Status() != collections.InvoiceStatusPaid && inv.Status() != collections.InvoiceStatusRefunded) {
		return nil, nil
	}
	f := collections.InvoiceItemFields
	recs, err := tx.FindAllRecords(collections.InvoiceItems, dbx.HashExp{f.Invoice: inv.Id, f.Service: svc.Id})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, nil
	}
	policy, err := billing.LoadPolicy(tx)
	if err != nil {
		return nil, err
	}
	now := types.NowDateTime()
	today := money.DateOf(now.Time(), policy.Location)
	req := billing.CreditNoteRequest{Invoice: inv.Id, Reason: "Could not be provisioned: " + why, RefundTo: to, Today: today, Now: now}
	for _, r := range recs {
		req.Lines = append(req.Lines, billing.CreditNoteLine{Item: r.Id, Amount: collections.WrapInvoiceItem(r).Amount()})
	}
	cn, err := billing.IssueCreditNote(tx, req)
	if err != nil {
		return nil, fmt.Errorf("refund of unfulfillable service %s: %w", svc.Id, err)
	}
	if _, err := lifecycle.Cancel(tx, svc.Id, lifecycle.Reason{ActorName: "provisioning", Why: "refunded: " + why}); err != nil {
		return nil, err
	}
	if to != RefundGateway {
		return nil, nil
	}
	return func(app core.App) {
		if err := payments.RefundCreditNote(context.Background(), app, cn.Id, today); err != nil {
			app.Logger().Error("provisioning: gateway refund of an unfulfillable order", "credit_note", cn.Id, "error", err)
		}
	}, nil
}
