package synergycppanel

import (
	"context"
	"errors"
	"testing"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// The API URL falls back to the server's endpoint; with neither, the
// setting is named.
func TestURLFromEndpoint(t *testing.T) {
	f := stock(t, 1)
	p := newTestProvisioner()
	srv := serverFor(f)
	delete(srv.Config, keyURL)
	srv.Endpoint = f.URL + "/"
	if _, err := p.TestConnection(context.Background(), sdk.ServerRequest{Server: srv}); err != nil {
		t.Errorf("TestConnection through the endpoint: %v", err)
	}
	srv.Endpoint = ""
	_, err := p.TestConnection(context.Background(), sdk.ServerRequest{Server: srv})
	var e *sdk.Error
	if !errors.As(err, &e) || e.Kind != sdk.KindInvalidConfig || e.Field != keyURL {
		t.Errorf("TestConnection without a URL: %v, want invalid config of %s", err, keyURL)
	}
	srv.Config[keyURL] = "ftp://panel"
	if _, err := p.TestConnection(context.Background(), sdk.ServerRequest{Server: srv}); sdk.KindOf(err) != sdk.KindInvalidConfig {
		t.Errorf("TestConnection with an ftp URL: %v, want invalid config", err)
	}
	if f.Calls("GET server") != 1 {
		t.Errorf("the panel saw %d calls, want only the one with a good URL", f.Calls("GET server"))
	}
}

// A 2xx with an empty body is success with no data.
func TestEmptySuccessBody(t *testing.T) {
	f := stock(t, 1)
	p := newTestProvisioner()
	r := request(f, service("svc-empty"))
	created(t, p, &r)
	f.FailOn("PATCH server/"+r.Service.RemoteID+"/ipmi", 204, "", "")
	if _, err := p.RunClientAction(context.Background(), sdk.ClientActionRequest{ServiceRequest: r, Action: "reset"}); err != nil {
		t.Errorf("a 204 from the IPMI endpoint: %v", err)
	}
}
