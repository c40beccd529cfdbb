package payments

import (
	"context"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// IngestBatch applies events as one group commit, as the batcher does when
// they arrive together, and returns each one's outcome.
func IngestBatch(app core.App, events []*Event) ([]IngestResult, []error) {
	b := &batcher{app: app}
	batch := make([]ingestJob, len(events))
	for i, ev := range events {
		batch[i] = ingestJob{ctx: context.Background(), ev: ev, now: types.NowDateTime(), done: make(chan ingestDone, 1)}
	}
	b.run(batch)
	res := make([]IngestResult, len(events))
	errs := make([]error, len(events))
	for i, j := range batch {
		d := <-j.done
		res[i], errs[i] = d.res, d.err
	}
	return res, errs
}
