package provisioning

import (
	"encoding/json"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// jobPayload keys the queue itself keeps on a job.
const payloadPolls = "polls"

// record writes a job's outcome in one transaction: the job's new status,
// the call's log row and, for a success, its effects. A job whose claim was
// lost meanwhile (it outlived its lease and another worker took it) is left
// to that worker: the plugin's idempotency makes the second call agree.
func (q *Queue) record(job *collections.ProvisioningJob, out outcome, next *string) error {
	var deadAfter func()
	now := q.now()
	err := q.app.RunInTransaction(func(tx core.App) error {
		if err := q.recordIn(tx, job, out, now, &deadAfter); err != nil {
			return err
		}
		if next == nil {
			return nil
		}
		ids, err := claim(tx, q.id, 1, now, q.lease())
		if len(ids) > 0 {
			*next = ids[0]
		}
		return err
	})
	if err != nil {
		if next != nil {
			*next = ""
		}
		return err
	}
	if deadAfter != nil {
		deadAfter()
	} else if out.err == nil && !out.pending && out.after != nil {
		out.after()
	}
	return nil
}

// recordIn writes the outcome inside tx.
func (q *Queue) recordIn(tx core.App, job *collections.ProvisioningJob, out outcome, now time.Time, deadAfter *func()) error {
	var claim struct {
		Status    string `db:"status"`
		ClaimedBy string `db:"claimed_by"`
	}
	f := collections.ProvisioningJobFields
	if err := tx.DB().Select(f.Status, f.ClaimedBy).From(collections.ProvisioningJobs).Where(dbx.HashExp{"id": job.Id}).One(&claim); err != nil {
		return err
	}
	if claim.Status != string(collections.ProvisioningJobStatusRunning) || claim.ClaimedBy != q.id {
		return nil
	}
	if out.log != nil {
		if err := out.log.write(tx); err != nil {
			return err
		}
	}
	if out.err == nil && !out.pending {
		return q.succeed(tx, job.Id, out, now)
	}
	job, err := collections.FindProvisioningJob(tx, job.Id)
	if err != nil {
		return err
	}
	job.SetClaimedBy("")
	job.SetClaimedUntil(types.DateTime{})
	if out.err != nil {
		return q.fail(tx, job, out.err, now, deadAfter)
	}
	polls := pollsOf(job) + 1
	if polls > maxPolls {
		e := &sdk.Error{Kind: sdk.KindPermanent, Message: "the panel was still building after the longest wait allowed"}
		return q.fail(tx, job, e, now, deadAfter)
	}
	// A poll is not a failed try.
	job.SetAttempts(job.Attempts() - 1)
	setPayloadKey(job, payloadPolls, polls)
	job.SetStatus(collections.ProvisioningJobStatusQueued)
	job.SetNextAttemptAt(dateTime(now.Add(pollDelay(polls))))
	job.SetLastError("")
	if out.message != "" {
		job.SetResult(map[string]any{"pending": out.message})
	}
	return tx.Save(job)
}

// succeed writes a success's effects and marks the job done, in one
// statement for the job: the hot path of the queue.
func (q *Queue) succeed(tx core.App, jobID string, out outcome, now time.Time) error {
	if out.apply != nil {
		if err := out.apply(tx); err != nil {
			return err
		}
	}
	f := collections.ProvisioningJobFields
	set := dbx.Params{f.Status: string(collections.ProvisioningJobStatusDone), f.FinishedAt: stamp(now), f.LastError: "",
		f.ErrorKind: "", f.ErrorReason: "", f.ClaimedBy: "", f.ClaimedUntil: "", "updated": stamp(now)}
	if out.result != nil {
		raw, err := json.Marshal(out.result)
		if err != nil {
			return err
		}
		set[f.Result] = string(raw)
	}
	_, err := tx.DB().Update(collections.ProvisioningJobs, set, dbx.HashExp{"id": jobID}).Execute()
	return err
}

// fail records a failed try: a retryable one is tried again after a
// backoff while tries remain; anything else makes the job dead, which for a
// create also fails the service (the manual queue) and tells staff.
func (q *Queue) fail(tx core.App, job *collections.ProvisioningJob, e *sdk.Error, now time.Time, after *func()) error {
	job.SetLastError(truncate(e.Error(), 5000))
	job.SetErrorKind(jobErrorKind(e.Kind))
	job.SetErrorReason(e.Reason)
	if e.Kind == sdk.KindRetryable && job.Attempts() < job.MaxAttempts() {
		policy, err := LoadPolicy(tx)
		if err != nil {
			policy = DefaultPolicy
		}
		job.SetStatus(collections.ProvisioningJobStatusFailed)
		job.SetNextAttemptAt(dateTime(now.Add(backoff(policy, job.Attempts(), e.RetryAfter))))
		return tx.Save(job)
	}
	job.SetStatus(collections.ProvisioningJobStatusDead)
	job.SetFinishedAt(dateTime(now))
	if err := tx.Save(job); err != nil {
		return err
	}
	followUp, err := onDead(tx, job, e)
	if err != nil {
		return err
	}
	jobID := job.Id
	*after = func() {
		q.alertStaff(jobID)
		if followUp != nil {
			followUp(q.app)
		}
	}
	return nil
}

func jobErrorKind(k sdk.ErrorKind) collections.ProvisioningJobErrorKind {
	switch k {
	case sdk.KindPermanent:
		return collections.ProvisioningJobErrorKindPermanent
	case sdk.KindInvalidConfig:
		return collections.ProvisioningJobErrorKindInvalidConfig
	case sdk.KindNotFound:
		return collections.ProvisioningJobErrorKindNotFound
	case sdk.KindUnsupported:
		return collections.ProvisioningJobErrorKindUnsupported
	}
	return collections.ProvisioningJobErrorKindRetryable
}

func pollsOf(job *collections.ProvisioningJob) int {
	var payload struct {
		Polls int `json:"polls"`
	}
	_ = job.UnmarshalPayload(&payload)
	return payload.Polls
}

func setPayloadKey(job *collections.ProvisioningJob, key string, value any) {
	payload := map[string]any{}
	_ = job.UnmarshalPayload(&payload)
	payload[key] = value
	job.SetPayload(payload)
}

func dateTime(t time.Time) types.DateTime {
	d, _ := types.ParseDateTime(t)
	return d
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-3] + "..."
}
