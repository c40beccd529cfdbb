package main_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/provisioning/provisioningtest"
	"github.com/ezscale/hostbase/plugins/enhance/internal/fakeenhance"
	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/sdk/sdktest"
)

func TestMain(m *testing.M) { hbtest.Main(m) }

// pluginsDir holds the built plugin, as Hostbase would find it.
func pluginsDir(t *testing.T) string {
	return provisioningtest.BuildPlugin(t, "github.com/ezscale/hostbase/plugins/enhance", "enhance")
}

// TestConformanceThroughTheBinary runs the conformance suite against the
// built plugin, over gRPC, as Hostbase calls it, and the fake panel.
func TestConformanceThroughTheBinary(t *testing.T) {
	f := fakeenhance.New(t)
	p := sdktest.Launch(t, filepath.Join(pluginsDir(t), sdk.BinaryPrefix+"enhance"))
	sdktest.Run(t, p, sdktest.Panel{
		Server: sdk.Server{ID: "srv1", Name: "Enhance test",
			Config:      map[string]string{"url": f.URL, "org_id": fakeenhance.MasterOrg, "rate_limit": "100"},
			Credentials: map[string]string{"api_token": fakeenhance.Token}},
		ProductConfig:        map[string]string{"plan_id": "1"},
		ChangedProductConfig: map[string]string{"plan_id": "2"},
		DeleteBehindBack:     f.DeleteBehindBack,
		PollInterval:         10 * time.Millisecond,
	})
}

// TestWalkThroughAServicesLife: a hosting service paid, suspended by
// dunning, unsuspended by payment and cancelled, through the real host and
// job queue, reaches the fake panel at each step.
func TestWalkThroughAServicesLife(t *testing.T) {
	f := fakeenhance.New(t)
	if !strings.HasPrefix(f.URL, "http://127.0.0.1:") {
		t.Fatalf("the fake panel is at %s, not on loopback", f.URL)
	}
	provisioningtest.Run(t, provisioningtest.Walk{
		PluginsDir:    pluginsDir(t),
		Plugin:        "enhance",
		Endpoint:      f.URL,
		Config:        map[string]any{"org_id": fakeenhance.MasterOrg},
		Credentials:   map[string]string{"api_token": fakeenhance.Token},
		ProductConfig: map[string]any{"plan_id": 1}, // a JSON number reaches the plugin as "1"
		Hostname:      "walk.example.test",
		State:         f.State,
	})
	if got := f.Websites(); len(got) != 0 {
		t.Errorf("websites left after the walk: %v", got)
	}
}
