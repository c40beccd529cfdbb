package virtfusionpanel_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/virtfusion/internal/fakevirtfusion"
	"github.com/ezscale/hostbase/plugins/virtfusion/virtfusionpanel"
)

const token = "vf-test-token"

// fastOptions keep the client's own waits short: a test's Retry-After is
// 1 s at most.
var fastOptions = virtfusionpanel.ClientOptions{BaseBackoff: 5 * time.Millisecond, MaxRetryAfter: 2 * time.Second}

func newPlugin() *virtfusionpanel.Provisioner {
	return virtfusionpanel.New(hclog.NewNullLogger()).WithClientOptions(fastOptions)
}

func serverFor(panel *fakevirtfusion.Panel) sdk.Server {
	return sdk.Server{ID: "vf1", Name: "VirtFusion test",
		Config: map[string]string{"url": panel.URL, "hypervisor_group_id": strconv.Itoa(fakevirtfusion.HypervisorGroup),
			"requests_per_minute": "60000"},
		Credentials: map[string]string{"api_token": token}}
}

func productConfig(pkg int) map[string]string {
	return map[string]string{"package_id": strconv.Itoa(pkg), "os_template_id": strconv.Itoa(fakevirtfusion.TemplateDebian), "ipv4": "1"}
}

var serial int

func newService(name string) sdk.Service {
	serial++
	key := fmt.Sprintf("test-%s-%d-%d", name, time.Now().UnixNano(), serial)
	return sdk.Service{ID: key, IdempotencyKey: key, Hostname: name + ".example.test", ProductConfig: productConfig(fakevirtfusion.PackageSmall),
		Credentials: map[string]string{},
		Customer:    sdk.Customer{ID: "cust-" + name, Email: name + "@example.test", FirstName: "Test", LastName: name}}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

// create runs Create until it is no longer pending, as Hostbase polls.
func create(t *testing.T, p sdk.Provisioner, srv sdk.Server, svc sdk.Service) sdk.CreateResult {
	t.Helper()
	for range 50 {
		res, err := p.Create(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
		if err != nil {
			t.Fatalf("Create: %v", err)
		}
		if !res.Pending {
			return res
		}
	}
	t.Fatal("Create still pending after 50 polls")
	return sdk.CreateResult{}
}
