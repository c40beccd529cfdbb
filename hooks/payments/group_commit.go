package payments

import (
	"context"
	"sync"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// SQLite has one writer: every event applied in a transaction of its own
// holds the write lock for a commit. Events arriving together are applied
// in one transaction instead (group commit). Correctness does not change:
// if any event of a batch fails, the whole batch rolls back and each event
// is applied again alone, so that one event's failure never touches
// another's money, and after-commit work (receipts) never fires for what
// rolled back.

// maxBatch bounds how many events one transaction applies.
const maxBatch = 64

type ingestJob struct {
	ctx  context.Context
	ev   *Event
	now  types.DateTime
	done chan ingestDone
}

type ingestDone struct {
	res   IngestResult
	after []func(core.App)
	err   error
}

type batcher struct {
	app  core.App
	jobs chan ingestJob
}

var batchers sync.Map // core.App → *batcher

func batcherOf(app core.App) *batcher {
	if b, ok := batchers.Load(app); ok {
		return b.(*batcher)
	}
	b, loaded := batchers.LoadOrStore(app, &batcher{app: app, jobs: make(chan ingestJob, 1024)})
	if !loaded {
		go b.(*batcher).loop()
		app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
			batchers.Delete(app)
			close(b.(*batcher).jobs)
			return e.Next()
		})
	}
	return b.(*batcher)
}

// apply applies one event, in a batch with whatever else is waiting.
func (b *batcher) apply(ctx context.Context, ev *Event, now types.DateTime) (IngestResult, []func(core.App), error) {
	job := ingestJob{ctx: ctx, ev: ev, now: now, done: make(chan ingestDone, 1)}
	b.jobs <- job
	d := <-job.done
	return d.res, d.after, d.err
}

func (b *batcher) loop() {
	for first := range b.jobs {
		batch := []ingestJob{first}
	drain:
		for len(batch) < maxBatch {
			select {
			case j, ok := <-b.jobs:
				if !ok {
					break drain
				}
				batch = append(batch, j)
			default:
				break drain
			}
		}
		b.run(batch)
	}
}

func (b *batcher) run(batch []ingestJob) {
	if len(batch) > 1 {
		results := make([]ingestDone, len(batch))
		err := b.app.RunInTransaction(func(tx core.App) error {
			for i, j := range batch {
				res, err := ingestInTx(j.ctx, tx, j.ev, j.now, &results[i].after)
				if err != nil {
					return err
				}
				results[i].res = res
			}
			return nil
		})
		if err == nil {
			for i, j := range batch {
				j.done <- results[i]
			}
			return
		}
	}
	for _, j := range batch {
		var d ingestDone
		d.err = b.app.RunInTransaction(func(tx core.App) error {
			d.after = nil
			var err error
			d.res, err = ingestInTx(j.ctx, tx, j.ev, j.now, &d.after)
			return err
		})
		j.done <- d
	}
}
