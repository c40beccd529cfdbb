package enhancepanel

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/enhance/internal/fakeenhance"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// quiet is a provisioner that logs nowhere.
func quiet() *Provisioner {
	return New(hclog.New(&hclog.LoggerOptions{Output: io.Discard}))
}

// serverFor is a server configured against the fake panel.
func serverFor(f *fakeenhance.Panel) sdk.Server {
	return sdk.Server{ID: "srv1", Name: "Enhance test",
		Config:      map[string]string{keyURL: f.URL, keyOrgID: fakeenhance.MasterOrg, keyRateLimit: "100"},
		Credentials: map[string]string{keyAPIToken: fakeenhance.Token}}
}

// service is a service to provision on the fake panel.
func service(key string) sdk.Service {
	return sdk.Service{ID: "svc-" + key, IdempotencyKey: key, Domain: key + ".example.com", Hostname: key + ".example.com",
		ProductConfig: map[string]string{keyPlanID: "1"},
		Customer:      sdk.Customer{ID: "cus1", Email: "jane@example.com", FirstName: "Jane", LastName: "Doe"}}
}

func request(f *fakeenhance.Panel, svc sdk.Service) sdk.ServiceRequest {
	return sdk.ServiceRequest{Server: serverFor(f), Service: svc, CallKey: "call-" + svc.IdempotencyKey}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

// fastRetries shortens the client's waits for the test.
func fastRetries(t *testing.T) {
	oldBase, oldMax := baseBackoff, maxRetryWait
	baseBackoff, maxRetryWait = 10*time.Millisecond, 2*time.Second
	t.Cleanup(func() { baseBackoff, maxRetryWait = oldBase, oldMax })
}
