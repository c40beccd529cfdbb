package demo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks"
	"github.com/ezscale/hostbase/hooks/demo"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/provisioning"
	"github.com/ezscale/hostbase/plugins/enhance/enhancepanel"
	"github.com/ezscale/hostbase/plugins/example/examplepanel"
	"github.com/ezscale/hostbase/plugins/host"
	"github.com/ezscale/hostbase/plugins/pterodactyl/pteropanel"
	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/synergycp/synergycppanel"
	"github.com/ezscale/hostbase/plugins/virtfusion/virtfusionpanel"
)

// quiet keeps the plugins' call logs out of the test output.
var quiet = hclog.NewNullLogger()

// settingsOf is a product's provisioner_config as the plugin receives it:
// every value a string.
func settingsOf(t *testing.T, p *collections.Product) map[string]string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(p.ProvisionerConfigJSON()))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		t.Fatalf("%s: provisioner_config: %v", p.Slug(), err)
	}
	out := map[string]string{}
	for k, v := range raw {
		out[k] = fmt.Sprint(v)
	}
	return out
}

// TestDemoOptionsFitThePluginsSchemas seeds the demo with every built-in
// plugin loaded, so that each product's settings are checked against its
// plugin's schema on save, then checks that every choice a customer can
// make, added to the product's settings as the provisioning host does,
// still fits that schema: no key the plugin does not know, no value it
// refuses. Pterodactyl refuses unknown keys outright, so an unknown option
// key would fail every order of its products.
func TestDemoOptionsFitThePluginsSchemas(t *testing.T) {
	plugins := host.InProcess(examplepanel.New(quiet), virtfusionpanel.New(quiet), pteropanel.New(quiet), synergycppanel.New(quiet), enhancepanel.New(quiet))
	app := hbtest.NewAppWith(t, "", hooks.Deps{Plugins: plugins, Workers: -1})
	if _, err := demo.Seed(app, demo.Options{Now: seedNow}); err != nil {
		t.Fatalf("seed with the plugins' checks on: %v", err)
	}

	options, err := app.FindAllRecords(collections.ConfigOptions)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, r := range options {
		o := collections.WrapConfigOption(r)
		if o.ProvisionerKey() == "" {
			continue
		}
		values, err := app.FindAllRecords(collections.ConfigOptionValues, dbx.HashExp{collections.ConfigOptionValueFields.Option: o.Id})
		if err != nil {
			t.Fatal(err)
		}
		var choices []string
		for _, v := range values {
			choices = append(choices, collections.WrapConfigOptionValue(v).ProvisionerValue())
		}
		for _, pid := range o.ProductIDs() {
			p, err := collections.FindProduct(app, pid)
			if err != nil {
				t.Fatal(err)
			}
			meta, err := plugins.Metadata(context.Background(), p.Provisioner())
			if err != nil {
				t.Fatal(err)
			}
			for _, choice := range choices {
				config := settingsOf(t, p)
				config[o.ProvisionerKey()] = choice
				if errs := sdk.ValidateConfig(meta.ProductConfig, config); errs != nil {
					t.Errorf("%s on %s: %s = %q: %v", o.Name(), p.Slug(), o.ProvisionerKey(), choice, errs)
				}
				checked++
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d choices checked", checked)
	}
}

// TestDemoOrderProvisionsOnTheExamplePanel seeds the demo on the example
// panel, orders a Cloud VPS S with 8 GB of RAM, Debian and two IPv4
// addresses through the checkout as the demo customer, pays it, and runs
// the provisioning jobs: the server exists in the panel's directory with
// the memory chosen, and the service is active.
func TestDemoOrderProvisionsOnTheExamplePanel(t *testing.T) {
	dir := t.TempDir()
	app := hbtest.NewAppWith(t, "", hooks.Deps{Plugins: host.InProcess(examplepanel.New(quiet)), Workers: -1})
	app.Settings().RateLimits.Enabled = false
	if _, err := demo.Seed(app, demo.Options{Now: seedNow, ExamplePanelDir: dir}); err != nil {
		t.Fatal(err)
	}
	vps, err := app.FindFirstRecordByData(collections.Products, collections.ProductFields.Slug, "cloud-vps-s")
	if err != nil {
		t.Fatal(err)
	}
	if vps.GetString(collections.ProductFields.Provisioner) != "example" {
		t.Fatalf("Cloud VPS S is provisioned by %q", vps.GetString(collections.ProductFields.Provisioner))
	}
	choose := func(option, label string) (string, string) {
		t.Helper()
		o, err := app.FindFirstRecordByData(collections.ConfigOptions, collections.ConfigOptionFields.Name, option)
		if err != nil {
			t.Fatal(err)
		}
		v, err := app.FindFirstRecordByFilter(collections.ConfigOptionValues, "option = {:o} && label = {:l}", dbx.Params{"o": o.Id, "l": label})
		if err != nil {
			t.Fatalf("%s: %s: %v", option, label, err)
		}
		return o.Id, v.Id
	}
	ram, ram8 := choose("RAM", "8 GB")
	osOpt, debian := choose("Operating System", "Debian 12")
	ipv4, two := choose("IPv4 addresses", "2 IPv4")

	customer, err := app.FindAuthRecordByEmail(collections.Customers, demo.CustomerEmail)
	if err != nil {
		t.Fatal(err)
	}
	body := map[string]any{"currency": "USD", "gateway": "manual", "accept_terms": true, "idempotency_key": "demo-order-1",
		"items": []any{map[string]any{"product": vps.Id, "cycle": "monthly", "hostname": "vps1.example.com",
			"options": map[string]any{ram: ram8, osOpt: debian, ipv4: two}}}}
	code, raw := app.Do(t, "POST", "/api/hb/checkout", hbtest.Token(t, customer), body)
	if code != 201 {
		t.Fatalf("checkout: %d %s", code, raw)
	}
	var placed struct {
		Order   string `json:"order"`
		Invoice string `json:"invoice"`
	}
	_ = json.Unmarshal(raw, &placed)
	inv, err := collections.FindInvoice(app, placed.Invoice)
	if err != nil {
		t.Fatal(err)
	}
	err = app.RunInTransaction(func(tx core.App) error {
		_, err := payments.RecordPayment(tx, payments.Payment{Gateway: "manual", Ref: "bank-1", Invoice: inv.Id, Amount: inv.AmountDue(),
			Currency: inv.Currency(), Note: "bank transfer", Now: types.NowDateTime()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := provisioning.QueueOf(app).RunDue(context.Background()); err != nil {
		t.Fatal(err)
	}

	svc, err := app.FindFirstRecordByData(collections.Services, collections.ServiceFields.Order, placed.Order)
	if err != nil {
		t.Fatal(err)
	}
	s := collections.WrapService(svc)
	if s.Status() != collections.ServiceStatusActive || s.RemoteID() == "" {
		jobs, _ := app.FindAllRecords(collections.ProvisioningJobs)
		for _, j := range jobs {
			t.Logf("job %s %s: %s", j.GetString("action"), j.GetString("status"), j.GetString("last_error"))
		}
		t.Fatalf("service is %s (remote %q), want active on the panel", s.Status(), s.RemoteID())
	}
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("the panel's directory holds %v (%v)", files, err)
	}
	found := false
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err == nil && strings.Contains(string(b), "8192") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no server in the panel has the 8192 MB chosen: %v", files)
	}
}
