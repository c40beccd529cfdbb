package virtfusionpanel_test

import (
	"strconv"
	"testing"

	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/virtfusion/internal/fakevirtfusion"
)

// Settings are checked before any request: a product without a package
// or a server without a group is invalid config, and the panel hears
// nothing.
func TestSettingsCheckedBeforeAnyCall(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("config")
	delete(svc.ProductConfig, "package_id")
	_, err := p.Create(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
	if e := sdkError(t, err); e.Kind != sdk.KindInvalidConfig || e.Field != "package_id" {
		t.Errorf("Create without a package: %v, want invalid config of package_id", err)
	}
	noGroup := serverFor(panel)
	delete(noGroup.Config, "hypervisor_group_id")
	_, err = p.TestConnection(ctx(t), sdk.ServerRequest{Server: noGroup})
	if e := sdkError(t, err); e.Kind != sdk.KindInvalidConfig || e.Field != "hypervisor_group_id" {
		t.Errorf("TestConnection without a group: %v, want invalid config of hypervisor_group_id", err)
	}
	if n := panel.Calls(); n != 0 {
		t.Errorf("the panel received %d requests for invalid settings, want 0", n)
	}

	// An unknown group is caught by TestConnection.
	wrongGroup := serverFor(panel)
	wrongGroup.Config["hypervisor_group_id"] = strconv.Itoa(fakevirtfusion.HypervisorGroup + 5)
	_, err = p.TestConnection(ctx(t), sdk.ServerRequest{Server: wrongGroup})
	if e := sdkError(t, err); e.Kind != sdk.KindInvalidConfig || e.Field != "hypervisor_group_id" {
		t.Errorf("TestConnection with an unknown group: %v, want invalid config of hypervisor_group_id", err)
	}
}

// Staff may paste the API's address instead of the panel's.
func TestURLWithAPIPath(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	srv := serverFor(panel)
	srv.Config["url"] = panel.URL + "/api/v1/"
	if _, err := newPlugin().TestConnection(ctx(t), sdk.ServerRequest{Server: srv}); err != nil {
		t.Fatalf("TestConnection with the URL ending in /api/v1/: %v", err)
	}
}
