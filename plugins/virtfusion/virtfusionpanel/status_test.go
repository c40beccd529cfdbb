package virtfusionpanel_test

import (
	"testing"

	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/virtfusion/internal/fakevirtfusion"
)

// A server deleted in VirtFusion by hand is missing to Status (by its id
// or by its key) and Terminate of it succeeds.
func TestServerDeletedBehindOurBack(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("vanished")
	res := create(t, p, srv, svc)
	if err := panel.DeleteBehindBack(res.RemoteID); err != nil {
		t.Fatal(err)
	}
	byKey := svc
	svc.RemoteID = res.RemoteID
	for _, s := range []sdk.Service{svc, byKey} {
		st, err := p.Status(ctx(t), sdk.ServiceRequest{Server: srv, Service: s})
		if err != nil || st.State != sdk.StateMissing {
			t.Errorf("Status (remote id %q) of a deleted server: %+v, %v; want missing", s.RemoteID, st, err)
		}
		if _, err := p.Terminate(ctx(t), sdk.ServiceRequest{Server: srv, Service: s}); err != nil {
			t.Errorf("Terminate (remote id %q) of a deleted server: %v", s.RemoteID, err)
		}
	}
}

// Usage reports the package's limits, the month's traffic and memory in
// use; disk in use and CPU are unreported.
func TestUsage(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("usage")
	svc.RemoteID = create(t, p, srv, svc).RemoteID
	u, err := p.Usage(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
	if err != nil {
		t.Fatal(err)
	}
	want := sdk.Usage{DiskUsedBytes: sdk.Unreported, DiskLimitBytes: 20 << 30, MemoryUsedBytes: 512 << 20, MemoryLimitBytes: 1024 << 20,
		BandwidthUsedBytes: 123 << 20, BandwidthLimitBytes: 1000 << 30, CPUPermille: sdk.Unreported}
	if u != want {
		t.Errorf("Usage %+v, want %+v", u, want)
	}
}
