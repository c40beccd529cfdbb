package provisioning

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
	"github.com/robfig/cron/v3"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// Kinds of drift between our services and what the panels hold.
const (
	// DriftMissing: paid for (active or suspended here) but not on the panel.
	DriftMissing = "missing_on_panel"
	// DriftStillThere: terminated or cancelled here but still on the panel.
	DriftStillThere = "terminated_here_still_on_panel"
	// DriftRunningWhileSuspended: suspended here but running there.
	DriftRunningWhileSuspended = "suspended_here_running_on_panel"
	// DriftSuspendedWhileActive: active here but suspended there.
	DriftSuspendedWhileActive = "active_here_suspended_on_panel"
	// DriftUnknown: on the panel with no service of ours (made by hand, or
	// a candidate for import).
	DriftUnknown = "unknown_on_panel"
)

// Drift is one difference found.
type Drift struct {
	Kind     string `json:"kind"`
	Service  string `json:"service,omitempty"`
	Status   string `json:"status,omitempty"`
	RemoteID string `json:"remote_id,omitempty"`
	Name     string `json:"name,omitempty"`
	State    string `json:"state,omitempty"`
	// Job is the job enqueued to mend it, when the settings allow.
	Job string `json:"job,omitempty"`
}

// ReconcileResult is one server's reconciliation.
type ReconcileResult struct {
	Run    string         `json:"run"`
	Server string         `json:"server"`
	Name   string         `json:"name"`
	Drift  []Drift        `json:"drift"`
	Counts map[string]int `json:"counts"`
	Error  string         `json:"error,omitempty"`
}

// Reconcile compares, for every enabled server whose plugin can list what
// it holds, our services with the panel's resources, and records a
// reconciliation_runs row per server with the drift found. Nothing changes
// on a panel unless settings.provisioning.reconcile_apply is on: then a
// service suspended here but running there is suspended there, and one
// terminated here but still there is terminated there (as jobs).
func Reconcile(ctx context.Context, app core.App) ([]ReconcileResult, error) {
	policy, err := LoadPolicy(app)
	if err != nil {
		return nil, err
	}
	recs, err := app.FindAllRecords(collections.Servers, dbx.HashExp{collections.ServerFields.Enabled: true})
	if err != nil {
		return nil, err
	}
	var out []ReconcileResult
	for _, rec := range recs {
		if err := context.Cause(ctx); err != nil {
			return out, err
		}
		res, err := reconcileServer(ctx, app, collections.WrapServer(rec), policy.ReconcileApply)
		if err != nil {
			return out, err
		}
		if res != nil {
			out = append(out, *res)
		}
	}
	return out, nil
}

func reconcileServer(ctx context.Context, app core.App, server *collections.Server, apply bool) (*ReconcileResult, error) {
	plugins := pluginsOf(app)
	meta, err := metadata(app, server.Plugin())
	if err == nil && !meta.Capabilities.ListRemote {
		return nil, nil
	}
	run, err := collections.NewReconciliationRun(app)
	if err != nil {
		return nil, err
	}
	run.SetServerID(server.Id)
	run.SetStatus(collections.ReconciliationRunStatusRunning)
	run.SetStartedAt(types.NowDateTime())
	if err := app.Save(run); err != nil {
		return nil, err
	}
	res := &ReconcileResult{Run: run.Id, Server: server.Id, Name: server.Name(), Counts: map[string]int{}}
	finish := func(status collections.ReconciliationRunStatus) (*ReconcileResult, error) {
		run.SetStatus(status)
		run.SetFinishedAt(types.NowDateTime())
		run.SetDrift(res.Drift)
		run.SetCounts(res.Counts)
		run.SetError(truncate(res.Error, 5000))
		run.SetApplied(apply)
		return res, app.Save(run)
	}
	var remote []sdk.RemoteResource
	if err == nil {
		var p sdk.Provisioner
		var srv sdk.Server
		var secretValues []string
		if srv, secretValues, err = sdkServer(keyring(app), server); err == nil {
			if plugins == nil {
				err = errNoPlugins
			} else if p, err = plugins.Provisioner(server.Plugin()); err == nil {
				callCtx, cancel := context.WithTimeout(ctx, callTimeoutOf(app))
				remote, err = p.ListRemote(callCtx, sdk.ServerRequest{Server: srv, CallKey: "reconcile:" + run.Id})
				cancel()
			}
		}
		if err != nil {
			err = fmt.Errorf("%s", redact(sdk.AsError(err).Error(), secretValues))
		}
	}
	if err != nil {
		res.Error = err.Error()
		return finish(collections.ReconciliationRunStatusFailed)
	}
	if err := compare(app, server, remote, res, apply); err != nil {
		res.Error = err.Error()
		return finish(collections.ReconciliationRunStatusFailed)
	}
	return finish(collections.ReconciliationRunStatusDone)
}

// compare fills res with the drift between the server's services and
// remote.
func compare(app core.App, server *collections.Server, remote []sdk.RemoteResource, res *ReconcileResult, apply bool) error {
	byID := map[string]sdk.RemoteResource{}
	byKey := map[string]sdk.RemoteResource{}
	for _, r := range remote {
		if r.RemoteID != "" {
			byID[r.RemoteID] = r
		}
		if r.IdempotencyKey != "" {
			byKey[r.IdempotencyKey] = r
		}
	}
	recs, err := app.FindAllRecords(collections.Services, dbx.HashExp{collections.ServiceFields.Server: server.Id})
	if err != nil {
		return err
	}
	matched := map[string]bool{}
	res.Counts["remote"] = len(remote)
	for _, rec := range recs {
		svc := collections.WrapService(rec)
		r, found := byKey[serviceKey(svc.Id)]
		if !found && svc.RemoteID() != "" {
			r, found = byID[svc.RemoteID()]
		}
		if found {
			matched[r.RemoteID] = true
		}
		busy, err := hasUnfinishedJob(app, svc.Id)
		if err != nil {
			return err
		}
		if busy {
			// A job is on its way to make the panel agree.
			res.Counts["in_progress"]++
			continue
		}
		d := Drift{Service: svc.Id, Status: string(svc.Status()), RemoteID: r.RemoteID, Name: r.Name, State: string(r.State)}
		var mend collections.ProvisioningJobAction
		switch svc.Status() {
		case collections.ServiceStatusActive, collections.ServiceStatusSuspended:
			res.Counts["services"]++
			switch {
			case !found || r.State == sdk.StateMissing:
				d.Kind, d.RemoteID = DriftMissing, svc.RemoteID()
			case svc.Status() == collections.ServiceStatusSuspended && (r.State == sdk.StateRunning || r.State == sdk.StateStopped):
				d.Kind, mend = DriftRunningWhileSuspended, collections.ProvisioningJobActionSuspend
			case svc.Status() == collections.ServiceStatusActive && r.State == sdk.StateSuspended:
				d.Kind = DriftSuspendedWhileActive
			}
		case collections.ServiceStatusTerminated, collections.ServiceStatusCancelled:
			if found && r.State != sdk.StateMissing {
				d.Kind, mend = DriftStillThere, collections.ProvisioningJobActionTerminate
			}
		}
		if d.Kind == "" {
			continue
		}
		if apply && mend != "" {
			err := app.RunInTransaction(func(tx core.App) error {
				job, _, err := Enqueue(tx, JobSpec{Service: svc.Id, Action: mend, Key: "reconcile:" + res.Run + ":" + svc.Id,
					RequestedBy: "reconciliation", Payload: map[string]any{"remote_id": r.RemoteID}})
				if err == nil {
					d.Job = job.Id
				}
				return err
			})
			if err != nil {
				return err
			}
		}
		res.Drift = append(res.Drift, d)
		res.Counts[d.Kind]++
	}
	for _, r := range remote {
		if matched[r.RemoteID] {
			continue
		}
		res.Drift = append(res.Drift, Drift{Kind: DriftUnknown, RemoteID: r.RemoteID, Name: r.Name, State: string(r.State)})
		res.Counts[DriftUnknown]++
	}
	return nil
}

func hasUnfinishedJob(app core.App, serviceID string) (bool, error) {
	f := collections.ProvisioningJobFields
	var n int
	err := app.DB().Select("COUNT(*)").From(collections.ProvisioningJobs).
		Where(dbx.HashExp{f.Service: serviceID}).
		AndWhere(dbx.In(f.Status, string(collections.ProvisioningJobStatusQueued), string(collections.ProvisioningJobStatusFailed), string(collections.ProvisioningJobStatusRunning))).
		Row(&n)
	return n > 0, err
}

// reconcileRoute: POST /api/hb/provisioning/reconcile — staff run the
// reconciliation now.
func reconcileRoute(e *core.RequestEvent) error {
	if err := requireStaff(e); err != nil {
		return err
	}
	res, err := Reconcile(e.Request.Context(), e.App)
	if err != nil {
		return err
	}
	if res == nil {
		res = []ReconcileResult{}
	}
	return e.JSON(http.StatusOK, map[string]any{"servers": res})
}

// reconcileHour is the company's local hour of the nightly reconciliation.
const reconcileHour = 3

// registerReconcile runs the reconciliation every night under `serve`.
func registerReconcile(app core.App) {
	c := cron.New(cron.WithChain(cron.Recover(cron.DiscardLogger), cron.SkipIfStillRunning(cron.DiscardLogger)), cron.WithLogger(cron.DiscardLogger))
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		_, err := c.AddFunc("15 * * * *", func() {
			loc := time.UTC
			if rec, err := app.FindFirstRecordByFilter(collections.Settings, "id != ''"); err == nil {
				if l, err := time.LoadLocation(collections.WrapCompanySettings(rec).Timezone()); err == nil {
					loc = l
				}
			}
			if time.Now().In(loc).Hour() != reconcileHour {
				return
			}
			res, err := Reconcile(context.Background(), app)
			if err != nil {
				app.Logger().Error("provisioning: reconciliation", "error", err)
				return
			}
			for _, r := range res {
				if len(r.Drift) > 0 || r.Error != "" {
					app.Logger().Warn("provisioning: drift", "server", r.Name, "counts", r.Counts, "error", r.Error)
				}
			}
		})
		if err != nil {
			return err
		}
		c.Start()
		return e.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		<-c.Stop().Done()
		return e.Next()
	})
}
