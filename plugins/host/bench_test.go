package host

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/host/internal/memprov"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// BenchmarkColdStart measures a plugin's start up to its first Metadata
// answer (process, handshake, ping, Metadata), with and without AutoMTLS.
// Target: under 300 ms.
func BenchmarkColdStart(b *testing.B) {
	for _, mtls := range []bool{false, true} {
		b.Run(fmt.Sprintf("AutoMTLS=%v", mtls), func(b *testing.B) {
			for b.Loop() {
				h := New(Config{Dir: pluginDir, AutoMTLS: mtls, Logger: discardLogger})
				if _, err := h.Metadata(context.Background(), "testplugin"); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				h.Close()
				b.StartTimer()
			}
		})
	}
}

// BenchmarkStatus is a Status call through the host to a running plugin;
// compare with BenchmarkStatusInProcess, the same code without a process.
// Target: under 0.5 ms added per call. Run with -benchtime=10000x for the
// percentiles over 10,000 calls.
func BenchmarkStatus(b *testing.B) {
	h := New(Config{Dir: pluginDir, Logger: discardLogger})
	defer h.Close()
	p, err := h.Provisioner("testplugin")
	if err != nil {
		b.Fatal(err)
	}
	benchmarkStatus(b, p)
}

// BenchmarkStatusInProcess is the baseline of BenchmarkStatus.
func BenchmarkStatusInProcess(b *testing.B) {
	p, err := InProcess(memprov.New("testplugin")).Provisioner("testplugin")
	if err != nil {
		b.Fatal(err)
	}
	benchmarkStatus(b, p)
}

// benchmarkStatus asks for the status of an existing service, timing each
// call, and reports the median and 99th percentile.
func benchmarkStatus(b *testing.B, p sdk.Provisioner) {
	ctx := context.Background()
	if _, err := p.Create(ctx, request(nil)); err != nil {
		b.Fatal(err)
	}
	var took []time.Duration
	for b.Loop() {
		began := time.Now()
		st, err := p.Status(ctx, request(nil))
		took = append(took, time.Since(began))
		if err != nil || st.State != sdk.StateRunning {
			b.Fatalf("Status = %+v, %v", st, err)
		}
	}
	slices.Sort(took)
	percentile := func(q float64) float64 {
		return float64(took[int(q*float64(len(took)-1))]) / float64(time.Microsecond)
	}
	b.ReportMetric(percentile(0.50), "p50-µs")
	b.ReportMetric(percentile(0.99), "p99-µs")
}

// BenchmarkStatusBareClient calls the plugin's gRPC client directly,
// without the host's timeout, slot, liveness check and gating: the
// difference to BenchmarkStatus is what the host's own layer costs.
func BenchmarkStatusBareClient(b *testing.B) {
	h := New(Config{Dir: pluginDir, Logger: discardLogger})
	defer h.Close()
	c, err := h.child("testplugin")
	if err != nil {
		b.Fatal(err)
	}
	p, _, err := c.live(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	benchmarkStatus(b, p.prov)
}
