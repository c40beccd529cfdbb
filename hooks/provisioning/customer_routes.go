package provisioning

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/request"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// What a customer does to a running service goes straight to its plugin
// (the customer waits for the answer), bounded by the call timeout and a
// rate limit, and each call is logged like a job's.

// clientCall loads the service's target and makes one plugin call for a
// route, answering the plugin's failure as an HTTP error.
func clientCall(e *core.RequestEvent, svc *collections.Service, method string, capable func(sdk.Capabilities) bool,
	fn func(ctx context.Context, p sdk.Provisioner, t *target) (any, error),
) (any, error) {
	if svc.ServerID() == "" {
		return nil, e.Error(http.StatusConflict, "The service is not on a server.", nil)
	}
	t, err := loadTarget(e.App, keyring(e.App), svc.Id)
	if err != nil {
		return nil, err
	}
	plugins := pluginsOf(e.App)
	if plugins == nil {
		return nil, e.Error(http.StatusServiceUnavailable, "Provisioning is not available.", nil)
	}
	meta, err := metadata(e.App, t.plugin)
	if err != nil {
		return nil, e.Error(http.StatusServiceUnavailable, "The service's panel cannot be reached right now.", nil)
	}
	if !capable(meta.Capabilities) {
		return nil, e.Error(http.StatusNotImplemented, "This service's panel does not offer that.", nil)
	}
	p, err := plugins.Provisioner(t.plugin)
	if err != nil {
		return nil, e.Error(http.StatusServiceUnavailable, "The service's panel cannot be reached right now.", nil)
	}
	ctx, cancel := context.WithTimeout(e.Request.Context(), callTimeoutOf(e.App))
	defer cancel()
	started := time.Now()
	res, callErr := fn(ctx, p, t)
	who, whoID := request.Actor(e)
	log := callLog{service: svc.Id, secretValues: t.secrets, level: collections.ProvisioningLogLevelInfo,
		message: method + " ok", data: map[string]any{"plugin": t.plugin, "method": method, "by": who + ":" + whoID,
			"duration_ms": time.Since(started).Milliseconds()}}
	if callErr != nil {
		se := sdk.AsError(callErr)
		log.level, log.message = collections.ProvisioningLogLevelError, method+" failed ("+string(se.Kind)+"): "+se.Message
	}
	if err := log.write(e.App); err != nil {
		e.App.Logger().Warn("provisioning: log", "error", err)
	}
	if callErr != nil {
		return nil, pluginHTTPError(e, callErr)
	}
	return res, nil
}

// pluginHTTPError answers a plugin's failure: what the customer can act on
// is said, the panel's own words stay in the log.
func pluginHTTPError(e *core.RequestEvent, err error) error {
	se := sdk.AsError(err)
	switch se.Kind {
	case sdk.KindUnsupported:
		return e.Error(http.StatusNotImplemented, "This service's panel does not offer that.", nil)
	case sdk.KindNotFound:
		return e.Error(http.StatusConflict, "The panel does not know this service; our staff have been told.", nil)
	case sdk.KindInvalidConfig:
		return e.Error(http.StatusServiceUnavailable, "The panel refused the request; our staff have been told.", nil)
	case sdk.KindPermanent:
		return e.Error(http.StatusUnprocessableEntity, "The panel refused: "+se.Message, nil)
	}
	return e.Error(http.StatusServiceUnavailable, "The panel did not answer in time; try again in a minute.", nil)
}

func callTimeoutOf(app core.App) time.Duration {
	if q := QueueOf(app); q != nil {
		return q.deps.callTimeout()
	}
	return 60 * time.Second
}

var (
	actionLimiter = newLimiter(10, time.Minute)
	readLimiter   = newLimiter(30, time.Minute)
)

// listActionsRoute: GET /api/hb/services/{id}/actions — what the customer
// may do to the service now.
func listActionsRoute(e *core.RequestEvent) error {
	svc, err := activeService(e, readLimiter)
	if err != nil {
		return err
	}
	res, err := clientCall(e, svc, "ClientActions", func(c sdk.Capabilities) bool { return c.ClientActions },
		func(ctx context.Context, p sdk.Provisioner, t *target) (any, error) {
			return p.ClientActions(ctx, t.req)
		})
	if err != nil {
		return err
	}
	out := []map[string]any{}
	for _, a := range res.([]sdk.ClientAction) {
		out = append(out, map[string]any{"key": a.Key, "label": a.Label, "confirm": a.Confirm, "dangerous": a.Dangerous, "params": schemaJSON(a.Params)})
	}
	return e.JSON(http.StatusOK, map[string]any{"service": svc.Id, "actions": out})
}

// runActionRoute: POST /api/hb/services/{id}/actions/{action}
// {"params": {"os": "debian-12"}} — runs one of the service's client
// actions.
func runActionRoute(e *core.RequestEvent) error {
	svc, err := ownService(e)
	if err != nil {
		return err
	}
	if err := requireActive(e, svc); err != nil {
		return err
	}
	var body struct {
		Params map[string]string `json:"params"`
	}
	if e.Request.ContentLength != 0 {
		if err := request.ReadJSON(e, &body); err != nil {
			return err
		}
	}
	if err := limit(e, actionLimiter, svc); err != nil {
		return err
	}
	action := e.Request.PathValue("action")
	var chosen *sdk.ClientAction
	res, err := clientCall(e, svc, "ClientActions", func(c sdk.Capabilities) bool { return c.ClientActions },
		func(ctx context.Context, p sdk.Provisioner, t *target) (any, error) {
			return p.ClientActions(ctx, t.req)
		})
	if err != nil {
		return err
	}
	for _, a := range res.([]sdk.ClientAction) {
		if a.Key == action {
			chosen = &a
			break
		}
	}
	if chosen == nil {
		keys := []string{}
		for _, a := range res.([]sdk.ClientAction) {
			keys = append(keys, a.Key)
		}
		sort.Strings(keys)
		return request.FieldError(e, "action", "validation_unknown_action", "Unknown action "+action+"; this service offers: "+strings.Join(keys, ", ")+".")
	}
	if errs := sdk.ValidateConfig(chosen.Params, body.Params); errs != nil {
		for field, msg := range errs {
			return request.FieldError(e, "params."+field, "validation_invalid", msg)
		}
	}
	params := sdk.WithDefaults(chosen.Params, body.Params)
	done, err := clientCall(e, svc, "RunClientAction:"+action, func(c sdk.Capabilities) bool { return c.ClientActions },
		func(ctx context.Context, p sdk.Provisioner, t *target) (any, error) {
			return p.RunClientAction(ctx, sdk.ClientActionRequest{ServiceRequest: t.req, Action: action, Params: params})
		})
	if err != nil {
		return err
	}
	r := done.(sdk.ActionResult)
	if len(r.Credentials) > 0 {
		// A reinstall's new root password: kept sealed, shown by /credentials.
		err := e.App.RunInTransaction(func(tx core.App) error {
			fresh, err := collections.FindService(tx, svc.Id)
			if err != nil {
				return err
			}
			if err := mergeCredentials(tx, fresh, r.Credentials); err != nil {
				return err
			}
			return tx.Save(fresh)
		})
		if err != nil {
			return err
		}
	}
	return e.JSON(http.StatusOK, map[string]any{"service": svc.Id, "action": action, "message": r.Message, "pending": r.Pending})
}

// ssoRoute: GET /api/hb/services/{id}/sso — a short-lived URL into the
// panel, logged in as the service's owner.
func ssoRoute(e *core.RequestEvent) error {
	svc, err := activeService(e, actionLimiter)
	if err != nil {
		return err
	}
	res, err := clientCall(e, svc, "SingleSignOn", func(c sdk.Capabilities) bool { return c.SingleSignOn },
		func(ctx context.Context, p sdk.Provisioner, t *target) (any, error) {
			return p.SingleSignOn(ctx, t.req)
		})
	if err != nil {
		return err
	}
	sso := res.(sdk.SingleSignOn)
	if !strings.HasPrefix(sso.URL, "https://") && !strings.HasPrefix(sso.URL, "http://") {
		return e.Error(http.StatusBadGateway, "The panel returned no usable login link.", nil)
	}
	out := map[string]any{"service": svc.Id, "url": sso.URL}
	if !sso.ExpiresAt.IsZero() {
		out["expires_at"] = sso.ExpiresAt.UTC().Format(time.RFC3339)
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, out)
}

// usageRoute: GET /api/hb/services/{id}/usage — what the panel reports the
// service uses; a quantity the panel does not report is null.
func usageRoute(e *core.RequestEvent) error {
	svc, err := activeService(e, readLimiter)
	if err != nil {
		return err
	}
	res, err := clientCall(e, svc, "Usage", func(c sdk.Capabilities) bool { return c.Usage },
		func(ctx context.Context, p sdk.Provisioner, t *target) (any, error) { return p.Usage(ctx, t.req) })
	if err != nil {
		return err
	}
	u := res.(sdk.Usage)
	q := func(v int64) any {
		if v < 0 {
			return nil
		}
		return v
	}
	at := u.CollectedAt
	if at.IsZero() {
		at = time.Now()
	}
	return e.JSON(http.StatusOK, map[string]any{
		"service": svc.Id, "collected_at": at.UTC().Format(time.RFC3339),
		"disk_used_bytes": q(u.DiskUsedBytes), "disk_limit_bytes": q(u.DiskLimitBytes),
		"memory_used_bytes": q(u.MemoryUsedBytes), "memory_limit_bytes": q(u.MemoryLimitBytes),
		"bandwidth_used_bytes": q(u.BandwidthUsedBytes), "bandwidth_limit_bytes": q(u.BandwidthLimitBytes),
		"cpu_permille": q(u.CPUPermille),
	})
}

// credentialsRoute: GET /api/hb/services/{id}/credentials — the service's
// login details, opened, for its owner (revealed on click in the client
// area) and staff.
func credentialsRoute(e *core.RequestEvent) error {
	svc, err := ownService(e)
	if err != nil {
		return err
	}
	switch svc.Status() {
	case collections.ServiceStatusActive, collections.ServiceStatusSuspended:
	default:
		return e.Error(http.StatusConflict, "The service is "+string(svc.Status())+"; it has no login details.", nil)
	}
	if err := limit(e, readLimiter, svc); err != nil {
		return err
	}
	creds, err := openObject(keyring(e.App), collections.Services+"."+collections.ServiceFields.Credentials, svc.Credentials())
	if err != nil {
		return err
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, map[string]any{"service": svc.Id, "hostname": svc.Hostname(), "ip": svc.IP(), "username": svc.Username(), "credentials": creds})
}

// passwordRoute: POST /api/hb/services/{id}/password {"password": "…"} —
// sets a new password on the panel, as a job (the panel may be slow).
func passwordRoute(e *core.RequestEvent) error {
	svc, err := ownService(e)
	if err != nil {
		return err
	}
	if err := requireActive(e, svc); err != nil {
		return err
	}
	var body struct {
		Password string `json:"password"`
	}
	if err := request.ReadJSON(e, &body); err != nil {
		return err
	}
	if msg := weakPassword(body.Password); msg != "" {
		return request.FieldError(e, "password", "validation_weak_password", msg)
	}
	if err := limit(e, actionLimiter, svc); err != nil {
		return err
	}
	if svc.ServerID() == "" {
		return e.Error(http.StatusConflict, "The service is not on a server.", nil)
	}
	server, err := collections.FindServer(e.App, svc.ServerID())
	if err != nil {
		return err
	}
	meta, err := metadata(e.App, server.Plugin())
	if err != nil || !meta.Capabilities.ChangePassword {
		return e.Error(http.StatusNotImplemented, "This service's panel does not let us change the password.", nil)
	}
	payload, err := sealPassword(e.App, body.Password)
	if err != nil {
		return err
	}
	who, whoID := request.Actor(e)
	var job *collections.ProvisioningJob
	err = e.App.RunInTransaction(func(tx core.App) error {
		job, _, err = Enqueue(tx, JobSpec{Service: svc.Id, Action: collections.ProvisioningJobActionChangePassword, Payload: payload, RequestedBy: who + ":" + whoID})
		return err
	})
	if err != nil {
		return err
	}
	return e.JSON(http.StatusAccepted, map[string]any{"service": svc.Id, "job": job.Id, "status": job.Status()})
}

// weakPassword says what is wrong with a new service password, "" if
// nothing.
func weakPassword(pw string) string {
	switch {
	case len(pw) < 12:
		return "Use at least 12 characters."
	case len(pw) > 128:
		return "Use at most 128 characters."
	case strings.ContainsAny(pw, "\x00\n\r"):
		return "The password cannot contain line breaks or NUL characters."
	}
	classes := 0
	for _, set := range []string{"abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"} {
		if strings.ContainsAny(pw, set) {
			classes++
		}
	}
	if strings.IndexFunc(pw, func(r rune) bool {
		return !strings.ContainsRune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", r)
	}) >= 0 {
		classes++
	}
	if classes < 3 {
		return "Mix at least three of: lowercase, uppercase, digits, symbols."
	}
	return ""
}
