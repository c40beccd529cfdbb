package provisioning

import (
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/lifecycle"
	"github.com/ezscale/hostbase/hooks/money"
)

// Cancellation types, as services.cancel_type stores them.
const (
	CancelImmediate   = string(collections.ServiceCancelTypeImmediate)
	CancelEndOfPeriod = string(collections.ServiceCancelTypeEndOfPeriod)
)

// ErrNotCancellable is a service already over.
var ErrNotCancellable = errors.New("the service is already over")

// CancelRequest is a customer's (or staff's) cancellation of a service.
type CancelRequest struct {
	Service string
	// Type is CancelImmediate or CancelEndOfPeriod.
	Type   string
	Reason string
	By     lifecycle.Reason
	Today  money.Date
}

// CancelService records a cancellation inside txApp's transaction. A
// service that never ran is cancelled now. A running one is terminated now
// (immediate) or on its next due date (end of period: the billing run
// terminates it that day and never renews it). Either way, unpaid invoices
// that bill only this service for time it will not have are cancelled.
// Asking again changes the type (end of period → immediate) or does
// nothing.
func CancelService(txApp core.App, req CancelRequest) (*collections.Service, error) {
	svc, err := collections.FindService(txApp, req.Service)
	if err != nil {
		return nil, err
	}
	r := req.By
	if r.Why == "" {
		r.Why = "cancelled by request"
		if req.Reason != "" {
			r.Why = "cancelled: " + req.Reason
		}
	}
	switch svc.Status() {
	case collections.ServiceStatusCancelled, collections.ServiceStatusTerminated:
		return nil, fmt.Errorf("%w: it is %s", ErrNotCancellable, svc.Status())
	case collections.ServiceStatusPending, collections.ServiceStatusProvisioning, collections.ServiceStatusFailed:
		if _, err := lifecycle.Cancel(txApp, svc.Id, r); err != nil {
			return nil, err
		}
		if err := cancelUnpaidInvoices(txApp, svc.Id, money.Date{}, req.Today, r.Why); err != nil {
			return nil, err
		}
		return collections.FindService(txApp, svc.Id)
	}

	cancelOn := req.Today
	if req.Type == CancelEndOfPeriod {
		if due := billing.DayOf(svc.NextDueDate().String()); !due.IsZero() && req.Today.Before(due) {
			cancelOn = due
		}
	}
	svc.SetCancelType(collections.ServiceCancelType(req.Type))
	svc.SetCancelReason(req.Reason)
	if svc.CancelRequestedAt().IsZero() {
		svc.SetCancelRequestedAt(types.NowDateTime())
	}
	at, _ := types.ParseDateTime(billing.StoredDate(cancelOn))
	svc.SetCancelAt(at)
	if err := txApp.Save(svc); err != nil {
		return nil, err
	}
	if err := cancelUnpaidInvoices(txApp, svc.Id, cancelOn, req.Today, r.Why); err != nil {
		return nil, err
	}
	if !req.Today.Before(cancelOn) {
		if _, err := lifecycle.Terminate(txApp, svc.Id, r); err != nil {
			return nil, err
		}
	}
	return collections.FindService(txApp, svc.Id)
}

// cancelUnpaidInvoices cancels the unpaid invoices whose every line is
// this service's (or its addons') for a period starting on or after from
// (zero: any period). An invoice that also bills something else is left to
// staff.
func cancelUnpaidInvoices(txApp core.App, serviceID string, from, today money.Date, why string) error {
	f := collections.InvoiceItemFields
	var invoiceIDs []string
	err := txApp.DB().Select("i."+f.Invoice).Distinct(true).From(collections.InvoiceItems+" i").
		InnerJoin(collections.Invoices+" inv", dbx.NewExp("inv.id = i."+f.Invoice)).
		Where(dbx.HashExp{"i." + f.Service: serviceID, "inv." + collections.InvoiceFields.Status: string(collections.InvoiceStatusUnpaid)}).
		Column(&invoiceIDs)
	if err != nil {
		return err
	}
	for _, id := range invoiceIDs {
		recs, err := txApp.FindAllRecords(collections.InvoiceItems, dbx.HashExp{f.Invoice: id})
		if err != nil {
			return err
		}
		only := true
		for _, rec := range recs {
			item := collections.WrapInvoiceItem(rec)
			switch {
			case item.Kind() == collections.InvoiceItemKindDiscount && item.ServiceID() == "":
			case item.ServiceID() != serviceID:
				only = false
			case !from.IsZero() && billing.DayOf(item.PeriodStart().String()).Before(from):
				only = false
			}
		}
		if !only {
			continue
		}
		if err := billing.CancelInvoice(txApp, id, today, why, ""); err != nil && !errors.Is(err, billing.ErrNotCancellable) {
			return err
		}
	}
	return nil
}
