package provisioning

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/lifecycle"
	"github.com/ezscale/hostbase/hooks/request"
	"github.com/ezscale/hostbase/plugins/sdk"
)

func requireStaff(e *core.RequestEvent) error {
	if !request.IsStaff(e) {
		return e.ForbiddenError("Only staff may do this.", nil)
	}
	return nil
}

func reasonOf(e *core.RequestEvent, why string) lifecycle.Reason {
	coll, id := request.Actor(e)
	return lifecycle.Reason{ActorCollection: coll, ActorID: id, Why: why}
}

// retryJobRoute: POST /api/hb/provisioning/jobs/{id}/retry — staff send a
// dead (or waiting) job back to the queue with its tries renewed; a failed
// service whose create is retried goes back to provisioning.
func retryJobRoute(e *core.RequestEvent) error {
	if err := requireStaff(e); err != nil {
		return err
	}
	id := e.Request.PathValue("id")
	err := e.App.RunInTransaction(func(tx core.App) error {
		job, err := collections.FindProvisioningJob(tx, id)
		if err != nil {
			return e.NotFoundError("No such job.", nil)
		}
		switch job.Status() {
		case collections.ProvisioningJobStatusDead, collections.ProvisioningJobStatusFailed:
		default:
			return request.FieldError(e, "status", "validation_not_retryable", "The job is "+string(job.Status())+"; only a dead or failed job can be retried.")
		}
		if job.Action() == collections.ProvisioningJobActionCreate {
			svc, err := collections.FindService(tx, job.ServiceID())
			if err != nil {
				return err
			}
			if svc.Status() == collections.ServiceStatusFailed {
				// Back to provisioning without a second create job: this one
				// is the retry.
				if err := markProvisioningKeepingJob(tx, svc.Id, job.Id, reasonOf(e, "staff retried the create")); err != nil {
					return err
				}
			}
		}
		policy, err := LoadPolicy(tx)
		if err != nil {
			return err
		}
		job.SetStatus(collections.ProvisioningJobStatusQueued)
		job.SetAttempts(0)
		job.SetMaxAttempts(int64(policy.MaxAttempts))
		job.SetNextAttemptAt(types.NowDateTime())
		job.SetFinishedAt(types.DateTime{})
		coll, actor := request.Actor(e)
		job.SetRequestedBy(coll + ":" + actor)
		return tx.Save(job)
	})
	if err != nil {
		return err
	}
	job, err := collections.FindProvisioningJob(e.App, id)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"job": job.Id, "status": job.Status(), "attempts": job.Attempts()})
}

// markProvisioningKeepingJob moves a failed service back to provisioning
// and drops the create job the transition enqueued, keeping jobID as the
// one to run.
func markProvisioningKeepingJob(tx core.App, serviceID, jobID string, r lifecycle.Reason) error {
	if _, err := lifecycle.MarkProvisioning(tx, serviceID, r); err != nil {
		return err
	}
	f := collections.ProvisioningJobFields
	recs, err := tx.FindRecordsByFilter(collections.ProvisioningJobs,
		f.Service+" = {:s} && "+f.Action+" = 'create' && "+f.Status+" = 'queued' && id != {:j}", "", 0, 0,
		map[string]any{"s": serviceID, "j": jobID})
	if err != nil {
		return err
	}
	for _, r := range recs {
		if err := tx.Delete(r); err != nil {
			return err
		}
	}
	return nil
}

// serviceLifecycleRoute: POST /api/hb/services/{id}/lifecycle/{action}
// {"reason": "…"} — staff move a service by hand: approve (a manual
// product's order), suspend, unsuspend, terminate, retry (a failed
// provisioning) or cancel (one that never ran). An edge the lifecycle does
// not have is refused with the reason.
func serviceLifecycleRoute(e *core.RequestEvent) error {
	if err := requireStaff(e); err != nil {
		return err
	}
	var body struct {
		Reason string `json:"reason"`
	}
	if e.Request.ContentLength != 0 {
		if err := request.ReadJSON(e, &body); err != nil {
			return err
		}
	}
	id := e.Request.PathValue("id")
	if _, err := collections.FindService(e.App, id); err != nil {
		return e.NotFoundError("No such service.", nil)
	}
	action := e.Request.PathValue("action")
	why := strings.TrimSpace(body.Reason)
	if why == "" {
		why = "staff: " + action
	}
	r := reasonOf(e, why)
	moves := map[string]func(core.App, string, lifecycle.Reason) (bool, error){
		"approve": lifecycle.MarkProvisioning, "retry": lifecycle.MarkProvisioning,
		"suspend": lifecycle.Suspend, "unsuspend": lifecycle.Unsuspend,
		"terminate": lifecycle.Terminate, "cancel": lifecycle.Cancel,
	}
	move, ok := moves[action]
	if !ok {
		return request.FieldError(e, "action", "validation_unknown_action", "Use approve, retry, suspend, unsuspend, terminate or cancel.")
	}
	var changed bool
	err := e.App.RunInTransaction(func(tx core.App) error {
		svc, err := collections.FindService(tx, id)
		if err != nil {
			return err
		}
		switch {
		case action == "approve" && svc.Status() != collections.ServiceStatusPending:
			return &lifecycle.EdgeError{Service: id, From: svc.Status(), To: collections.ServiceStatusProvisioning}
		case action == "retry" && svc.Status() != collections.ServiceStatusFailed:
			return &lifecycle.EdgeError{Service: id, From: svc.Status(), To: collections.ServiceStatusProvisioning}
		}
		changed, err = move(tx, id, r)
		return err
	})
	var edge *lifecycle.EdgeError
	if errors.As(err, &edge) {
		return e.Error(http.StatusConflict, edge.Message(), map[string]any{"status": map[string]string{"code": "invalid_transition", "message": edge.Message()}})
	}
	if err != nil {
		return err
	}
	svc, err := collections.FindService(e.App, id)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"service": id, "status": svc.Status(), "changed": changed})
}

// cancelRoute: POST /api/hb/services/{id}/cancel {"type": "immediate" |
// "end_of_period", "reason": "…"} — the owner or staff cancel a service.
func cancelRoute(e *core.RequestEvent) error {
	svc, err := ownService(e)
	if err != nil {
		return err
	}
	var body struct {
		Type   string `json:"type"`
		Reason string `json:"reason"`
	}
	if err := request.ReadJSON(e, &body); err != nil {
		return err
	}
	if body.Type != CancelImmediate && body.Type != CancelEndOfPeriod {
		return request.FieldError(e, "type", "validation_invalid", `Cancel "immediate"ly or at the "end_of_period" already paid for.`)
	}
	if len(body.Reason) > 2000 {
		return request.FieldError(e, "reason", "validation_too_long", "Keep the reason under 2000 characters.")
	}
	day, err := today(e.App)
	if err != nil {
		return err
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		_, err := CancelService(tx, CancelRequest{Service: svc.Id, Type: body.Type, Reason: strings.TrimSpace(body.Reason),
			By: reasonOf(e, ""), Today: day})
		return err
	})
	if errors.Is(err, ErrNotCancellable) {
		return e.Error(http.StatusConflict, "The service is "+string(svc.Status())+"; there is nothing to cancel.", nil)
	}
	if err != nil {
		return err
	}
	svc, err = collections.FindService(e.App, svc.Id)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"service": svc.Id, "status": svc.Status(), "cancel_type": svc.CancelType(),
		"cancel_at": svc.CancelAt().String()})
}

// pluginsRoute: GET /api/hb/plugins — the plugins installed, with their
// versions, capabilities and config schemas, for the staff pages.
func pluginsRoute(e *core.RequestEvent) error {
	if err := requireStaff(e); err != nil {
		return err
	}
	plugins := pluginsOf(e.App)
	out := []map[string]any{}
	if plugins == nil {
		return e.JSON(http.StatusOK, map[string]any{"plugins": out})
	}
	names, err := plugins.Names()
	if err != nil {
		return err
	}
	for _, name := range names {
		entry := map[string]any{"name": name}
		meta, err := metadata(e.App, name)
		if err != nil {
			entry["error"] = err.Error()
		} else {
			entry["version"], entry["display_name"], entry["description"] = meta.Version, meta.DisplayName, meta.Description
			c := meta.Capabilities
			entry["capabilities"] = map[string]bool{"check_availability": c.CheckAvailability, "suspend": c.Suspend,
				"change_package": c.ChangePackage, "change_password": c.ChangePassword, "usage": c.Usage,
				"client_actions": c.ClientActions, "single_sign_on": c.SingleSignOn, "list_remote": c.ListRemote}
			entry["server_config"], entry["product_config"] = schemaJSON(meta.ServerConfig), schemaJSON(meta.ProductConfig)
		}
		out = append(out, entry)
	}
	return e.JSON(http.StatusOK, map[string]any{"plugins": out})
}

// testServerRoute: POST /api/hb/servers/{id}/test — runs the plugin's
// TestConnection against the server and records the result on it.
func testServerRoute(e *core.RequestEvent) error {
	if err := requireStaff(e); err != nil {
		return err
	}
	msg, err := TestServer(e.Request.Context(), e.App, e.Request.PathValue("id"))
	if errors.Is(err, errNoServer) {
		return e.NotFoundError("No such server.", nil)
	}
	if err != nil {
		return e.JSON(http.StatusOK, map[string]any{"ok": false, "error": err.Error()})
	}
	return e.JSON(http.StatusOK, map[string]any{"ok": true, "message": msg})
}

var errNoServer = errors.New("no such server")

// TestServer runs TestConnection for a server and stores the outcome in
// its last_check fields; `hostbase plugins test SERVER` and the staff
// route use it. The error is the plugin's, secrets redacted.
func TestServer(ctx context.Context, app core.App, serverID string) (string, error) {
	server, err := collections.FindServer(app, serverID)
	if err != nil {
		server, err = findServerByName(app, serverID)
		if err != nil {
			return "", errNoServer
		}
	}
	srv, secretValues, err := sdkServer(keyring(app), server)
	var msg string
	if err == nil {
		var p sdk.Provisioner
		if plugins := pluginsOf(app); plugins == nil {
			err = errNoPlugins
		} else if p, err = plugins.Provisioner(server.Plugin()); err == nil {
			ctx, cancel := context.WithTimeout(ctx, callTimeoutOf(app))
			msg, err = p.TestConnection(ctx, sdk.ServerRequest{Server: srv, CallKey: "test:" + server.Id + ":" + time.Now().UTC().Format(time.RFC3339)})
			cancel()
		}
	}
	server.SetLastCheckAt(types.NowDateTime())
	server.SetLastCheckOk(err == nil)
	server.SetLastError("")
	if err != nil {
		err = errors.New(redact(sdk.AsError(err).Error(), secretValues))
		server.SetLastError(truncate(err.Error(), 2000))
	}
	if saveErr := app.UnsafeWithoutHooks().Save(server); saveErr != nil {
		return msg, saveErr
	}
	return msg, err
}

func findServerByName(app core.App, name string) (*collections.Server, error) {
	rec, err := app.FindFirstRecordByData(collections.Servers, collections.ServerFields.Name, name)
	if err != nil {
		return nil, err
	}
	return collections.WrapServer(rec), nil
}
