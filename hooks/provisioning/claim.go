package provisioning

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// claimSQL takes up to {:n} due jobs in status {:status} for worker {:w}
// in one statement, so that two workers (or two processes) never take the
// same job. A queued or failed job is due when its next attempt is reached
// ({:due} is next_attempt_at), a running one when its claim lapsed (its
// worker died; {:due} is claimed_until). One status per statement walks
// the (status, next_attempt_at) index in order and stops at the first
// jobs that qualify, however long the history. A service's jobs run one
// at a time in the order they were made: a job waits while an older job
// of its service is unfinished, so a terminate never overtakes its create.
// attempts counts the claim, so a crash mid-call still uses up a try.
const claimSQL = `
UPDATE provisioning_jobs
SET status = 'running', attempts = attempts + 1, claimed_by = {:w}, claimed_until = {:until}, updated = {:now}
WHERE id IN (
	SELECT j.id FROM provisioning_jobs j
	WHERE j.status = {:status} AND j.%[1]s <= {:now} AND j.%[1]s != ''
	AND NOT EXISTS (
		SELECT 1 FROM provisioning_jobs p
		WHERE p.service = j.service AND p.id != j.id
		AND p.status IN ('queued', 'failed', 'running')
		AND (p.created < j.created OR (p.created = j.created AND p.id < j.id)))
	ORDER BY j.%[1]s
	LIMIT {:n})
RETURNING id`

var (
	claimDueSQL    = fmt.Sprintf(claimSQL, "next_attempt_at")
	claimLapsedSQL = fmt.Sprintf(claimSQL, "claimed_until")
)

// claim takes up to n due jobs for worker, holding each until lease
// passes: new ones first, then retries, then those of dead workers.
func claim(app core.App, worker string, n int, now time.Time, lease time.Duration) ([]string, error) {
	var ids []string
	for _, step := range []struct{ status, sql string }{
		{string(collections.ProvisioningJobStatusQueued), claimDueSQL},
		{string(collections.ProvisioningJobStatusFailed), claimDueSQL},
		{string(collections.ProvisioningJobStatusRunning), claimLapsedSQL},
	} {
		var rows []struct {
			ID string `db:"id"`
		}
		err := app.NonconcurrentDB().NewQuery(step.sql).Bind(dbx.Params{
			"w": worker, "n": n - len(ids), "status": step.status, "now": stamp(now), "until": stamp(now.Add(lease)),
		}).All(&rows)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
		if len(ids) >= n {
			break
		}
	}
	return ids, nil
}

// releaseOrphans hands back, at start, the jobs this data dir's previous
// process left running: only one `serve` works a data dir, so a running
// job at start is one whose worker died with the process. Its attempt is
// already counted.
func releaseOrphans(app core.App, now time.Time) (int64, error) {
	res, err := app.NonconcurrentDB().Update(collections.ProvisioningJobs,
		dbx.Params{"status": string(collections.ProvisioningJobStatusQueued), "claimed_until": "", "claimed_by": "", "next_attempt_at": stamp(now), "updated": stamp(now)},
		dbx.HashExp{"status": string(collections.ProvisioningJobStatusRunning)}).Execute()
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// stamp formats t as PocketBase stores dates, so that SQL compares them as
// text correctly.
func stamp(t time.Time) string {
	d, _ := types.ParseDateTime(t)
	return d.String()
}
