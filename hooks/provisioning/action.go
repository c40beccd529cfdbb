package provisioning

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// passwordPayload is a change_password job's payload: the new password,
// sealed, so that it never sits in the database in the clear.
type passwordPayload struct {
	Sealed string `json:"password_sealed"`
}

// passwordContext binds a sealed job password to where it is kept.
const passwordContext = "provisioning_jobs.payload.password"

// action runs Suspend, Unsuspend, Terminate, ChangePackage or
// ChangePassword on the service's server.
func (q *Queue) action(ctx context.Context, job *collections.ProvisioningJob) outcome {
	t, err := loadTarget(q.app, q.deps.Keys, job.ServiceID())
	if err != nil {
		return outcome{err: sdk.AsError(err)}
	}
	t.req.CallKey = job.IdempotencyKey()
	t.req.Reason = t.service.SuspendReason()
	var given struct {
		RemoteID string `json:"remote_id"`
	}
	// Reconciliation names what it found on the panel for a service whose
	// own remote id is gone.
	if _ = job.UnmarshalPayload(&given); t.req.Service.RemoteID == "" {
		t.req.Service.RemoteID = given.RemoteID
	}
	method, fn := "", func(context.Context, sdk.Provisioner) (sdk.ActionResult, error) { return sdk.ActionResult{}, nil }
	var newPassword string
	switch job.Action() {
	case collections.ProvisioningJobActionSuspend:
		method = "Suspend"
		fn = func(ctx context.Context, p sdk.Provisioner) (sdk.ActionResult, error) { return p.Suspend(ctx, t.req) }
	case collections.ProvisioningJobActionUnsuspend:
		method = "Unsuspend"
		fn = func(ctx context.Context, p sdk.Provisioner) (sdk.ActionResult, error) { return p.Unsuspend(ctx, t.req) }
	case collections.ProvisioningJobActionTerminate:
		method = "Terminate"
		fn = func(ctx context.Context, p sdk.Provisioner) (sdk.ActionResult, error) { return p.Terminate(ctx, t.req) }
	case collections.ProvisioningJobActionChangePackage:
		method = "ChangePackage"
		fn = func(ctx context.Context, p sdk.Provisioner) (sdk.ActionResult, error) {
			return p.ChangePackage(ctx, t.req)
		}
	case collections.ProvisioningJobActionChangePassword:
		method = "ChangePassword"
		var payload passwordPayload
		if err := job.UnmarshalPayload(&payload); err != nil || payload.Sealed == "" {
			return outcome{err: &sdk.Error{Kind: sdk.KindPermanent, Message: "the job holds no password"}}
		}
		c, err := q.deps.Keys.Cipher()
		if err != nil {
			return outcome{err: sdk.AsError(err)}
		}
		plain, err := c.Open(payload.Sealed, passwordContext)
		if err != nil {
			return outcome{err: &sdk.Error{Kind: sdk.KindPermanent, Message: "cannot open the job's password: " + err.Error()}}
		}
		newPassword = string(plain)
		t.secrets = append(t.secrets, newPassword)
		fn = func(ctx context.Context, p sdk.Provisioner) (sdk.ActionResult, error) {
			return p.ChangePassword(ctx, sdk.ChangePasswordRequest{ServiceRequest: t.req, Password: newPassword})
		}
	}
	res, log, callErr := q.call(ctx, job, t, method, func(ctx context.Context, p sdk.Provisioner) (any, error) { return fn(ctx, p) })
	if callErr != nil {
		if callErr.Kind == sdk.KindNotFound && job.Action() == collections.ProvisioningJobActionTerminate {
			// Already gone is what Terminate wanted.
			callErr, res = nil, sdk.ActionResult{Message: "already gone: " + callErr.Message}
		} else {
			return outcome{err: callErr, log: log}
		}
	}
	done := res.(sdk.ActionResult)
	out := outcome{log: log, message: done.Message, result: map[string]any{"message": done.Message}}
	// What the panel says the credentials now are wins over our guess.
	creds := done.Credentials
	if len(creds) == 0 && job.Action() == collections.ProvisioningJobActionChangePassword {
		creds = map[string]string{}
	}
	switch job.Action() {
	case collections.ProvisioningJobActionTerminate:
		out.result["remote_id"] = t.service.RemoteID()
		// The panel may hand the id to a new resource later; the job keeps it.
		out.apply = func(tx core.App) error {
			svc, err := collections.FindService(tx, job.ServiceID())
			if err != nil {
				return err
			}
			svc.SetRemoteID("")
			return tx.Save(svc)
		}
	default:
		if creds == nil {
			break
		}
		out.apply = func(tx core.App) error {
			svc, err := collections.FindService(tx, job.ServiceID())
			if err != nil {
				return err
			}
			update := creds
			if len(update) == 0 {
				update = passwordKeys(tx, svc, newPassword)
			}
			if err := mergeCredentials(tx, svc, update); err != nil {
				return err
			}
			return tx.Save(svc)
		}
	}
	return out
}

// sealPassword seals a new password for a change_password job's payload.
func sealPassword(app core.App, password string) (map[string]any, error) {
	c, err := keyring(app).Cipher()
	if err != nil {
		return nil, err
	}
	sealed, err := c.Seal([]byte(password), passwordContext)
	if err != nil {
		return nil, err
	}
	var payload map[string]any
	raw, _ := json.Marshal(passwordPayload{Sealed: sealed})
	_ = json.Unmarshal(raw, &payload)
	return payload, nil
}

// passwordKeys sets the new password under the key (or keys) the panel's
// Create stored the password under ("root_password", "password"…), so the
// client area never shows the old one beside it; "password" if none.
func passwordKeys(tx core.App, svc *collections.Service, password string) map[string]string {
	out := map[string]string{}
	stored, err := openObject(keyring(tx), collections.Services+"."+collections.ServiceFields.Credentials, svc.Credentials())
	if err == nil {
		for k := range stored {
			if strings.Contains(strings.ToLower(k), "password") {
				out[k] = password
			}
		}
	}
	if len(out) == 0 {
		out["password"] = password
	}
	return out
}
