package shop_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// list reads a collection through the API as tok ("" for a visitor) and
// returns its items.
func list(t *testing.T, c *catalog, tok, collection string) []map[string]any {
	t.Helper()
	code, raw := c.app.Do(t, "GET", "/api/collections/"+collection+"/records?perPage=200", tok, nil)
	if code != 200 {
		t.Fatalf("list %s: %d %s", collection, code, raw)
	}
	var page struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(raw, &page); err != nil {
		t.Fatal(err)
	}
	return page.Items
}

func ids(items []map[string]any) map[string]bool {
	out := map[string]bool{}
	for _, it := range items {
		out[it["id"].(string)] = true
	}
	return out
}

// TestVisitorReadsTheCatalogTheShopShowsAndNothingPrivate checks the rules
// the storefront relies on: a visitor lists what is for sale, with its
// stock, and never the hidden products, options and addons, a product's
// provisioner settings, coupons, or anyone's orders.
func TestVisitorReadsTheCatalogTheShopShowsAndNothingPrivate(t *testing.T) {
	c := newCatalog(t)
	mk(t, c.app, "product_groups", map[string]any{"name": "Staff only", "slug": "staff-only", "hidden": true})
	tracked := mk(t, c.app, "products", map[string]any{"name": "Box", "slug": "box", "kind": "dedicated", "group": list(t, c, "", "product_groups")[0]["id"],
		"pricing": `{"USD":{"monthly":{"price":9000,"setup":0}}}`, "track_stock": true, "stock": 3, "provisioner": "example",
		"provisioner_config": map[string]any{"secret_plan": "gold"}}).Id
	mk(t, c.app, "announcements", map[string]any{"title": "We launched", "slug": "launch", "body": "Hello", "published": true})
	mk(t, c.app, "announcements", map[string]any{"title": "Draft", "slug": "draft", "body": "Soon", "published": false})
	mk(t, c.app, "coupons", map[string]any{"code": "SECRET50", "kind": "percent", "percent_bp": 5000, "active": true})
	alice := mk(t, c.app, "customers", map[string]any{"name": "Alice", "email": "alice@example.com", "country": "US"})
	mk(t, c.app, "orders", map[string]any{"customer": alice.Id, "status": "pending", "currency": "USD", "total": 100})

	groups := list(t, c, "", "product_groups")
	if len(groups) != 2 {
		t.Fatalf("a visitor sees %d groups, want the 2 not hidden", len(groups))
	}
	products := list(t, c, "", "products")
	got := ids(products)
	if !got[c.vpsS] || !got[c.vpsL] || !got[c.game] || !got[tracked] || got[c.vpsHidden] || got[c.vpsRetired] {
		t.Fatalf("a visitor lists products %v", got)
	}
	for _, p := range products {
		if _, ok := p["provisioner_config"]; ok {
			t.Fatalf("a visitor sees provisioner settings: %v", p)
		}
		for _, f := range []string{"pricing", "stock", "track_stock", "requires_hostname", "group"} {
			if _, ok := p[f]; !ok {
				t.Fatalf("the shop needs %s: %v", f, p)
			}
		}
		if p["id"] == tracked && (p["stock"] != float64(3) || p["track_stock"] != true) {
			t.Fatalf("tracked stock: %v", p)
		}
	}
	code, raw := c.app.Do(t, "GET", "/api/collections/products/records/"+tracked, "", nil)
	if code != 200 || strings.Contains(string(raw), "secret_plan") {
		t.Fatalf("a visitor views a product: %d %s", code, raw)
	}

	options := ids(list(t, c, "", "config_options"))
	if !options[c.os] || !options[c.ram] || !options[c.backup] {
		t.Fatalf("options %v", options)
	}
	values := ids(list(t, c, "", "config_option_values"))
	if !values[c.ubuntu] || !values[c.windows] || values[c.secret] {
		t.Fatalf("option values %v: the hidden one must not show", values)
	}
	addons := ids(list(t, c, "", "addons"))
	if !addons[c.ipv4] || !addons[c.cpanel] || addons[c.hiddenAddon] {
		t.Fatalf("addons %v: the hidden one must not show", addons)
	}
	if cur := list(t, c, "", "currencies"); len(cur) != 1 || cur[0]["code"] != "USD" {
		t.Fatalf("currencies %v", cur)
	}
	if ann := list(t, c, "", "announcements"); len(ann) != 1 || ann[0]["slug"] != "launch" {
		t.Fatalf("announcements %v: the draft must not show", ann)
	}

	for _, private := range []string{"coupons", "orders", "services", "invoices", "customers", "servers"} {
		code, raw := c.app.Do(t, "GET", "/api/collections/"+private+"/records", "", nil)
		if code == 200 {
			var page struct {
				Items []any `json:"items"`
			}
			_ = json.Unmarshal(raw, &page)
			if len(page.Items) != 0 {
				t.Fatalf("a visitor lists %s: %s", private, raw)
			}
		} else if code != 403 {
			t.Fatalf("a visitor lists %s: %d %s", private, code, raw)
		}
	}
}
