package provisioning_test

import (
	"testing"
	"time"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/provisioning"
)

// BenchmarkQueueCreateJobs measures jobs per second through the queue: b.N
// paid services, each a create job that the example plugin carries out (a
// file written per server), worked by a pool of 8, from the first claim to
// the last service active. Run with a fixed count:
//
//	go test -run '^$' -bench QueueCreateJobs -benchtime 2000x ./hooks/provisioning/
func BenchmarkQueueCreateJobs(b *testing.B) {
	b.Run("in-process", func(b *testing.B) { benchQueue(b, newWorld(b)) })
	b.Run("plugin-process", func(b *testing.B) {
		w, _ := processWorld(b, 30*time.Second, 0)
		benchQueue(b, w)
	})
}

func benchQueue(b *testing.B, w *world) {
	for i := 0; i < b.N; i++ {
		w.paid(b, w.pendingService(b, w.alice))
	}
	q := provisioning.NewQueueFor(w.q, benchWorkers)
	b.ResetTimer()
	started := time.Now()
	if err := q.Start(); err != nil {
		b.Fatal(err)
	}
	// Polled rarely: the poll competes with the workers for the CPU.
	for count(b, w.app, collections.ProvisioningJobs, "status NOT IN ('done', 'failed', 'dead')") > 0 {
		time.Sleep(25 * time.Millisecond)
	}
	elapsed := time.Since(started)
	b.StopTimer()
	q.Stop()
	if n := count(b, w.app, collections.ProvisioningJobs, "status != 'done'"); n > 0 {
		b.Fatalf("%d jobs not done", n)
	}
	if n := count(b, w.app, collections.Services, "status = 'active'"); n != b.N {
		b.Fatalf("%d services active, want %d", n, b.N)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "jobs/s")
}

// benchWorkers is the pool size measured.
var benchWorkers = 4
