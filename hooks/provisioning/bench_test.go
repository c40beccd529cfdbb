package provisioning_test

import (
	"os"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/lifecycle"
	"github.com/ezscale/hostbase/hooks/provisioning"
)

// BenchmarkQueueCreateJobs measures jobs per second through the queue: b.N
// paid services, each a create job that the example plugin carries out (a
// file written per server), worked by a pool of 8, from the first claim to
// the last service active. Run with a fixed count:
//
//	go test -run '^$' -bench QueueCreateJobs -benchtime 2000x ./hooks/provisioning/
func BenchmarkQueueCreateJobs(b *testing.B) {
	b.Run("in-process", func(b *testing.B) { benchQueue(b, newWorld(b), paidServices) })
	b.Run("plugin-process", func(b *testing.B) {
		w, _ := processWorld(b, 30*time.Second, 0)
		benchQueue(b, w, paidServices)
	})
}

// BenchmarkQueueSuspendJobs is the same for suspensions (dunning's job):
// a plugin call and the job's own record, no transition.
//
//	go test -run '^$' -bench QueueSuspendJobs -benchtime 2000x ./hooks/provisioning/
func BenchmarkQueueSuspendJobs(b *testing.B) {
	b.Run("plugin-process", func(b *testing.B) {
		w, _ := processWorld(b, 30*time.Second, 0)
		benchQueue(b, w, suspendedServices)
	})
}

// paidServices queues n create jobs.
func paidServices(b *testing.B, w *world, n int) {
	for i := 0; i < n; i++ {
		w.paid(b, w.pendingService(b, w.alice))
	}
}

// suspendedServices makes n active services, then queues a suspend job for
// each.
func suspendedServices(b *testing.B, w *world, n int) {
	paidServices(b, w, n)
	w.runDue(b)
	ids, err := w.app.FindAllRecords(collections.Services, dbx.HashExp{"status": "active"})
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range ids {
		w.move(b, r.Id, lifecycle.Suspend)
	}
}

func benchQueue(b *testing.B, w *world, queue func(*testing.B, *world, int)) {
	// The example panel's files go to memory when the machine has a tmpfs:
	// the queue is measured, not the disk under the panel.
	if dir, err := os.MkdirTemp("/dev/shm", "hostbase-panel-"); err == nil {
		b.Cleanup(func() { os.RemoveAll(dir) })
		if _, err := w.app.DB().NewQuery("UPDATE servers SET config = {:c} WHERE id = {:id}").
			Bind(dbx.Params{"c": `{"directory":"` + dir + `"}`, "id": w.server}).Execute(); err != nil {
			b.Fatal(err)
		}
	}
	queue(b, w, b.N)
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
	if n := count(b, w.app, collections.Services, "status IN ('active', 'suspended')"); n != b.N {
		b.Fatalf("%d services active or suspended, want %d", n, b.N)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "jobs/s")
}

// benchWorkers is the pool size measured.
var benchWorkers = 4
