package pteropanel_test

import (
	"context"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/pterodactyl/internal/fakeptero"
	"github.com/ezscale/hostbase/plugins/pterodactyl/pteropanel"
	"github.com/ezscale/hostbase/plugins/sdk"
)

func init() {
	// Keep the retries' waits short in tests.
	pteropanel.BackoffBase = 10 * time.Millisecond
	pteropanel.RetryAfterCap = 2 * time.Second
}

// server is a server configured against the fake, with a fast rate so
// that the suite's hundreds of calls do not wait a minute.
func server(pn *fakeptero.Panel) sdk.Server {
	return sdk.Server{ID: "ptero-1", Name: "Fake Pterodactyl",
		Config:      map[string]string{"url": pn.URL, "location_ids": "1", "rate_limit_per_minute": "60000"},
		Credentials: map[string]string{"application_api_key": fakeptero.AppKey, "client_api_key": fakeptero.ClientKey}}
}

func productConfig() map[string]string {
	return map[string]string{"nest_id": "1", "egg_id": "5", "memory": "1024", "disk": "5120", "cpu": "100",
		"environment": `{"MINECRAFT_VERSION":"1.20.4"}`}
}

func changedProductConfig() map[string]string {
	return map[string]string{"nest_id": "1", "egg_id": "5", "memory": "2048", "disk": "10240", "cpu": "200"}
}

func request(pn *fakeptero.Panel, key string) sdk.ServiceRequest {
	return sdk.ServiceRequest{Server: server(pn), Service: sdk.Service{ID: "svc-" + key, IdempotencyKey: key, Hostname: key + ".example.test",
		ProductConfig: productConfig(), Customer: sdk.Customer{ID: "cus1", Email: "gamer@example.test", FirstName: "Gamer", LastName: "One"}}}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

// create creates and polls while pending, as Hostbase does.
func create(t *testing.T, p *pteropanel.Provisioner, r sdk.ServiceRequest) sdk.CreateResult {
	t.Helper()
	for range 20 {
		res, err := p.Create(ctx(t), r)
		if err != nil {
			t.Fatalf("Create: %v", err)
		}
		if !res.Pending {
			return res
		}
	}
	t.Fatal("Create still pending after 20 polls")
	return sdk.CreateResult{}
}
