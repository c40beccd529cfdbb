package provisioning

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// claimSQL takes up to {:n} due jobs for worker {:w} in one statement, so
// that two workers (or two processes) never take the same job. A job is due
// when it is queued or failed with its next attempt reached, or running
// under a claim that lapsed (its worker died). A service's jobs run one at
// a time in the order they were made: a job waits while an older job of
// its service is unfinished, so a terminate never overtakes its create.
// attempts counts the claim, so a crash mid-call still uses up a try.
const claimSQL = `
UPDATE provisioning_jobs
SET status = 'running', attempts = attempts + 1, claimed_by = {:w}, claimed_until = {:until}, updated = {:now}
WHERE id IN (
	SELECT j.id FROM provisioning_jobs j
	WHERE ((j.status IN ('queued', 'failed') AND j.next_attempt_at <= {:now})
		OR (j.status = 'running' AND j.claimed_until < {:now}))
	AND NOT EXISTS (
		SELECT 1 FROM provisioning_jobs p
		WHERE p.service = j.service AND p.id != j.id
		AND p.status IN ('queued', 'failed', 'running')
		AND (p.created < j.created OR (p.created = j.created AND p.id < j.id)))
	ORDER BY j.next_attempt_at, j.created
	LIMIT {:n})
RETURNING id`

// claim takes up to n due jobs for worker, holding each until lease passes.
func claim(app core.App, worker string, n int, now time.Time, lease time.Duration) ([]string, error) {
	var rows []struct {
		ID string `db:"id"`
	}
	err := app.NonconcurrentDB().NewQuery(claimSQL).Bind(dbx.Params{
		"w": worker, "n": n, "now": stamp(now), "until": stamp(now.Add(lease)),
	}).All(&rows)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
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
