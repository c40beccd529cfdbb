package pb_migrations

import "github.com/pocketbase/pocketbase/core"

const slugPattern = `^[a-z0-9]+(?:-[a-z0-9]+)*$`

// Rendered HTML is produced by our hooks from the markdown source; the API
// never accepts it from a client, so it cannot carry a script.
const noRenderedHTML = `@request.body.description_html:isset = false`

var catalogSchema = []collectionSpec{
	{
		name: "currencies",
		fields: []core.Field{
			currencyCode("code", true),
			text("name", 100),
			text("symbol", 10),
			boolean("symbol_after"),
			integer("decimals", &zero, ptr(4)),
			&core.NumberField{Name: "rate_nano", OnlyInt: true, Min: ptr(1), Required: true,
				Help: "units of this currency per one unit of the base currency, times 10^9 (an exact rational, never a float)"},
			boolean("is_default"),
			boolean("active"),
			integer("sort", nil, nil),
		},
		indexes: []indexSpec{idx(true, "code"), partialIdx(true, "is_default", "is_default = 1")},
		rules: ruleSet{
			list: anyOf("active = true", isStaff), view: anyOf("active = true", isStaff),
			create: rule(isAdmin), update: rule(isAdmin), delete: rule(isAdmin),
		},
	},
	{
		name: "product_groups",
		fields: []core.Field{
			requiredText("name", 200),
			patterned("slug", slugPattern, true),
			text("tagline", 300),
			longText("description"),
			integer("sort", nil, nil),
			boolean("hidden"),
		},
		indexes: []indexSpec{idx(true, "slug"), idx(false, "sort")},
		rules: ruleSet{
			list: anyOf("hidden = false", isStaff), view: public,
			create: rule(isAdmin), update: rule(isAdmin), delete: rule(isAdmin),
		},
	},
	{
		name: "products",
		fields: []core.Field{
			requiredText("name", 200),
			patterned("slug", slugPattern, true),
			enum("kind", true, "vps", "dedicated", "hosting", "game", "other"),
			text("tagline", 300),
			longText("description"),
			longText("description_html"),
			jsonField("features", 20000),
			&core.JSONField{Name: "pricing", MaxSize: 100000, Required: true,
				Help: `{"USD":{"monthly":{"price":1299,"setup":0}}}: minor units per currency and cycle`},
			boolean("track_stock"),
			integer("stock", &zero, nil),
			boolean("hidden"),
			boolean("retired"),
			boolean("featured"),
			boolean("requires_hostname"),
			boolean("tax_exempt"),
			patterned("provisioner", `^[a-z0-9_-]*$`, false),
			&core.JSONField{Name: "provisioner_config", MaxSize: 100000, Hidden: true,
				Help: "per-product settings for the provisioner plugin, validated against its schema"},
			enum("auto_setup", false, "on_order", "on_payment", "manual"),
			jsonField("overrides", 20000),
			&core.JSONField{Name: "affiliate_commission", MaxSize: 2000,
				Help: `this product's affiliate commission instead of the programme's: {"kind":"percent","percent_bp":1500} or {"kind":"fixed","fixed":{"USD":500}}`},
			integer("sort", nil, nil),
		},
		relations: []relationSpec{
			{name: "group", target: "product_groups", required: true},
			{name: "server_group", target: "server_groups"},
		},
		indexes: []indexSpec{idx(true, "slug"), idx(false, "`group`, sort"), idx(false, "server_group")},
		rules: ruleSet{
			list:   anyOf("(hidden = false && retired = false)", isStaff),
			view:   anyOf("retired = false", "@request.auth.id != ''"),
			create: rule(isAdmin + " && " + noRenderedHTML),
			update: rule(isAdmin + " && " + noRenderedHTML),
			delete: rule(isAdmin),
		},
	},
	{
		name: "config_options",
		fields: []core.Field{
			requiredText("name", 200),
			enum("kind", true, "select", "quantity", "yesno"),
			text("description", 1000),
			boolean("required"),
			integer("min_quantity", &zero, nil),
			integer("max_quantity", &zero, nil),
			text("unit", 20),
			patterned("provisioner_key", `^[A-Za-z0-9_.-]*$`, false),
			integer("sort", nil, nil),
			boolean("hidden"),
		},
		relations: []relationSpec{
			{name: "products", target: "products", multi: true},
		},
		indexes: []indexSpec{idx(false, "sort")},
		rules: ruleSet{
			list: anyOf("hidden = false", isStaff), view: anyOf("hidden = false", isStaff),
			create: rule(isAdmin), update: rule(isAdmin), delete: rule(isAdmin),
		},
	},
	{
		name: "config_option_values",
		fields: []core.Field{
			requiredText("label", 200),
			text("provisioner_value", 500),
			jsonField("pricing", 100000),
			boolean("is_default"),
			integer("sort", nil, nil),
			boolean("hidden"),
		},
		relations: []relationSpec{
			{name: "option", target: "config_options", required: true, cascade: true},
		},
		indexes: []indexSpec{idx(false, "option, sort")},
		rules: ruleSet{
			list:   anyOf("(hidden = false && option.hidden = false)", isStaff),
			view:   anyOf("(hidden = false && option.hidden = false)", isStaff),
			create: rule(isAdmin), update: rule(isAdmin), delete: rule(isAdmin),
		},
	},
	{
		name: "addons",
		fields: []core.Field{
			requiredText("name", 200),
			text("description", 2000),
			&core.JSONField{Name: "pricing", MaxSize: 100000, Required: true},
			patterned("provisioner_key", `^[A-Za-z0-9_.-]*$`, false),
			boolean("hidden"),
			integer("sort", nil, nil),
		},
		relations: []relationSpec{
			{name: "products", target: "products", multi: true},
		},
		indexes: []indexSpec{idx(false, "sort")},
		rules: ruleSet{
			list: anyOf("hidden = false", isStaff), view: anyOf("hidden = false", isStaff),
			create: rule(isAdmin), update: rule(isAdmin), delete: rule(isAdmin),
		},
	},
	{
		name: "tax_rules",
		fields: []core.Field{
			patterned("country", `^([A-Z]{2}|\*)$`, true),
			text("state", 100),
			requiredText("name", 100),
			basisPoints("rate_bp"),
			boolean("compound"),
			integer("priority", &zero, nil),
			boolean("active"),
		},
		indexes: []indexSpec{idx(false, "country, state")},
		rules: ruleSet{
			list: anyOf("active = true", isStaff), view: anyOf("active = true", isStaff),
			create: rule(isBilling), update: rule(isBilling), delete: rule(isBilling),
		},
	},
	{
		name: "coupons",
		fields: []core.Field{
			patterned("code", `^[A-Z0-9_-]{3,32}$`, true),
			text("description", 500),
			enum("kind", true, "percent", "fixed", "free_setup"),
			basisPoints("percent_bp"),
			&core.JSONField{Name: "amounts", MaxSize: 10000, Help: `fixed discount per currency in minor units: {"USD":500}`},
			enumMulti("cycles", cycles...),
			enum("applies_to", false, "first_invoice", "recurring"),
			&core.NumberField{Name: "recurring_cycles", OnlyInt: true, Min: &zero, Help: "0 = every renewal"},
			date("starts_at"),
			date("expires_at"),
			integer("max_uses", &zero, nil),
			integer("max_uses_per_customer", &zero, nil),
			boolean("new_customers_only"),
			boolean("active"),
		},
		relations: []relationSpec{
			{name: "products", target: "products", multi: true, help: "empty = every product"},
		},
		indexes: []indexSpec{idx(true, "code COLLATE NOCASE")},
		rules: ruleSet{
			list: rule(isBilling), view: rule(isBilling),
			create: rule(isBilling), update: rule(isBilling), delete: rule(isBilling),
		},
	},
	{
		name: "coupon_redemptions",
		fields: []core.Field{
			money("amount"),
			currencyCode("currency", true),
			integer("cycles_applied", &zero, nil),
		},
		relations: []relationSpec{
			{name: "coupon", target: "coupons", required: true},
			{name: "customer", target: "customers", required: true},
			{name: "order", target: "orders"},
			{name: "invoice", target: "invoices"},
			{name: "service", target: "services"},
		},
		indexes: []indexSpec{idx(false, "coupon, customer"), idx(false, "customer"), partialIdx(true, "coupon, `order`", "`order` != ''"), partialIdx(false, "`order`", "`order` != ''"), partialIdx(false, "invoice", "invoice != ''"), partialIdx(false, "service", "service != ''")},
		rules: ruleSet{
			list: anyOf(ownedBy("customer"), isBilling), view: anyOf(ownedBy("customer"), isBilling),
		},
	},
}
