package enhancepanel

import (
	"testing"

	"github.com/ezscale/hostbase/plugins/enhance/internal/fakeenhance"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// Settings are checked before any request, each failure naming its field.
func TestServerSettingsAreCheckedBeforeACall(t *testing.T) {
	f := fakeenhance.New(t)
	for _, c := range []struct {
		name  string
		edit  func(*sdk.Server)
		field string
	}{
		{"no token", func(s *sdk.Server) { delete(s.Credentials, keyAPIToken) }, keyAPIToken},
		{"org id not a uuid", func(s *sdk.Server) { s.Config[keyOrgID] = "master" }, keyOrgID},
		{"no URL and no endpoint", func(s *sdk.Server) { delete(s.Config, keyURL) }, keyURL},
		{"rate out of bounds", func(s *sdk.Server) { s.Config[keyRateLimit] = "0" }, keyRateLimit},
	} {
		srv := serverFor(f)
		c.edit(&srv)
		_, err := quiet().TestConnection(ctx(t), sdk.ServerRequest{Server: srv})
		if e := sdk.AsError(err); e == nil || e.Kind != sdk.KindInvalidConfig || e.Field != c.field {
			t.Errorf("%s: %v, want invalid config on %s", c.name, err, c.field)
		}
	}
	if n := len(f.Requests()); n != 0 {
		t.Errorf("the panel saw %d requests for settings that were wrong", n)
	}
}

// The server's endpoint stands in for an empty URL setting.
func TestEndpointStandsInForTheURL(t *testing.T) {
	f := fakeenhance.New(t)
	srv := serverFor(f)
	delete(srv.Config, keyURL)
	srv.Endpoint = f.URL + "/api"
	if _, err := quiet().TestConnection(ctx(t), sdk.ServerRequest{Server: srv}); err != nil {
		t.Fatalf("TestConnection with the endpoint only: %v", err)
	}
}

// An organisation id the panel does not know is the settings' fault.
func TestUnknownOrganisationIsInvalidConfig(t *testing.T) {
	f := fakeenhance.New(t)
	srv := serverFor(f)
	srv.Config[keyOrgID] = "00000000-0000-4000-8000-00000000ffff"
	_, err := quiet().TestConnection(ctx(t), sdk.ServerRequest{Server: srv})
	if e := sdk.AsError(err); e == nil || e.Kind != sdk.KindInvalidConfig || e.Field != keyOrgID {
		t.Errorf("TestConnection with an unknown organisation: %v, want invalid config on %s", err, keyOrgID)
	}
}
