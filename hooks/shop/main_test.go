package shop_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/hbtest/stripemock"
)

func TestMain(m *testing.M) { hbtest.Main(m, stripemock.Stop) }

// Fixtures shared with the other packages' tests.
var (
	mk        = hbtest.Make
	token     = hbtest.Token
	decode    = hbtest.Decode
	wantField = hbtest.WantField
)

func seedSettings(app *hbtest.App) error {
	s, err := app.FindFirstRecordByFilter("settings", "id != ''")
	if err != nil {
		return err
	}
	s.Load(map[string]any{"company_name": "Northwind", "company_country": "DE", "company_tax_id": "DE123456789",
		"timezone": "Europe/Berlin", "invoice_days_in_advance": 7, "invoice_number_pattern": "INV-{YYYY}-{SEQ:6}"})
	return app.Save(s)
}

// catalog is a small hosting catalog: two groups (VPS, game servers), VPS
// products sharing an OS choice and a RAM quantity, a backup yes/no, and
// addons. Prices are USD monthly unless said otherwise.
type catalog struct {
	app *hbtest.App

	vpsS, vpsL, vpsHidden, vpsRetired, vpsRegion, game string
	// os (select, required): ubuntu (default, free), windows 1500,
	// secret (hidden). ram (quantity 1..16): 200 + setup 100 per GB.
	// backup (yesno, vpsS only): 300. location: the game's select (eu).
	// region: vpsRegion's required select without a default.
	os, ram, backup, location, region      string
	ubuntu, windows, secret, eu, regionFRA string
	// ipv4 250 + setup 100; cpanel annual only; gameBackup game only;
	// hiddenAddon hidden.
	ipv4, cpanel, gameBackup, hiddenAddon string
}

func newCatalog(t testing.TB) *catalog {
	t.Helper()
	app := hbtest.NewApp(t, hbtest.SeedDir(t, "shop-settings", seedSettings))
	c := &catalog{app: app}
	vps := mk(t, app, "product_groups", map[string]any{"name": "VPS", "slug": "vps"}).Id
	games := mk(t, app, "product_groups", map[string]any{"name": "Game servers", "slug": "games"}).Id
	product := func(slug string, group string, pricing string, extra map[string]any) string {
		f := map[string]any{"name": strings.ToUpper(slug), "slug": slug, "kind": "vps", "group": group, "pricing": pricing}
		for k, v := range extra {
			f[k] = v
		}
		return mk(t, app, "products", f).Id
	}
	c.vpsS = product("vps-s", vps, `{"USD":{"monthly":{"price":1000,"setup":500},"annual":{"price":10000,"setup":0}},"EUR":{"monthly":{"price":900,"setup":0}}}`, map[string]any{"tax_exempt": true})
	c.vpsL = product("vps-l", vps, `{"USD":{"monthly":{"price":3000,"setup":0}}}`, nil)
	c.vpsHidden = product("vps-legacy", vps, `{"USD":{"monthly":{"price":2000,"setup":0}}}`, map[string]any{"hidden": true})
	c.vpsRetired = product("vps-old", vps, `{"USD":{"monthly":{"price":800,"setup":0}}}`, map[string]any{"retired": true})
	c.vpsRegion = product("vps-r", vps, `{"USD":{"monthly":{"price":1000,"setup":0}}}`, nil)
	c.game = product("mc", games, `{"USD":{"monthly":{"price":1500,"setup":0}}}`, map[string]any{"kind": "game"})

	option := func(name, kind string, products []string, extra map[string]any) string {
		f := map[string]any{"name": name, "kind": kind, "products": products}
		for k, v := range extra {
			f[k] = v
		}
		return mk(t, app, "config_options", f).Id
	}
	value := func(option, label, pricing string, extra map[string]any) string {
		f := map[string]any{"option": option, "label": label, "pricing": pricing}
		for k, v := range extra {
			f[k] = v
		}
		return mk(t, app, "config_option_values", f).Id
	}
	c.os = option("OS", "select", []string{c.vpsS, c.vpsL, c.vpsHidden}, map[string]any{"required": true, "sort": 1})
	c.ubuntu = value(c.os, "Ubuntu", `{}`, map[string]any{"is_default": true, "sort": 1})
	c.windows = value(c.os, "Windows", `{"USD":{"monthly":{"price":1500,"setup":0}}}`, map[string]any{"sort": 2})
	c.secret = value(c.os, "Secret", `{"USD":{"monthly":{"price":1,"setup":0}}}`, map[string]any{"hidden": true, "sort": 3})
	c.ram = option("RAM", "quantity", []string{c.vpsS, c.vpsL}, map[string]any{"min_quantity": 1, "max_quantity": 16, "unit": "GB", "sort": 2})
	value(c.ram, "1 GB", `{"USD":{"monthly":{"price":200,"setup":100}},"EUR":{"monthly":{"price":180,"setup":0}}}`, nil)
	c.backup = option("Backups", "yesno", []string{c.vpsS}, map[string]any{"sort": 3})
	value(c.backup, "Daily backups", `{"USD":{"monthly":{"price":300,"setup":0}}}`, nil)
	c.location = option("Location", "select", []string{c.game}, map[string]any{"required": true})
	c.eu = value(c.location, "Europe", `{}`, map[string]any{"is_default": true})
	c.region = option("Region", "select", []string{c.vpsRegion}, map[string]any{"required": true})
	c.regionFRA = value(c.region, "Frankfurt", `{}`, nil)

	addon := func(name, pricing string, products []string, extra map[string]any) string {
		f := map[string]any{"name": name, "pricing": pricing, "products": products}
		for k, v := range extra {
			f[k] = v
		}
		return mk(t, app, "addons", f).Id
	}
	c.ipv4 = addon("Extra IPv4", `{"USD":{"monthly":{"price":250,"setup":100}}}`, []string{c.vpsS, c.vpsL}, nil)
	c.cpanel = addon("cPanel", `{"USD":{"annual":{"price":20000,"setup":0}}}`, []string{c.vpsS}, nil)
	c.gameBackup = addon("World backups", `{"USD":{"monthly":{"price":100,"setup":0}}}`, []string{c.game}, nil)
	c.hiddenAddon = addon("Staff tool", `{"USD":{"monthly":{"price":1,"setup":0}}}`, []string{c.vpsS}, map[string]any{"hidden": true})
	return c
}

func count(t testing.TB, app core.App, collection string) int {
	t.Helper()
	var n int
	if err := app.DB().Select("count(*)").From(collection).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
