package shop_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/shop"
)

func TestPriceItemSumsProductOptionsAndAddons(t *testing.T) {
	c := newCatalog(t)
	got, err := shop.PriceItem(c.app, shop.ItemRequest{Product: c.vpsS, Cycle: money.Monthly, Currency: "USD",
		Options: map[string]any{c.os: c.windows, c.ram: json.Number("4"), c.backup: true}, Addons: []string{c.ipv4}})
	if err != nil {
		t.Fatal(err)
	}
	// 1000 product + 1500 Windows + 4 × 200 RAM + 300 backups;
	// setup 500 product + 4 × 100 RAM.
	want := billing.CartItem{Product: c.vpsS, ProductName: "VPS-S", Cycle: money.Monthly, Price: 3600, Setup: 900, TaxExempt: true,
		Addons: []billing.CartAddon{{Addon: c.ipv4, Description: "Extra IPv4", Quantity: 1, Price: 250, Setup: 100}}}
	if !reflect.DeepEqual(got.Item, want) {
		t.Fatalf("item\n got %+v\nwant %+v", got.Item, want)
	}
	if wantCfg := map[string]any{c.os: c.windows, c.ram: int64(4), c.backup: true}; !reflect.DeepEqual(got.Config, wantCfg) {
		t.Fatalf("config %v, want %v", got.Config, wantCfg)
	}

	// A Go caller's plain int counts as well as JSON's number.
	if got, err := shop.PriceItem(c.app, shop.ItemRequest{Product: c.vpsS, Cycle: money.Monthly, Currency: "USD", Options: map[string]any{c.ram: 2}}); err != nil || got.Item.Price != 1400 {
		t.Fatalf("ram 2 as an int: %+v %v", got.Item, err)
	}
}

func TestPriceItemPicksDefaults(t *testing.T) {
	c := newCatalog(t)
	got, err := shop.PriceItem(c.app, shop.ItemRequest{Product: c.vpsS, Cycle: money.Monthly, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	// Ubuntu (the default, free), 1 GB (min_quantity), no backups.
	if got.Item.Price != 1200 || got.Item.Setup != 600 || len(got.Item.Addons) != 0 {
		t.Fatalf("defaults: %+v", got.Item)
	}
	if want := map[string]any{c.os: c.ubuntu, c.ram: int64(1), c.backup: false}; !reflect.DeepEqual(got.Config, want) {
		t.Fatalf("config %v, want %v", got.Config, want)
	}

	// Another currency and cycle take their own prices.
	eur, err := shop.PriceItem(c.app, shop.ItemRequest{Product: c.vpsS, Cycle: money.Monthly, Currency: "EUR", Options: map[string]any{c.ram: 2}})
	if err != nil || eur.Item.Price != 900+360 || eur.Item.Setup != 0 {
		t.Fatalf("EUR: %+v %v", eur.Item, err)
	}

	// Staff may price what customers cannot see.
	staff, err := shop.PriceItem(c.app, shop.ItemRequest{Product: c.vpsHidden, Cycle: money.Monthly, Currency: "USD",
		Options: map[string]any{c.os: c.secret}, AllowHidden: true})
	if err != nil || staff.Item.Price != 2001 {
		t.Fatalf("staff, hidden product and value: %+v %v", staff.Item, err)
	}
	if got, err := shop.PriceItem(c.app, shop.ItemRequest{Product: c.vpsS, Cycle: money.Monthly, Currency: "USD", Addons: []string{c.hiddenAddon}, AllowHidden: true}); err != nil || len(got.Item.Addons) != 1 {
		t.Fatalf("staff, hidden addon: %+v %v", got.Item, err)
	}
}

func TestPriceItemRefusesBadInputNamingTheField(t *testing.T) {
	c := newCatalog(t)
	req := func(mod func(r *shop.ItemRequest)) shop.ItemRequest {
		r := shop.ItemRequest{Product: c.vpsS, Cycle: money.Monthly, Currency: "USD", Index: 2}
		mod(&r)
		return r
	}
	opts := func(m map[string]any) func(r *shop.ItemRequest) {
		return func(r *shop.ItemRequest) { r.Options = m }
	}
	addons := func(ids ...string) func(r *shop.ItemRequest) {
		return func(r *shop.ItemRequest) { r.Addons = ids }
	}
	cases := []struct {
		name, field, code string
		req               shop.ItemRequest
	}{
		{"no product", "items.2.product", "validation_required", req(func(r *shop.ItemRequest) { r.Product = "" })},
		{"unknown product", "items.2.product", "validation_not_found", req(func(r *shop.ItemRequest) { r.Product = "nosuchproduct12" })},
		{"hidden product for a customer", "items.2.product", "validation_not_found", req(func(r *shop.ItemRequest) { r.Product = c.vpsHidden })},
		{"retired product", "items.2.product", "validation_retired", req(func(r *shop.ItemRequest) { r.Product = c.vpsRetired; r.AllowHidden = true })},
		{"not a cycle", "items.2.cycle", "validation_invalid_cycle", req(func(r *shop.ItemRequest) { r.Cycle = "weekly" })},
		{"cycle not offered", "items.2.cycle", "validation_not_offered", req(func(r *shop.ItemRequest) { r.Cycle = money.Quarterly })},
		{"not a currency", "currency", "validation_unknown_currency", req(func(r *shop.ItemRequest) { r.Currency = "XXQ" })},
		{"value not priced in the currency", "items.2.options." + c.os, "validation_not_offered", req(func(r *shop.ItemRequest) {
			r.Currency = "EUR"
			r.Options = map[string]any{c.os: c.windows}
		})},
		{"unknown option", "items.2.options.nosuchoption12", "validation_unknown_option", req(opts(map[string]any{"nosuchoption12": "x"}))},
		{"another product's option", "items.2.options." + c.location, "validation_unknown_option", req(opts(map[string]any{c.location: c.eu}))},
		{"another option's value", "items.2.options." + c.os, "validation_unknown_value", req(opts(map[string]any{c.os: c.eu}))},
		{"hidden value for a customer", "items.2.options." + c.os, "validation_unknown_value", req(opts(map[string]any{c.os: c.secret}))},
		{"select given a number", "items.2.options." + c.os, "validation_invalid", req(opts(map[string]any{c.os: json.Number("1")}))},
		{"required select without default", "items.2.options." + c.region, "validation_required", req(func(r *shop.ItemRequest) { r.Product = c.vpsRegion })},
		{"quantity below min", "items.2.options." + c.ram, "validation_out_of_range", req(opts(map[string]any{c.ram: json.Number("0")}))},
		{"negative quantity", "items.2.options." + c.ram, "validation_out_of_range", req(opts(map[string]any{c.ram: -1}))},
		{"quantity above max", "items.2.options." + c.ram, "validation_out_of_range", req(opts(map[string]any{c.ram: json.Number("17")}))},
		{"fractional quantity", "items.2.options." + c.ram, "validation_not_integer", req(opts(map[string]any{c.ram: json.Number("2.5")}))},
		{"quantity as a string", "items.2.options." + c.ram, "validation_not_integer", req(opts(map[string]any{c.ram: "4"}))},
		{"yesno given a string", "items.2.options." + c.backup, "validation_not_bool", req(opts(map[string]any{c.backup: "yes"}))},
		{"unknown addon", "items.2.addons.0", "validation_not_found", req(addons("nosuchaddon123"))},
		{"hidden addon for a customer", "items.2.addons.0", "validation_not_found", req(addons(c.hiddenAddon))},
		{"addon of another product", "items.2.addons.0", "validation_not_for_product", req(addons(c.gameBackup))},
		{"addon not priced for the cycle", "items.2.addons.1", "validation_not_offered", req(addons(c.ipv4, c.cpanel))},
		{"addon twice", "items.2.addons.1", "validation_duplicate", req(addons(c.ipv4, c.ipv4))},
	}
	for _, tc := range cases {
		got, err := shop.PriceItem(c.app, tc.req)
		var ce *billing.CartError
		if !errors.As(err, &ce) {
			t.Errorf("%s: want a CartError on %s, got %+v, %v", tc.name, tc.field, got, err)
			continue
		}
		if ce.Field != tc.field || ce.Code != tc.code || ce.Message == "" {
			t.Errorf("%s: got %s %s %q, want %s %s", tc.name, ce.Field, ce.Code, ce.Message, tc.field, tc.code)
		}
	}
}
