package main_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/provisioning/provisioningtest"
	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/sdk/sdktest"
	"github.com/ezscale/hostbase/plugins/synergycp/internal/fakescp"
)

func TestMain(m *testing.M) { hbtest.Main(m) }

const pkg = "github.com/ezscale/hostbase/plugins/synergycp"

// stock is a fake panel with n servers matching product.
func stock(t *testing.T, n int) *fakescp.Panel {
	t.Helper()
	f := fakescp.New("walk-key")
	t.Cleanup(f.Close)
	for i := range n {
		f.AddServer(fakescp.Server{Name: fmt.Sprintf("la1-r%02d", i), CPU: "E3-1230", Mem: "16GB",
			Disks: []string{"1TB-HDD"}, IPGroup: "LOC-LA1"})
		f.AddEntity("LOC-LA1", "IPV4-1", fmt.Sprintf("192.0.2.%d", 10+i))
	}
	return f
}

var product = map[string]string{"cpu_billing": "E3-1230", "mem_billing": "16GB", "disks_billing": "1TB-HDD",
	"ip_group_billing": "LOC-LA1", "ips_billing": "IPV4-1", "pxe_profile_billing": "debian-12"}

// TestConformanceThroughTheBinary runs the conformance suite against the
// built plugin, over gRPC, as Hostbase calls it.
func TestConformanceThroughTheBinary(t *testing.T) {
	f := stock(t, 8)
	binary := filepath.Join(provisioningtest.BuildPlugin(t, pkg, "synergycp"), sdk.BinaryPrefix+"synergycp")
	sdktest.Run(t, sdktest.Launch(t, binary), sdktest.Panel{
		Server: sdk.Server{ID: "srv1", Name: "SynergyCP", Config: map[string]string{"url": f.URL, "requests_per_second": "100"},
			Credentials: map[string]string{"api_key": "walk-key"}},
		ProductConfig:    product,
		DeleteBehindBack: f.Delete,
	})
}

// TestTheSynergyCPPluginWalksThroughAServicesLife: paid, a server is
// allocated from stock; unpaid, its access is switched off; paid again,
// on; cancelled, it is wiped back into stock.
func TestTheSynergyCPPluginWalksThroughAServicesLife(t *testing.T) {
	f := stock(t, 2)
	config := map[string]any{}
	for k, v := range product {
		config[k] = v
	}
	provisioningtest.Run(t, provisioningtest.Walk{
		PluginsDir:    provisioningtest.BuildPlugin(t, pkg, "synergycp"),
		Plugin:        "synergycp",
		Endpoint:      f.URL,
		Config:        map[string]any{"requests_per_second": "20"},
		Credentials:   map[string]string{"api_key": "walk-key"},
		ProductConfig: config,
		Hostname:      "walk.example.test",
		State:         f.State,
	})
}
