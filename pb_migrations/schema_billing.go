package pb_migrations

import "github.com/pocketbase/pocketbase/core"

// Money collections: read rules only. Every write goes through our Go code,
// and no relation of a money record cascades a delete onto it.
var billingSchema = []collectionSpec{
	{
		name: "invoices",
		fields: []core.Field{
			text("number", 50),
			text("series", 20),
			enum("kind", true, "invoice", "credit_note"),
			enum("status", true, "draft", "unpaid", "paid", "cancelled", "refunded"),
			date("issued_at"),
			date("due_at"),
			date("paid_at"),
			date("cancelled_at"),
			currencyCode("currency", true),
			money("subtotal"),
			money("discount_total"),
			money("tax_total"),
			money("total"),
			money("credit_applied"),
			money("amount_paid"),
			money("amount_refunded"),
			money("credited_total"),
			money("amount_due"),
			enum("tax_mode", false, "exclusive", "inclusive"),
			&core.JSONField{Name: "tax_lines", MaxSize: 20000, Help: `[{"name","rate_bp","compound","base","amount"}] per rate`},
			boolean("reverse_charge"),
			&core.JSONField{Name: "billing_address", MaxSize: 10000, Help: "the buyer's details as they were when the invoice was issued"},
			&core.JSONField{Name: "seller", MaxSize: 10000, Help: "the company's details as they were when the invoice was issued"},
			text("notes", 5000),
			boolean("disputed"),
			date("late_fee_at"),
		},
		relations: []relationSpec{
			{name: "customer", target: "customers", required: true},
			{name: "related_invoice", target: "invoices", help: "the invoice a credit note refers to"},
			{name: "order", target: "orders"},
		},
		indexes: []indexSpec{
			partialIdx(true, "number", "number != ''"),
			idx(false, "customer, status"),
			idx(false, "status, due_at"),
			idx(false, "`order`"),
			idx(false, "related_invoice"),
		},
		rules: ruleSet{
			list: anyOf("("+ownedBy("customer")+` && status != "draft")`, isBilling),
			view: anyOf("("+ownedBy("customer")+` && status != "draft")`, isBilling),
		},
	},
	{
		name: "invoice_items",
		fields: []core.Field{
			enum("kind", true, "service", "setup", "addon", "late_fee", "credit", "discount", "adjustment", "topup"),
			requiredText("description", 1000),
			date("period_start"),
			date("period_end"),
			&core.NumberField{Name: "quantity", OnlyInt: true, Min: ptr(1), Required: true},
			signedMoney("unit_amount"),
			signedMoney("amount"),
			basisPoints("tax_rate_bp"),
			signedMoney("tax_amount"),
			boolean("taxable"),
			integer("sort", nil, nil),
		},
		relations: []relationSpec{
			// Only a draft invoice can be deleted (hooks/integrity), so this
			// cascade never removes an issued line.
			{name: "invoice", target: "invoices", required: true, cascade: true},
			{name: "service", target: "services"},
			{name: "service_addon", target: "service_addons"},
			{name: "credits_item", target: "invoice_items", help: "on a credit note: the invoice line it credits"},
		},
		indexes: []indexSpec{
			idx(false, "invoice"),
			partialIdx(false, "credits_item", "credits_item != ''"),
			// One line per service, addon, kind and period: the renewal run's
			// idempotency key, enforced by the database.
			partialIdx(true, "service, service_addon, kind, period_start", "service != ''"),
			partialIdx(false, "service_addon", "service_addon != ''"),
		},
		rules: ruleSet{
			list: anyOf(`(`+isCustomer+` && invoice.customer = @request.auth.id && invoice.status != "draft")`, isBilling),
			view: anyOf(`(`+isCustomer+` && invoice.customer = @request.auth.id && invoice.status != "draft")`, isBilling),
		},
	},
	{
		name: "transactions",
		fields: []core.Field{
			enum("gateway", true, "stripe", "paypal", "credit", "manual"),
			text("gateway_ref", 255),
			enum("kind", true, "payment", "refund", "chargeback"),
			&core.NumberField{Name: "amount", OnlyInt: true, Min: ptr(1), Required: true},
			money("fee"),
			currencyCode("currency", true),
			enum("status", true, "pending", "succeeded", "failed"),
			text("description", 500),
			text("idempotency_key", 200),
			date("processed_at"),
		},
		relations: []relationSpec{
			{name: "invoice", target: "invoices"},
			{name: "customer", target: "customers", required: true},
			{name: "related_transaction", target: "transactions", help: "the payment a refund or chargeback reverses"},
			{name: "credit_note", target: "invoices"},
			{name: "staff", target: "staff", help: "who recorded a manual payment"},
		},
		indexes: []indexSpec{
			partialIdx(true, "gateway, gateway_ref", "gateway_ref != ''"),
			partialIdx(true, "idempotency_key", "idempotency_key != ''"),
			idx(false, "invoice"),
			idx(false, "customer"),
			partialIdx(false, "related_transaction", "related_transaction != ''"), partialIdx(false, "credit_note", "credit_note != ''"), partialIdx(false, "staff", "staff != ''"),
		},
		rules: ruleSet{
			list: anyOf(ownedBy("customer"), isBilling), view: anyOf(ownedBy("customer"), isBilling),
		},
	},
	{
		name: "credit_ledger",
		fields: []core.Field{
			&core.NumberField{Name: "amount", OnlyInt: true, Required: true, Help: "signed minor units: + adds credit, − uses it"},
			currencyCode("currency", true),
			enum("kind", true, "overpayment", "refund", "adjustment", "topup", "applied", "commission", "reversal"),
			text("note", 1000),
			text("idempotency_key", 200),
		},
		relations: []relationSpec{
			{name: "customer", target: "customers", required: true},
			{name: "invoice", target: "invoices"},
			{name: "transaction", target: "transactions"},
			{name: "staff", target: "staff"},
		},
		indexes: []indexSpec{
			idx(false, "customer, currency"),
			idx(false, "invoice"),
			partialIdx(true, "idempotency_key", "idempotency_key != ''"),
			partialIdx(false, "`transaction`", "`transaction` != ''"), partialIdx(false, "staff", "staff != ''"),
		},
		rules: ruleSet{
			list: anyOf(ownedBy("customer"), isBilling), view: anyOf(ownedBy("customer"), isBilling),
		},
	},
	{
		name: "payment_methods",
		fields: []core.Field{
			enum("gateway", true, "stripe", "paypal"),
			requiredText("gateway_ref", 255),
			text("brand", 50),
			patterned("last4", `^[0-9]{4}$`, false),
			integer("exp_month", &zero, ptr(12)),
			integer("exp_year", &zero, ptr(9999)),
			boolean("is_default"),
			text("label", 100),
			// A method removed at the gateway is kept (payment attempts name
			// it) but never charged again.
			date("removed_at"),
		},
		relations: []relationSpec{
			{name: "customer", target: "customers", required: true, cascade: true},
		},
		indexes: []indexSpec{idx(true, "gateway, gateway_ref"), idx(false, "customer")},
		rules: ruleSet{
			list: anyOf(ownedBy("customer"), isBilling), view: anyOf(ownedBy("customer"), isBilling),
		},
	},
	{
		name: "gateway_events",
		fields: []core.Field{
			enum("gateway", true, "stripe", "paypal"),
			requiredText("event_id", 255),
			text("type", 100),
			&core.JSONField{Name: "payload", MaxSize: 1 << 20},
			enum("status", true, "received", "processed", "ignored", "failed"),
			integer("attempts", &zero, nil),
			date("processed_at"),
			text("error", 5000),
		},
		indexes: []indexSpec{idx(true, "gateway, event_id"), idx(false, "status")},
		rules:   ruleSet{list: rule(isBilling), view: rule(isBilling)},
	},
	{
		name: "payment_attempts",
		fields: []core.Field{
			enum("gateway", true, "stripe", "paypal", "credit", "manual"),
			&core.NumberField{Name: "attempt", OnlyInt: true, Min: ptr(1), Required: true},
			requiredText("idempotency_key", 200),
			money("amount"),
			currencyCode("currency", true),
			enum("status", true, "pending", "succeeded", "failed", "requires_action"),
			text("gateway_ref", 255),
			text("error", 2000),
			date("scheduled_for"),
		},
		relations: []relationSpec{
			{name: "invoice", target: "invoices", required: true},
			{name: "customer", target: "customers", required: true},
			{name: "payment_method", target: "payment_methods"},
		},
		indexes: []indexSpec{idx(true, "idempotency_key"), idx(true, "invoice, gateway, attempt"), idx(false, "customer"), partialIdx(false, "payment_method", "payment_method != ''")},
		rules: ruleSet{
			list: anyOf(ownedBy("customer"), isBilling), view: anyOf(ownedBy("customer"), isBilling),
		},
	},
	{
		name: "invoice_sequences",
		fields: []core.Field{
			requiredText("series", 20),
			text("period", 10),
			integer("last", &zero, nil),
		},
		indexes: []indexSpec{idx(true, "series, period")},
		rules:   ruleSet{list: rule(isBilling), view: rule(isBilling)},
	},
	{
		name: "dunning_steps",
		fields: []core.Field{
			requiredText("step", 50),
			date("happened_on"),
			jsonField("detail", 20000),
		},
		relations: []relationSpec{
			{name: "invoice", target: "invoices", required: true},
			{name: "service", target: "services"},
			{name: "customer", target: "customers", required: true},
		},
		indexes: []indexSpec{idx(true, "invoice, service, step"), idx(false, "customer"), partialIdx(false, "service", "service != ''")},
		rules:   ruleSet{list: rule(isBilling), view: rule(isBilling)},
	},
	{
		name: "leases",
		fields: []core.Field{
			requiredText("name", 100),
			requiredText("holder", 200),
			date("acquired_at"),
			date("expires_at"),
		},
		indexes: []indexSpec{idx(true, "name")},
	},
}
