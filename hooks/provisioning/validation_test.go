package provisioning_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

// A server is saved only with settings its plugin accepts: each mistake is
// a 400 naming the field, and nothing is written. What is saved keeps its
// secrets sealed.
func TestServerSettingsMustFitThePluginSchema(t *testing.T) {
	w := newWorld(t)
	root := superuserToken(t, w)
	dir := t.TempDir()
	server := func(name string, fields map[string]any) map[string]any {
		s := map[string]any{"name": name, "plugin": "example", "group": w.group, "enabled": true,
			"config": map[string]any{"directory": dir}, "credentials": `{"api_token":"s3cret-token-42"}`}
		for k, v := range fields {
			s[k] = v
		}
		return s
	}
	for _, c := range []struct {
		name   string
		fields map[string]any
		field  string
	}{
		{"no directory", map[string]any{"config": map[string]any{}}, "config"},
		{"negative build time", map[string]any{"config": map[string]any{"directory": dir, "build_ms": -5}}, "config"},
		{"setting the plugin does not have", map[string]any{"config": map[string]any{"directory": dir, "region": "ams"}}, "config"},
		{"secret in config", map[string]any{"config": map[string]any{"directory": dir, "api_token": "s3cret-token-42"}, "credentials": ""}, "config"},
		{"no token", map[string]any{"credentials": `{}`}, "credentials"},
		{"credentials not an object", map[string]any{"credentials": `"s3cret-token-42"`}, "credentials"},
		{"unknown plugin", map[string]any{"plugin": "nosuchpanel"}, "plugin"},
		{"negative capacity", map[string]any{"capacity": -1}, "capacity"},
	} {
		t.Run(c.name, func(t *testing.T) {
			name := "ams-" + strings.ReplaceAll(c.name, " ", "-")
			code, body := w.app.Do(t, "POST", "/api/collections/servers/records", root, server(name, c.fields))
			hbtest.WantField(t, code, body, c.field)
			if strings.Contains(string(body), "s3cret-token-42") {
				t.Fatalf("the refusal shows the token: %s", body)
			}
			if n := count(t, w.app, collections.Servers, "name = {:n}", dbx.Params{"n": name}); n != 0 {
				t.Fatalf("a refused server was saved")
			}
		})
	}

	code, body := w.app.Do(t, "POST", "/api/collections/servers/records", root, server("ams-2", nil))
	if code != 200 {
		t.Fatalf("a valid server: %d %s", code, body)
	}
	id := hbtest.Decode(t, body)["id"].(string)
	raw := rawColumn(t, w, collections.Servers, "credentials", id)
	if !strings.HasPrefix(raw, "enc:v1:") || strings.Contains(raw, "s3cret-token-42") || strings.Contains(string(body), "s3cret-token-42") {
		t.Fatalf("credentials stored as %q (answer %s), want sealed and never shown", raw, body)
	}

	// An update is checked too, from Go as from the API; the stored server
	// is left as it was.
	rec, err := w.app.FindRecordById(collections.Servers, id)
	if err != nil {
		t.Fatal(err)
	}
	rec.Set("config", map[string]any{"directory": dir, "api_token": "s3cret-token-42"})
	err = w.app.Save(rec)
	var verrs validation.Errors
	if !errors.As(err, &verrs) || verrs["config"] == nil {
		t.Fatalf("saving a secret in config from Go: %v, want a validation error on config", err)
	}
	if got := rawColumn(t, w, collections.Servers, "config", id); strings.Contains(got, "api_token") {
		t.Fatalf("the refused update was written: config %s", got)
	}
}

// A product's provisioner_config must fit its plugin's product schema.
func TestProductProvisionerConfigMustFitThePluginSchema(t *testing.T) {
	w := newWorld(t)
	root := superuserToken(t, w)
	vps, err := w.app.FindRecordById(collections.Products, w.product)
	if err != nil {
		t.Fatal(err)
	}
	product := func(slug, config string) map[string]any {
		return map[string]any{"name": "VPS " + slug, "slug": slug, "kind": "vps", "group": vps.GetString("group"), "provisioner": "example",
			"provisioner_config": config, "server_group": w.group, "auto_setup": "on_payment", "pricing": `{"USD":{"monthly":{"price":2999,"setup":0}}}`}
	}
	for slug, config := range map[string]string{
		"vps-huge":    `{"plan":"huge"}`,
		"vps-tiny":    `{"plan":"small","memory_mb":64}`,
		"vps-typo":    `{"plan":"small","memroy_mb":4096}`,
		"vps-list":    `["small"]`,
		"vps-nested":  `{"plan":{"name":"small"}}`,
		"vps-windows": `{"plan":"small","os":"windows-11"}`,
	} {
		code, body := w.app.Do(t, "POST", "/api/collections/products/records", root, product(slug, config))
		hbtest.WantField(t, code, body, "provisioner_config")
		if n := count(t, w.app, collections.Products, "slug = {:s}", dbx.Params{"s": slug}); n != 0 {
			t.Fatalf("%s: the refused product was saved", slug)
		}
	}
	code, body := w.app.Do(t, "PATCH", "/api/collections/products/records/"+w.product, root, map[string]any{"provisioner_config": `{"plan":"huge"}`})
	hbtest.WantField(t, code, body, "provisioner_config")
	if got := rawColumn(t, w, collections.Products, "provisioner_config", w.product); strings.Contains(got, "huge") {
		t.Fatalf("the refused update was written: %s", got)
	}
	if code, body := w.app.Do(t, "POST", "/api/collections/products/records", root, product("vps-l", `{"plan":"large","memory_mb":8192}`)); code != 200 {
		t.Fatalf("a valid product: %d %s", code, body)
	}
}

// settings.provisioning is refused with a typo or a value out of range,
// and the settings stay as they were.
func TestProvisioningSettingsAreChecked(t *testing.T) {
	w := newWorld(t)
	root := superuserToken(t, w)
	rec, err := w.app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/collections/settings/records/" + rec.Id
	before := rawColumn(t, w, collections.Settings, "provisioning", rec.Id)
	for name, policy := range map[string]map[string]any{
		"unknown key":      {"max_attempts": 3, "max_atempts": 5},
		"no attempts":      {"max_attempts": 0},
		"too many":         {"max_attempts": 1000},
		"backoff inverted": {"backoff_seconds": 600, "backoff_max_seconds": 60},
		"refund how":       {"auto_refund_unfulfillable": "cheque"},
		"apply as text":    {"reconcile_apply": "yes"},
	} {
		code, body := w.app.Do(t, "PATCH", path, root, map[string]any{"provisioning": policy})
		if code != 400 {
			t.Fatalf("%s: %d %s", name, code, body)
		}
		hbtest.WantField(t, code, body, "provisioning")
		if got := rawColumn(t, w, collections.Settings, "provisioning", rec.Id); got != before {
			t.Fatalf("%s: settings.provisioning became %s", name, got)
		}
	}
	// From Go as well.
	rec.Set("provisioning", `{"max_attempts":0}`)
	if err := w.app.Save(rec); err == nil {
		t.Fatal("saved max_attempts 0 from Go")
	}
	code, body := w.app.Do(t, "PATCH", path, root, map[string]any{"provisioning": map[string]any{"max_attempts": 5, "reconcile_apply": true}})
	if code != 200 {
		t.Fatalf("valid settings: %d %s", code, body)
	}
	if got := rawColumn(t, w, collections.Settings, "provisioning", rec.Id); !strings.Contains(got, `"reconcile_apply":true`) {
		t.Fatalf("settings.provisioning %s", got)
	}
}

// A server whose plugin is gone can still be renamed or disabled: only a
// change to its plugin settings is checked against the plugin.
func TestAServerOfAMissingPluginCanStillBeDisabled(t *testing.T) {
	w := newWorld(t)
	srv, err := collections.FindServer(w.app, w.server)
	if err != nil {
		t.Fatal(err)
	}
	srv.SetPlugin("gone")
	if err := w.app.UnsafeWithoutHooks().Save(srv); err != nil {
		t.Fatal(err)
	}
	if srv, err = collections.FindServer(w.app, w.server); err != nil {
		t.Fatal(err)
	}
	srv.SetEnabled(false)
	srv.SetName("ams-1 (retired)")
	if err := w.app.Save(srv); err != nil {
		t.Fatalf("disabling a server of a missing plugin: %v", err)
	}
	srv.SetConfig(map[string]any{"directory": w.panelDir, "max_servers": 3})
	if err := w.app.Save(srv); err == nil {
		t.Fatal("a config change was saved without its plugin to check it")
	}
}
