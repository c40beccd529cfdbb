package provisioning

import (
	"context"
	"encoding/json"
	"maps"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/lifecycle"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// create makes the service on a panel: it places the service on a server
// (once: a retry goes where the first try went), calls Create with the
// service's idempotency key, and on success stores what the panel made,
// with its credentials sealed, and activates the service.
func (q *Queue) create(ctx context.Context, job *collections.ProvisioningJob) outcome {
	svc, err := collections.FindService(q.app, job.ServiceID())
	if err != nil {
		return outcome{err: sdk.AsError(err)}
	}
	switch svc.Status() {
	case collections.ServiceStatusProvisioning:
	case collections.ServiceStatusCancelled, collections.ServiceStatusTerminated:
		return outcome{message: "the service is " + string(svc.Status()) + ": nothing to create", result: map[string]any{"skipped": string(svc.Status())}}
	default:
		return outcome{err: &sdk.Error{Kind: sdk.KindPermanent, Message: "the service is " + string(svc.Status()) + ", not provisioning"}}
	}
	product, err := findProductForCall(q.app, svc.ProductID())
	if err != nil {
		return outcome{err: sdk.AsError(err)}
	}
	if svc.ServerID() == "" {
		var placed string
		err = q.app.RunInTransaction(func(tx core.App) error {
			server, err := place(tx, svc, product)
			if err != nil {
				return err
			}
			placed = server.Id
			_, err = tx.DB().Update(collections.ProvisioningJobs, dbx.Params{collections.ProvisioningJobFields.Server: server.Id},
				dbx.HashExp{"id": job.Id}).Execute()
			return err
		})
		if err != nil {
			return outcome{err: sdk.AsError(err)}
		}
		svc.SetServerID(placed)
	}
	t, err := loadTargetOf(q.app, q.deps.Keys, svc, product)
	if err != nil {
		return outcome{err: sdk.AsError(err)}
	}
	res, log, callErr := q.call(ctx, job, t, "Create", func(ctx context.Context, p sdk.Provisioner) (any, error) {
		return p.Create(ctx, t.req)
	})
	if callErr != nil {
		return outcome{err: callErr, log: log}
	}
	made := res.(sdk.CreateResult)
	if made.Pending {
		return outcome{pending: true, message: made.Message, log: log}
	}
	if made.RemoteID == "" {
		return outcome{log: log, err: &sdk.Error{Kind: sdk.KindPermanent, Message: "the plugin's Create returned no remote id"}}
	}
	return outcome{
		log:     log,
		message: made.Message,
		result:  map[string]any{"remote_id": made.RemoteID, "hostname": made.Hostname, "ip": made.IP, "server": t.server.Id},
		apply: func(tx core.App) error {
			return storeCreated(tx, job, made)
		},
		after: func() { q.sendWelcome(job.ServiceID()) },
	}
}

// storeCreated writes what Create made onto the service, its credentials
// sealed, and activates it, unless it was cancelled meanwhile: then its
// terminate job, queued behind this one, removes what was made. The
// fields go in one statement; the activation saves the record through
// its hooks, so that realtime subscribers see it whole.
func storeCreated(tx core.App, job *collections.ProvisioningJob, made sdk.CreateResult) error {
	f := collections.ServiceFields
	var svc struct {
		Status      string `db:"status"`
		Credentials string `db:"credentials"`
	}
	if err := tx.DB().Select(f.Status, f.Credentials).From(collections.Services).Where(dbx.HashExp{"id": job.ServiceID()}).One(&svc); err != nil {
		return err
	}
	set := dbx.Params{f.RemoteID: made.RemoteID, "updated": stamp(time.Now())}
	if made.Hostname != "" {
		set[f.Hostname] = made.Hostname
	}
	if made.IP != "" {
		set[f.IP] = made.IP
	}
	if len(made.ExtraIPs) > 0 {
		raw, _ := json.Marshal(made.ExtraIPs)
		set[f.ExtraIPs] = string(raw)
	}
	if made.Username != "" {
		set[f.Username] = made.Username
	}
	if len(made.Credentials) > 0 {
		sealed, err := sealCredentials(tx, svc.Credentials, made.Credentials)
		if err != nil {
			return err
		}
		set[f.Credentials] = sealed
	}
	if _, err := tx.DB().Update(collections.Services, set, dbx.HashExp{"id": job.ServiceID()}).Execute(); err != nil {
		return err
	}
	if svc.Status != string(collections.ServiceStatusProvisioning) {
		return nil
	}
	_, err := lifecycle.Activate(tx, job.ServiceID(), lifecycle.Reason{ActorName: "provisioning", Why: "created on the panel as " + made.RemoteID})
	return err
}

// sealCredentials returns the service's stored credentials with creds over
// them, sealed as the secrets hook would seal them.
func sealCredentials(tx core.App, stored string, creds map[string]string) (string, error) {
	context := collections.Services + "." + collections.ServiceFields.Credentials
	merged, err := openObject(keyring(tx), context, stored)
	if err != nil {
		return "", err
	}
	maps.Copy(merged, creds)
	raw, err := json.Marshal(merged)
	if err != nil {
		return "", err
	}
	c, err := keyring(tx).Cipher()
	if err != nil {
		return "", err
	}
	return c.Seal(raw, context)
}

// mergeCredentials sets the service's credentials to the stored ones with
// creds over them, as plaintext JSON that the secrets hook seals on save.
func mergeCredentials(tx core.App, svc *collections.Service, creds map[string]string) error {
	merged := map[string]string{}
	if current := svc.Credentials(); current != "" {
		opened, err := openObject(keyring(tx), collections.Services+"."+collections.ServiceFields.Credentials, current)
		if err != nil {
			return err
		}
		merged = opened
	}
	maps.Copy(merged, creds)
	raw, err := json.Marshal(merged)
	if err != nil {
		return err
	}
	svc.SetCredentials(string(raw))
	return nil
}
