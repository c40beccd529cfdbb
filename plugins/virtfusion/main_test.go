package main_test

import (
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/provisioning/provisioningtest"
	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/sdk/sdktest"
	"github.com/ezscale/hostbase/plugins/virtfusion/internal/fakevirtfusion"
)

func TestMain(m *testing.M) { hbtest.Main(m) }

const token = "vf-binary-token"

// pluginsDir builds the plugin once, as hostbase-provisioner-virtfusion.
func pluginsDir(t *testing.T) string {
	return provisioningtest.BuildPlugin(t, "github.com/ezscale/hostbase/plugins/virtfusion", "virtfusion")
}

func productConfig(pkg int) map[string]string {
	return map[string]string{"package_id": strconv.Itoa(pkg), "os_template_id": strconv.Itoa(fakevirtfusion.TemplateDebian)}
}

// TestConformanceThroughTheBinary runs the conformance suite against the
// built plugin over gRPC, as Hostbase calls it, with the URL given as the
// server's endpoint rather than a setting.
func TestConformanceThroughTheBinary(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 1)
	p := sdktest.Launch(t, filepath.Join(pluginsDir(t), sdk.BinaryPrefix+"virtfusion"))
	sdktest.Run(t, p, sdktest.Panel{
		Server: sdk.Server{ID: "vf", Name: "VirtFusion", Endpoint: panel.URL,
			Config:      map[string]string{"hypervisor_group_id": strconv.Itoa(fakevirtfusion.HypervisorGroup), "requests_per_minute": "60000"},
			Credentials: map[string]string{"api_token": token}},
		ProductConfig:        productConfig(fakevirtfusion.PackageSmall),
		ChangedProductConfig: productConfig(fakevirtfusion.PackageLarge),
		DeleteBehindBack:     panel.DeleteBehindBack,
		PollInterval:         5 * time.Millisecond,
		PollTimeout:          10 * time.Second,
		CallTimeout:          10 * time.Second,
	})
}

// TestAServicesLifeThroughHostbase walks a VPS through the real host and
// job queue: paid and created, suspended by dunning, unsuspended on
// payment, terminated on cancellation, each step checked on the fake.
func TestAServicesLifeThroughHostbase(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	provisioningtest.Run(t, provisioningtest.Walk{
		PluginsDir: pluginsDir(t),
		Plugin:     "virtfusion",
		Endpoint:   panel.URL,
		Config: map[string]any{"url": panel.URL, "hypervisor_group_id": strconv.Itoa(fakevirtfusion.HypervisorGroup),
			"requests_per_minute": "60000"},
		Credentials: map[string]string{"api_token": token},
		ProductConfig: map[string]any{"package_id": strconv.Itoa(fakevirtfusion.PackageSmall),
			"os_template_id": strconv.Itoa(fakevirtfusion.TemplateDebian), "ipv4": "1"},
		Hostname: "walk.example.test",
		State:    panel.State,
	})
}
