package provisioning

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// JobSpec is a plugin call to make for a service.
type JobSpec struct {
	Service string
	Action  collections.ProvisioningJobAction
	// Key makes the enqueue idempotent: a second Enqueue with a key
	// already queued returns that job. "" gets a fresh key.
	Key string
	// Payload is what the action needs beyond the service (e.g. a sealed
	// new password).
	Payload map[string]any
	// RequestedBy names who asked ("dunning", "staff:<id>", "customer:<id>").
	RequestedBy string
	// At is when the job is due; zero is now.
	At types.DateTime
}

// Enqueue adds the job inside txApp's transaction, so that it commits with
// what caused it; created is false when a job with spec.Key exists. The
// worker pool is woken after the commit.
func Enqueue(txApp core.App, spec JobSpec) (job *collections.ProvisioningJob, created bool, err error) {
	if spec.Key == "" {
		spec.Key = fmt.Sprintf("%s:%s:%s", spec.Action, spec.Service, security.PseudorandomString(10))
	}
	rec, err := txApp.FindFirstRecordByData(collections.ProvisioningJobs, collections.ProvisioningJobFields.IdempotencyKey, spec.Key)
	switch {
	case err == nil:
		return collections.WrapProvisioningJob(rec), false, nil
	case !errors.Is(err, sql.ErrNoRows):
		return nil, false, err
	}
	policy, err := LoadPolicy(txApp)
	if err != nil {
		return nil, false, err
	}
	job, err = collections.NewProvisioningJob(txApp)
	if err != nil {
		return nil, false, err
	}
	at := spec.At
	if at.IsZero() {
		at = types.NowDateTime()
	}
	job.SetServiceID(spec.Service)
	job.SetAction(spec.Action)
	job.SetStatus(collections.ProvisioningJobStatusQueued)
	job.SetMaxAttempts(int64(policy.MaxAttempts))
	job.SetNextAttemptAt(at)
	job.SetIdempotencyKey(spec.Key)
	job.SetRequestedBy(spec.RequestedBy)
	if spec.Payload != nil {
		job.SetPayload(spec.Payload)
	}
	if svc, err := collections.FindService(txApp, spec.Service); err == nil && svc.ServerID() != "" {
		job.SetServerID(svc.ServerID())
	}
	if err := txApp.Save(job); err != nil {
		return nil, false, fmt.Errorf("provisioning: enqueue %s for service %s: %w", spec.Action, spec.Service, err)
	}
	return job, true, nil
}
