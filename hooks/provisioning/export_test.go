package provisioning

import (
	"context"
	"time"
)

// CrashMidJob claims one due job and makes its plugin call, then drops the
// outcome as a process killed before it recorded it would. It reports
// whether a job was claimed.
func (q *Queue) CrashMidJob(ctx context.Context) (bool, error) {
	ids, err := claim(q.app, q.id, 1, q.now(), q.lease())
	if err != nil || len(ids) == 0 {
		return false, err
	}
	job, err := findJob(q.app, ids[0])
	if err != nil {
		return false, err
	}
	_ = q.execute(ctx, job)
	return true, nil
}

// Lease is how long a claim holds.
func (q *Queue) Lease() time.Duration { return q.lease() }

// NewQueueFor is a second queue on the same app with workers, as the
// process started again on the same data dir would have.
func NewQueueFor(q *Queue, workers int) *Queue {
	d := q.deps
	d.Workers, d.Poll = workers, 20*time.Millisecond
	return newQueue(q.app, d).WithClock(q.now)
}
