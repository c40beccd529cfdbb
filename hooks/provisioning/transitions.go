package provisioning

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/lifecycle"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// onTransition is the lifecycle's hook: it runs inside the transaction of
// every service transition and enqueues the panel call the new state
// needs, so that the status and its job commit together.
func onTransition(txApp core.App, svc *collections.Service, from, to collections.ServiceStatus, r lifecycle.Reason) error {
	requestedBy := requester(r)
	enqueue := func(action collections.ProvisioningJobAction) error {
		_, _, err := Enqueue(txApp, JobSpec{Service: svc.Id, Action: action, RequestedBy: requestedBy})
		return err
	}
	// placed: a Create has been (or is being) attempted on a server, so
	// the panel may hold something for the service.
	placed := svc.ServerID() != ""

	switch to {
	case collections.ServiceStatusProvisioning:
		product, err := collections.FindProduct(txApp, svc.ProductID())
		if err != nil {
			return err
		}
		if product.Provisioner() == "" {
			// Nothing to make on a panel: the service is ready once paid.
			_, err := lifecycle.Activate(txApp, svc.Id, lifecycle.Reason{ActorName: "provisioning", Why: "no provisioner: active on payment", Now: r.Now})
			return err
		}
		// The slot is taken when the service is paid for, in this
		// transaction, so the job need not place it. A service no server
		// can hold now is placed (or failed) when its job runs.
		if svc.ServerID() == "" {
			if _, err := place(txApp, svc, product); err != nil && sdk.KindOf(err) == sdk.KindRetryable {
				return err
			}
		}
		return enqueue(collections.ProvisioningJobActionCreate)
	case collections.ServiceStatusSuspended:
		if placed {
			return enqueue(collections.ProvisioningJobActionSuspend)
		}
	case collections.ServiceStatusActive:
		if from == collections.ServiceStatusSuspended && placed {
			return enqueue(collections.ProvisioningJobActionUnsuspend)
		}
	case collections.ServiceStatusTerminated:
		if placed {
			return enqueue(collections.ProvisioningJobActionTerminate)
		}
	case collections.ServiceStatusCancelled:
		if err := dropPendingCreates(txApp, svc.Id); err != nil {
			return err
		}
		attempted, err := createAttempted(txApp, svc)
		if err != nil {
			return err
		}
		if placed && attempted {
			// A Create may have reached the panel before it failed.
			return enqueue(collections.ProvisioningJobActionTerminate)
		}
	}
	return nil
}

// dropPendingCreates closes the create jobs of a cancelled service that
// have not run to the end: there is nothing to make any more.
func dropPendingCreates(txApp core.App, serviceID string) error {
	f := collections.ProvisioningJobFields
	recs, err := txApp.FindAllRecords(collections.ProvisioningJobs, dbx.HashExp{
		f.Service: serviceID, f.Action: string(collections.ProvisioningJobActionCreate),
		f.Status: []any{string(collections.ProvisioningJobStatusQueued), string(collections.ProvisioningJobStatusFailed), string(collections.ProvisioningJobStatusDead)},
	})
	if err != nil {
		return err
	}
	for _, rec := range recs {
		job := collections.WrapProvisioningJob(rec)
		job.SetStatus(collections.ProvisioningJobStatusDone)
		job.SetResult(map[string]any{"cancelled": true})
		job.SetFinishedAt(types.NowDateTime())
		if err := txApp.Save(job); err != nil {
			return err
		}
	}
	return nil
}

// requester is who asked for a transition, as a job records it.
func requester(r lifecycle.Reason) string {
	switch {
	case r.ActorID != "":
		return r.ActorCollection + ":" + r.ActorID
	case r.ActorName != "":
		return r.ActorName
	}
	return "system"
}

// createAttempted reports whether a Create for the service may have
// reached its panel: it has a remote id, or a create job was tried.
func createAttempted(txApp core.App, svc *collections.Service) (bool, error) {
	if svc.RemoteID() != "" {
		return true, nil
	}
	f := collections.ProvisioningJobFields
	var n int
	err := txApp.DB().Select("COUNT(*)").From(collections.ProvisioningJobs).
		Where(dbx.HashExp{f.Service: svc.Id, f.Action: string(collections.ProvisioningJobActionCreate)}).
		AndWhere(dbx.NewExp("[[" + f.Attempts + "]] > 0")).Row(&n)
	return n > 0, err
}
