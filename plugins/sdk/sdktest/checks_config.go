package sdktest

import (
	"context"
	"maps"
	"strings"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// checkMetadata: the metadata is well formed, and the panel's configs are
// valid against the plugin's own schemas, with secrets where Hostbase puts
// them.
func checkMetadata(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	if err := sdk.CheckMetadata(s.meta); err != nil {
		t.Errorf("%v", err)
	}
	secret := map[string]bool{}
	for _, k := range sdk.SecretKeys(s.meta.ServerConfig) {
		secret[k] = true
	}
	for k := range s.panel.Server.Config {
		if secret[k] {
			t.Errorf("server config field %q is secret, so Hostbase sends it in Server.Credentials, not Server.Config: "+
				"move it in the Panel (and make sure the plugin reads it from Credentials)", k)
		}
	}
	for k := range s.panel.Server.Credentials {
		if !secret[k] {
			t.Errorf("Server.Credentials has %q, which is not a secret field of the server config: "+
				"Hostbase sends non-secret settings in Server.Config (mark the field Secret if it is one)", k)
		}
	}
	values := maps.Clone(s.panel.Server.Config)
	if values == nil {
		values = map[string]string{}
	}
	maps.Copy(values, s.panel.Server.Credentials)
	if errs := sdk.ValidateConfig(s.meta.ServerConfig, values); errs != nil {
		t.Errorf("the panel's server config does not pass the plugin's server config schema "+
			"(Hostbase would refuse to save it): %v", errs)
	}
	if errs := sdk.ValidateConfig(s.meta.ProductConfig, s.panel.ProductConfig); errs != nil {
		t.Errorf("the panel's ProductConfig does not pass the plugin's product config schema: %v", errs)
	}
	if s.panel.ChangedProductConfig != nil {
		if errs := sdk.ValidateConfig(s.meta.ProductConfig, s.panel.ChangedProductConfig); errs != nil {
			t.Errorf("the panel's ChangedProductConfig does not pass the plugin's product config schema: %v", errs)
		}
	}
}

// checkTestConnection: TestConnection succeeds with the panel's server and
// says something staff can read.
func checkTestConnection(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	req := s.serverRequest()
	msg, err := call(s, "TestConnection", func(ctx context.Context) (string, error) { return p.TestConnection(ctx, req) })
	if err != nil {
		t.Fatalf("TestConnection with the panel's server failed: %v", err)
	}
	if strings.TrimSpace(msg) == "" {
		t.Errorf("TestConnection succeeded with an empty message: return a line for staff, e.g. \"Connected to Panel 2.1 (3 nodes)\"")
	}
}

// checkWrongCredentials: a wrong value in any secret field makes
// TestConnection fail as invalid config, so that staff are told to mend
// the settings instead of Hostbase retrying forever.
func checkWrongCredentials(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	tried := 0
	for _, key := range sdk.SecretKeys(s.meta.ServerConfig) {
		value := s.panel.Server.Credentials[key]
		if value == "" {
			continue
		}
		tried++
		req := s.serverRequest()
		req.Server.Credentials[key] = "wrong-" + value
		msg, err := call(s, "TestConnection", func(ctx context.Context) (string, error) { return p.TestConnection(ctx, req) })
		switch {
		case err == nil:
			t.Errorf("TestConnection with a wrong %q succeeded (%q): it must check the credentials and fail "+
				"with sdk.InvalidConfig(%q, …); does the test panel check them?", key, msg, key)
		case sdk.KindOf(err) != sdk.KindInvalidConfig:
			t.Errorf("TestConnection with a wrong %q failed as %s (%v), want %s: return sdk.InvalidConfig(%q, …) "+
				"so that staff are told to fix the setting", key, sdk.KindOf(err), err, sdk.KindInvalidConfig, key)
		}
	}
	if tried == 0 {
		t.Skipf("the server config has no secret field with a value to get wrong")
	}
}
