package host

import (
	"context"
	"errors"
	"testing"

	"github.com/ezscale/hostbase/plugins/host/internal/memprov"
	"github.com/ezscale/hostbase/plugins/sdk"
)

func TestInProcessGatesLikeTheHost(t *testing.T) {
	impl := memprov.New("memory")
	reg := InProcess(impl)
	ctx := context.Background()

	meta, err := reg.Metadata(ctx, "memory")
	if err != nil || meta.Name != "memory" {
		t.Fatalf("Metadata: %+v, %v", meta, err)
	}
	p, err := reg.Provisioner("memory")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Create(ctx, request(nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Usage(ctx, request(nil)); !errors.Is(err, sdk.ErrUnsupported) {
		t.Fatalf("Usage: %v", err)
	}
	if _, err := p.Suspend(ctx, request(nil)); err != nil {
		t.Fatalf("Suspend: %v", err)
	}
	if calls := impl.Calls(); calls["Usage"] != 0 || calls["Create"] != 1 || calls["Suspend"] != 1 {
		t.Fatalf("calls %v", calls)
	}

	if _, err := reg.Provisioner("absent"); sdk.AsError(err).Reason != ReasonPluginNotFound {
		t.Fatalf("absent: %v", err)
	}
}
