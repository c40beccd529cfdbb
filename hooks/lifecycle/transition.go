package lifecycle

import (
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// ErrNotInTransaction is returned by a transition called with an app that is
// not inside a transaction: the status, its audit row and the plugin job
// must commit together.
var ErrNotInTransaction = errors.New("lifecycle: a transition must run inside a transaction (app.RunInTransaction)")

// MarkProvisioning moves a pending service (or a failed one, which staff
// retry) to provisioning. changed is false when it already is.
func MarkProvisioning(txApp core.App, serviceID string, r Reason) (changed bool, err error) {
	return transition(txApp, serviceID, markProvisioningEdge, r, func(*collections.Service, types.DateTime) {}, nil)
}

// Activate moves a pending or provisioning service to active and stamps
// activated_at. Its addons are provisioned, and activated, on their own.
func Activate(txApp core.App, serviceID string, r Reason) (changed bool, err error) {
	return transition(txApp, serviceID, activateEdge, r, func(svc *collections.Service, now types.DateTime) {
		svc.SetActivatedAt(now)
	}, nil)
}

// Fail marks a service whose provisioning gave up (its create job is dead):
// staff see it in the manual queue and may retry (MarkProvisioning) or
// cancel it. r.Why says why.
func Fail(txApp core.App, serviceID string, r Reason) (changed bool, err error) {
	return transition(txApp, serviceID, failEdge, r, func(*collections.Service, types.DateTime) {}, nil)
}

// Cancel ends a service that never became active (pending, provisioning or
// failed) and cancels its addons.
func Cancel(txApp core.App, serviceID string, r Reason) (changed bool, err error) {
	return transition(txApp, serviceID, cancelEdge, r, func(svc *collections.Service, now types.DateTime) {
		svc.SetCancelRequestedAt(now)
		if r.Why != "" {
			svc.SetCancelReason(r.Why)
		}
	}, func(a *collections.ServiceAddon, now types.DateTime) bool {
		switch a.Status() {
		case collections.ServiceAddonStatusCancelled, collections.ServiceAddonStatusTerminated:
			return false
		}
		a.SetStatus(collections.ServiceAddonStatusCancelled)
		a.SetCancelledAt(now)
		return true
	})
}

// Suspend moves an active service and its active addons to suspended, with
// r.Why as the suspend reason. changed is false when the service already
// is suspended (its reason is then left as it was).
func Suspend(txApp core.App, serviceID string, r Reason) (changed bool, err error) {
	return transition(txApp, serviceID, suspendEdge, r, func(svc *collections.Service, now types.DateTime) {
		svc.SetSuspendReason(r.Why)
		svc.SetSuspendedAt(now)
	}, func(a *collections.ServiceAddon, _ types.DateTime) bool {
		if a.Status() != collections.ServiceAddonStatusActive {
			return false
		}
		a.SetStatus(collections.ServiceAddonStatusSuspended)
		return true
	})
}

// Unsuspend moves a suspended service and its suspended addons back to
// active and clears the suspension. changed is false when it is active.
func Unsuspend(txApp core.App, serviceID string, r Reason) (changed bool, err error) {
	return transition(txApp, serviceID, unsuspendEdge, r, func(svc *collections.Service, _ types.DateTime) {
		svc.SetSuspendReason("")
		svc.SetSuspendedAt(types.DateTime{})
	}, func(a *collections.ServiceAddon, _ types.DateTime) bool {
		if a.Status() != collections.ServiceAddonStatusSuspended {
			return false
		}
		a.SetStatus(collections.ServiceAddonStatusActive)
		return true
	})
}

// Terminate ends an active or suspended service and its addons for good
// (addons never provisioned are cancelled instead) and stamps
// terminated_at. The renewal run invoices only active and suspended
// services, so a terminated service is never billed again. changed is
// false when it already is terminated.
func Terminate(txApp core.App, serviceID string, r Reason) (changed bool, err error) {
	return transition(txApp, serviceID, terminateEdge, r, func(svc *collections.Service, now types.DateTime) {
		svc.SetTerminatedAt(now)
	}, func(a *collections.ServiceAddon, now types.DateTime) bool {
		switch a.Status() {
		case collections.ServiceAddonStatusActive, collections.ServiceAddonStatusSuspended:
			a.SetStatus(collections.ServiceAddonStatusTerminated)
		case collections.ServiceAddonStatusPending, collections.ServiceAddonStatusProvisioning:
			a.SetStatus(collections.ServiceAddonStatusCancelled)
			a.SetCancelledAt(now)
		default:
			return false
		}
		return true
	})
}

// transition moves one service along e: apply sets the fields the new
// state carries, and moveAddon (when not nil) moves each addon, reporting
// whether it changed it.
func transition(txApp core.App, serviceID string, e edge, r Reason,
	apply func(*collections.Service, types.DateTime),
	moveAddon func(*collections.ServiceAddon, types.DateTime) bool,
) (bool, error) {
	if !txApp.IsTransactional() {
		return false, ErrNotInTransaction
	}
	svc, err := collections.FindService(txApp, serviceID)
	if err != nil {
		return false, fmt.Errorf("lifecycle: service %s: %w", serviceID, err)
	}
	from := svc.Status()
	if from == e.to {
		return false, nil
	}
	if !e.allows(from) {
		return false, &EdgeError{Service: serviceID, From: from, To: e.to}
	}

	now := r.now()
	before := map[string]any{"status": from, "suspend_reason": svc.SuspendReason()}
	svc.SetStatus(e.to)
	apply(svc, now)
	// A transition sets only its status and dates; the rest of the record
	// was validated when it was written, so it is saved without validating
	// again (its hooks and realtime events still run).
	if err := txApp.SaveNoValidate(svc); err != nil {
		return false, fmt.Errorf("lifecycle: %s %s: %w", e.action, serviceID, err)
	}
	addons, err := moveAddons(txApp, serviceID, now, moveAddon)
	if err != nil {
		return false, fmt.Errorf("lifecycle: %s %s: %w", e.action, serviceID, err)
	}
	after := map[string]any{"status": e.to, "suspend_reason": svc.SuspendReason(), "reason": r.Why}
	if len(addons) > 0 {
		after["addons"] = addons
	}
	if err := audit(txApp, svc, e.action, r, before, after); err != nil {
		return false, err
	}
	if err := runTransitionHooks(txApp, svc, from, e.to, r); err != nil {
		return false, err
	}
	return true, nil
}

// moveAddons applies move to every addon of the service and returns the ids
// of those it changed.
func moveAddons(txApp core.App, serviceID string, now types.DateTime, move func(*collections.ServiceAddon, types.DateTime) bool) ([]string, error) {
	if move == nil {
		return nil, nil
	}
	recs, err := txApp.FindAllRecords(collections.ServiceAddons, dbx.HashExp{collections.ServiceAddonFields.Service: serviceID})
	if err != nil {
		return nil, err
	}
	var changed []string
	for _, rec := range recs {
		a := collections.WrapServiceAddon(rec)
		if !move(a, now) {
			continue
		}
		if err := txApp.Save(a); err != nil {
			return nil, fmt.Errorf("addon %s: %w", a.Id, err)
		}
		changed = append(changed, a.Id)
	}
	return changed, nil
}
