package main_test

import (
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/provisioning/provisioningtest"
	"github.com/ezscale/hostbase/plugins/pterodactyl/internal/fakeptero"
	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/sdk/sdktest"
)

func TestMain(m *testing.M) { hbtest.Main(m) }

const pkg = "github.com/ezscale/hostbase/plugins/pterodactyl"

// TestConformanceThroughTheBinary runs the SDK's suite against the built
// plugin over gRPC, as Hostbase calls it, on the fake panel.
func TestConformanceThroughTheBinary(t *testing.T) {
	pn := fakeptero.New(t)
	dir := provisioningtest.BuildPlugin(t, pkg, "pterodactyl")
	p := sdktest.Launch(t, dir+"/"+sdk.BinaryPrefix+"pterodactyl")
	sdktest.Run(t, p, sdktest.Panel{
		Server: sdk.Server{ID: "ptero-bin", Name: "Fake Pterodactyl", Endpoint: pn.URL,
			Config:      map[string]string{"location_ids": "1", "rate_limit_per_minute": "60000"},
			Credentials: map[string]string{"application_api_key": fakeptero.AppKey, "client_api_key": fakeptero.ClientKey}},
		ProductConfig:        map[string]string{"nest_id": "1", "egg_id": "5", "memory": "1024", "disk": "5120"},
		ChangedProductConfig: map[string]string{"nest_id": "1", "egg_id": "5", "memory": "2048", "disk": "10240"},
		DeleteBehindBack:     pn.DeleteBehindBack,
		PollInterval:         5 * time.Millisecond,
		PollTimeout:          5 * time.Second,
	})
}

// TestAGameServerWalksThroughAServicesLife: paid, the service is created
// on the panel; unpaid, suspended; paid again, unsuspended; cancelled,
// deleted: through the real host, job queue and the plugin's process.
func TestAGameServerWalksThroughAServicesLife(t *testing.T) {
	pn := fakeptero.New(t)
	// The walk runs each step's jobs once, so the egg installs at once
	// rather than over several Create polls.
	pn.SetInstall(-1, false)
	provisioningtest.Run(t, provisioningtest.Walk{
		PluginsDir:    provisioningtest.BuildPlugin(t, pkg, "pterodactyl"),
		Plugin:        "pterodactyl",
		Endpoint:      pn.URL,
		Config:        map[string]any{"location_ids": "1"},
		Credentials:   map[string]string{"application_api_key": fakeptero.AppKey},
		ProductConfig: map[string]any{"nest_id": "1", "egg_id": "5", "memory": "1024", "disk": "5120"},
		Hostname:      "mc.walk.test",
		State:         pn.State,
	})
	if n := pn.UsersWithEmail("walk@example.com"); n != 1 {
		t.Errorf("the panel has %d users with the customer's email, want 1", n)
	}
}
