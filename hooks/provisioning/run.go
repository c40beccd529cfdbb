package provisioning

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// outcome is what one run of a job came to.
type outcome struct {
	// err is the plugin's (or our) failure; nil is success.
	err *sdk.Error
	// pending asks to run the job again soon without counting a failure:
	// the panel is still building.
	pending bool
	message string
	result  map[string]any
	// apply writes a success's effects (service fields, transitions) in the
	// transaction that marks the job done.
	apply func(txApp core.App) error
	// after runs after that commit (emails).
	after func()
	// log is the call's provisioning_logs row, written with the outcome.
	log *callLog
}

// run runs a claimed job and records its outcome; with next, the record's
// transaction also claims the worker's next job into it.
func (q *Queue) run(ctx context.Context, jobID string, next *string) error {
	job, err := collections.FindProvisioningJob(q.app, jobID)
	if err != nil {
		return err
	}
	if job.Status() != collections.ProvisioningJobStatusRunning || job.ClaimedBy() != q.id {
		return nil
	}
	var out outcome
	if job.Attempts() > job.MaxAttempts() {
		out = outcome{err: &sdk.Error{Kind: sdk.KindRetryable, Message: fmt.Sprintf("interrupted %d times (the worker stopped mid-call)", job.Attempts()-1)}}
	} else {
		out = q.execute(ctx, job)
	}
	return q.record(job, out, next)
}

// execute makes the job's plugin call.
func (q *Queue) execute(ctx context.Context, job *collections.ProvisioningJob) outcome {
	switch job.Action() {
	case collections.ProvisioningJobActionCreate:
		return q.create(ctx, job)
	case collections.ProvisioningJobActionSuspend, collections.ProvisioningJobActionUnsuspend,
		collections.ProvisioningJobActionTerminate, collections.ProvisioningJobActionChangePackage,
		collections.ProvisioningJobActionChangePassword:
		return q.action(ctx, job)
	}
	return outcome{err: &sdk.Error{Kind: sdk.KindPermanent, Message: "unknown job action " + string(job.Action())}}
}

// call runs fn against the target's plugin with the call timeout, and
// returns the call's log row and its typed error.
func (q *Queue) call(ctx context.Context, job *collections.ProvisioningJob, t *target, method string,
	fn func(ctx context.Context, p sdk.Provisioner) (any, error),
) (any, *callLog, *sdk.Error) {
	log := &callLog{job: job.Id, service: t.service.Id, secretValues: t.secrets}
	if q.deps.Plugins == nil {
		e := &sdk.Error{Kind: sdk.KindInvalidConfig, Reason: "plugin_unusable", Message: "no provisioner plugins are loaded"}
		log.level, log.message = collections.ProvisioningLogLevelError, method+": "+e.Message
		return nil, log, e
	}
	p, err := q.deps.Plugins.Provisioner(t.plugin)
	if err != nil {
		e := pluginError(t.plugin, err)
		log.level, log.message = collections.ProvisioningLogLevelError, method+": "+e.Error()
		return nil, log, e
	}
	ctx, cancel := context.WithTimeout(ctx, q.deps.callTimeout())
	defer cancel()
	started := time.Now()
	res, err := fn(ctx, p)
	took := time.Since(started)
	log.data = map[string]any{
		"plugin": t.plugin, "method": method, "call_key": job.IdempotencyKey(), "attempt": job.Attempts(),
		"server": t.server.Id, "remote_id": t.req.Service.RemoteID, "product_config": t.req.Service.ProductConfig,
		"duration_ms": took.Milliseconds(),
	}
	if err != nil {
		e := sdk.AsError(err)
		log.level = collections.ProvisioningLogLevelError
		log.message = fmt.Sprintf("%s failed (%s) after %d ms: %s", method, e.Kind, took.Milliseconds(), e.Message)
		log.data["error_kind"] = string(e.Kind)
		return nil, log, e
	}
	log.level = collections.ProvisioningLogLevelInfo
	log.message = fmt.Sprintf("%s ok in %d ms", method, took.Milliseconds())
	log.data["response"] = asLogValue(res)
	return res, log, nil
}

// pluginError types a failure to find or start a plugin: staff must
// install or mend it, so it is not retried on its own.
func pluginError(name string, err error) *sdk.Error {
	var e *sdk.Error
	if errors.As(err, &e) {
		return e
	}
	return &sdk.Error{Kind: sdk.KindInvalidConfig, Reason: "plugin_unusable", Message: fmt.Sprintf("plugin %q: %v", name, err)}
}

// asLogValue turns a plugin's answer into plain JSON values, so that the
// redaction sees every key (a struct's Credentials field included).
func asLogValue(v any) any {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%T", v)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		return string(raw)
	}
	return out
}

func findJob(app core.App, id string) (*collections.ProvisioningJob, error) {
	return collections.FindProvisioningJob(app, id)
}
