package virtfusionpanel_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/virtfusion/internal/fakevirtfusion"
)

// ChangePackage moves the server to the new product's package.
func TestChangePackage(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("upgrade")
	svc.RemoteID = create(t, p, srv, svc).RemoteID
	svc.ProductConfig = productConfig(fakevirtfusion.PackageLarge)
	if _, err := p.ChangePackage(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc}); err != nil {
		t.Fatal(err)
	}
	if got := panel.Package(svc.RemoteID); got != fakevirtfusion.PackageLarge {
		t.Errorf("the server is on package %d, want %d", got, fakevirtfusion.PackageLarge)
	}
	svc.ProductConfig = productConfig(77)
	_, err := p.ChangePackage(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
	if e := sdkError(t, err); e.Kind != sdk.KindInvalidConfig || e.Field != "package_id" {
		t.Errorf("ChangePackage to an unknown package: %v, want invalid config of package_id", err)
	}
}

// A RemoteID naming a server tagged for another service is not acted on:
// Terminate leaves it alone.
func TestNeverTouchesAnotherServicesServer(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv := newPlugin(), serverFor(panel)
	theirs := create(t, p, srv, newService("theirs"))
	mine := newService("mine")
	mine.RemoteID = theirs.RemoteID
	if _, err := p.Terminate(ctx(t), sdk.ServiceRequest{Server: srv, Service: mine}); err != nil {
		t.Fatal(err)
	}
	if got := panel.State(theirs.RemoteID); got != "running" {
		t.Errorf("another service's server is %s after a Terminate naming its id, want running", got)
	}
}

// While "Do Not Disturb" is on, VirtFusion refuses the delete with 423:
// retryable later, saying why; once it is off, Terminate goes through.
func TestDoNotDisturbDelaysTerminate(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("dnd")
	res := create(t, p, srv, svc)
	svc.RemoteID = res.RemoteID
	panel.SetDoNotDisturb(res.RemoteID, true)

	_, err := p.Terminate(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
	e := sdkError(t, err)
	if e.Kind != sdk.KindRetryable || e.RetryAfter < time.Minute || !strings.Contains(e.Message, "Do Not Disturb") {
		t.Fatalf("Terminate under Do Not Disturb: %v (retry after %s), want retryable in minutes, saying Do Not Disturb", err, e.RetryAfter)
	}
	if panel.State(res.RemoteID) != "running" {
		t.Fatalf("the server is %s after a refused delete", panel.State(res.RemoteID))
	}
	panel.SetDoNotDisturb(res.RemoteID, false)
	if _, err := p.Terminate(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc}); err != nil {
		t.Fatalf("Terminate once Do Not Disturb is off: %v", err)
	}
	if got := panel.State(res.RemoteID); got != "missing" {
		t.Errorf("the server is %s after Terminate, want missing", got)
	}
}
