package provisioning

import (
	"context"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
)

// Queue runs provisioning jobs: a pool of workers that claim due jobs and
// call the plugins.
type Queue struct {
	app  core.App
	deps Deps
	// id names this process's claims.
	id   string
	wake chan struct{}
	// now is the clock; tests move it.
	now func() time.Time

	stop   context.CancelFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	active bool
}

// queueKey is where Register keeps the app's queue.
const queueKey = "provisioning.queue"

// QueueOf returns the queue Register set up for app.
func QueueOf(app core.App) *Queue {
	q, _ := app.Store().Get(queueKey).(*Queue)
	return q
}

func newQueue(app core.App, deps Deps) *Queue {
	return &Queue{app: app, deps: deps, id: "w-" + security.PseudorandomString(10), wake: make(chan struct{}, 1), now: time.Now}
}

// WithClock replaces the queue's clock (tests jump over backoffs).
func (q *Queue) WithClock(now func() time.Time) *Queue {
	q.now = now
	return q
}

// Wake tells an idle worker there is work.
func (q *Queue) Wake() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Start hands back the jobs a previous process left running and starts the
// workers. Stop ends them.
func (q *Queue) Start() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.active || q.deps.workers() == 0 {
		return nil
	}
	if n, err := releaseOrphans(q.app, q.now()); err != nil {
		return err
	} else if n > 0 {
		q.app.Logger().Warn("provisioning: resuming jobs interrupted by a stop", "jobs", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	q.stop, q.active = cancel, true
	for i := 0; i < q.deps.workers(); i++ {
		q.wg.Add(1)
		go q.work(ctx)
	}
	q.Wake()
	return nil
}

// Stop stops claiming, lets the calls in flight end (each is bounded by
// the call timeout) and waits for the workers.
func (q *Queue) Stop() {
	q.mu.Lock()
	if !q.active {
		q.mu.Unlock()
		return
	}
	q.active = false
	q.stop()
	q.mu.Unlock()
	q.wg.Wait()
}

// work is one worker: claim a job, run it, repeat; sleep when there is
// none until woken or the poll interval passes. Recording a job's outcome
// claims the worker's next job in the same transaction, which spares the
// single write connection one commit per job.
func (q *Queue) work(ctx context.Context) {
	defer q.wg.Done()
	ticker := time.NewTicker(q.deps.poll())
	defer ticker.Stop()
	var next string
	defer func() { q.release(next) }()
	for ctx.Err() == nil {
		if next == "" {
			ids, err := claim(q.app, q.id, 1, q.now(), q.lease())
			if err != nil {
				q.app.Logger().Error("provisioning: worker", "error", err)
			}
			if len(ids) == 0 {
				select {
				case <-ctx.Done():
				case <-q.wake:
				case <-ticker.C:
				}
				continue
			}
			next = ids[0]
		}
		// Another worker may find more: wake one so the pool fills up.
		q.Wake()
		id := next
		next = ""
		if err := q.run(context.WithoutCancel(ctx), id, &next); err != nil {
			q.app.Logger().Error("provisioning: worker", "job", id, "error", err)
		}
	}
}

// release hands back a job claimed but not started (the worker stopped):
// queued again, its claim not counted as a try.
func (q *Queue) release(id string) {
	if id == "" {
		return
	}
	_, err := q.app.NonconcurrentDB().NewQuery(`UPDATE provisioning_jobs SET status = 'queued', attempts = attempts - 1,
		claimed_by = '', claimed_until = '' WHERE id = {:id} AND status = 'running' AND claimed_by = {:w}`).
		Bind(dbx.Params{"id": id, "w": q.id}).Execute()
	if err != nil {
		q.app.Logger().Error("provisioning: release", "job", id, "error", err)
	}
}

// RunOne claims one due job and runs it; ran is false when none was due.
func (q *Queue) RunOne(ctx context.Context) (ran bool, err error) {
	ids, err := claim(q.app, q.id, 1, q.now(), q.lease())
	if err != nil || len(ids) == 0 {
		return false, err
	}
	q.Wake()
	return true, q.run(ctx, ids[0], nil)
}

// RunDue runs every job due now, one at a time, and returns how many ran:
// the CLI and the tests drive the queue with it.
func (q *Queue) RunDue(ctx context.Context) (int, error) {
	n := 0
	for {
		ran, err := q.RunOne(ctx)
		if err != nil {
			return n, err
		}
		if !ran {
			return n, nil
		}
		n++
	}
}

// lease is how long a claim holds: the call's timeout and time to record
// it. A claim that outlives it is taken as a dead worker's.
func (q *Queue) lease() time.Duration { return q.deps.callTimeout() + time.Minute }
