package synergycppanel

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/synergycp/internal/fakescp"
)

const testKey = "admin-key-123"

// stock fills a fake panel with n matching servers in LOC-LA1, an IP
// allocation for each, and one server that matches nothing.
func stock(t *testing.T, n int) *fakescp.Panel {
	t.Helper()
	f := fakescp.New(testKey)
	t.Cleanup(f.Close)
	for i := range n {
		f.AddServer(fakescp.Server{Name: fmt.Sprintf("la1-r%02d", i), CPU: "E3-1230", Mem: "16GB",
			Disks: []string{"1TB-HDD", "1TB-HDD"}, IPGroup: "LOC-LA1"})
		f.AddEntity("LOC-LA1", "IPV4-1", fmt.Sprintf("192.0.2.%d", 10+i))
	}
	f.AddServer(fakescp.Server{Name: "ams-big", CPU: "EPYC-7302", Mem: "128GB", Disks: []string{"2TB-NVME"}, IPGroup: "LOC-AMS1"})
	return f
}

func serverFor(f *fakescp.Panel) sdk.Server {
	return sdk.Server{ID: "srv1", Name: "SynergyCP", Config: map[string]string{keyURL: f.URL, keyRateLimit: "100"},
		Credentials: map[string]string{keyAPIKey: testKey}}
}

func productConfig() map[string]string {
	return map[string]string{keyCPU: "E3-1230", keyMemory: "16GB", keyDisks: "1TB-HDD, 1TB-HDD", keyLocation: "LOC-LA1",
		keyIPs: "IPV4-1", keyOS: "debian-12", keyBandwidth: "10TB"}
}

// newTestProvisioner is the provisioner with short retry waits and a
// quiet log.
func newTestProvisioner() *Provisioner {
	return New(hclog.NewNullLogger()).WithRetry(Retry{Attempts: 3, Backoff: 5 * time.Millisecond, MaxWait: 2 * time.Second})
}

func service(key string) sdk.Service {
	return sdk.Service{ID: "svc-" + key, IdempotencyKey: key, Hostname: key + ".example.test", ProductConfig: productConfig(),
		Customer: sdk.Customer{ID: "cus-1", Email: "buyer@example.test", FirstName: "Bea", LastName: "Buyer", Country: "US"}}
}

func request(f *fakescp.Panel, svc sdk.Service) sdk.ServiceRequest {
	return sdk.ServiceRequest{Server: serverFor(f), Service: svc, CallKey: "call-1", Reason: "Overdue invoice 2026-0042"}
}
