package examplepanel

import (
	"context"
	"strconv"
	"testing"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// BenchmarkCreateStatusTerminate is one service's life, in process: the
// plugin's own share of Hostbase's queue benchmark.
func BenchmarkCreateStatusTerminate(b *testing.B) {
	dir := b.TempDir()
	srv := sdk.Server{Config: map[string]string{keyDirectory: dir}, Credentials: map[string]string{keyAPIToken: "t"}}
	p := New(hclog.NewNullLogger())
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		r := sdk.ServiceRequest{Server: srv, Service: sdk.Service{IdempotencyKey: "k" + strconv.Itoa(i), ProductConfig: map[string]string{}}}
		res, err := p.Create(ctx, r)
		if err != nil {
			b.Fatal(err)
		}
		r.Service.RemoteID = res.RemoteID
		if _, err := p.Status(ctx, r); err != nil {
			b.Fatal(err)
		}
		if _, err := p.Terminate(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
}
