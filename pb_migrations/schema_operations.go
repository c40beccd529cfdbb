package pb_migrations

import "github.com/pocketbase/pocketbase/core"

var operationsSchema = []collectionSpec{
	{
		// One record: the company and its policies. hooks/integrity refuses a
		// second one.
		name: "settings",
		fields: []core.Field{
			requiredText("company_name", 200),
			text("company_legal_name", 200),
			email("company_email", false),
			text("company_phone", 40),
			text("company_address_line1", 200),
			text("company_address_line2", 200),
			text("company_city", 100),
			text("company_state", 100),
			text("company_postcode", 20),
			countryCode("company_country", false),
			text("company_tax_id", 40),
			text("company_registration", 100),
			&core.FileField{Name: "logo", MaxSelect: 1, MaxSize: 2 << 20, MimeTypes: []string{"image/png", "image/jpeg"}},
			url("storefront_url"),
			url("terms_url"),
			&core.TextField{Name: "timezone", Max: 64, Required: true, Help: "IANA name; the billing day and hour are read in it"},
			currencyCode("base_currency", true),
			&core.TextField{Name: "invoice_number_pattern", Max: 100, Required: true, Help: "e.g. INV-{YYYY}-{SEQ:6}"},
			&core.TextField{Name: "credit_note_number_pattern", Max: 100, Required: true},
			&core.TextField{Name: "order_number_pattern", Max: 100, Required: true},
			boolean("number_yearly_reset"),
			enum("tax_mode", true, "exclusive", "inclusive"),
			boolean("eu_reverse_charge"),
			boolean("vies_check"),
			integer("invoice_days_in_advance", &zero, ptr(365)),
			integer("invoice_due_days", &zero, ptr(365)),
			boolean("auto_apply_credit"),
			integer("billing_hour", &zero, ptr(23)),
			enum("downgrade_policy", false, "credit_now", "credit_next_renewal"),
			&core.JSONField{Name: "late_fee", MaxSize: 10000, Help: `{"enabled":false,"kind":"percent","percent_bp":0,"fixed":{"USD":0},"after_days":7}`},
			&core.JSONField{Name: "dunning", MaxSize: 10000, Help: `{"remind_before_days":[7],"remind_after_days":[1,3,7],"retry_days":[0,3,5],"suspend_after_days":14,"terminate_after_days":45,"suspend_on_dispute":false}`},
			&core.JSONField{Name: "gateways", MaxSize: 10000, Help: `{"stripe":true,"paypal":true,"credit":true,"manual":true}`},
			text("bank_transfer_instructions", 5000),
			jsonField("affiliates", 10000),
			jsonField("tickets", 10000),
			jsonField("provisioning", 10000),
		},
		rules: ruleSet{list: rule(isStaff), view: rule(isStaff), update: rule(isAdmin)},
	},
	{
		name: "email_templates",
		fields: []core.Field{
			patterned("key", `^[a-z0-9_.]+$`, true),
			requiredText("subject", 500),
			&core.TextField{Name: "body", Max: 200000, Required: true, Help: "markdown with Go template fields, e.g. {{.Customer.Name}}"},
			text("description", 500),
			boolean("active"),
		},
		// An active record overrides the embedded default of its key
		// (emails/); inactive drafts of a key may sit beside the active one.
		indexes: []indexSpec{partialIdx(true, "key", "active = TRUE")},
		rules: ruleSet{
			list: rule(isAdmin), view: rule(isAdmin),
			create: rule(isAdmin), update: rule(isAdmin), delete: rule(isAdmin),
		},
	},
	{
		name: "email_log",
		fields: []core.Field{
			requiredText("to", 500),
			text("subject", 500),
			text("template", 100),
			// queued: claimed under dedupe_key, not yet handed to SMTP
			enum("status", true, "queued", "sent", "failed"),
			text("error", 2000),
			text("message_id", 255),
			text("related_collection", 50),
			text("related_id", 50),
			// one notification per key (e.g. "invoice_paid:<invoice id>"): the
			// unique index settles two senders racing for it
			text("dedupe_key", 200),
		},
		relations: []relationSpec{
			{name: "customer", target: "customers", cascade: true},
		},
		indexes: []indexSpec{
			idx(false, "customer, created"), idx(false, "related_collection, related_id"),
			partialIdx(true, "dedupe_key", "dedupe_key != ''"),
		},
		rules: ruleSet{
			list: anyOf(ownedBy("customer"), isStaff), view: anyOf(ownedBy("customer"), isStaff),
		},
	},
	{
		name: "audit_log",
		fields: []core.Field{
			text("actor_collection", 50),
			text("actor_id", 50),
			text("actor_name", 200),
			requiredText("action", 100),
			text("target_collection", 50),
			text("target_id", 50),
			jsonField("before", 1<<20),
			jsonField("after", 1<<20),
			text("ip", 64),
			text("user_agent", 500),
		},
		indexes: []indexSpec{idx(false, "target_collection, target_id"), idx(false, "actor_id"), idx(false, "created")},
		rules:   ruleSet{list: rule(isAdmin), view: rule(isAdmin)},
	},
	{
		name: "webhook_endpoints",
		fields: []core.Field{
			&core.URLField{Name: "url", Required: true},
			hiddenText("secret"),
			&core.JSONField{Name: "events", MaxSize: 10000, Help: `["invoice.paid","service.active"]; empty = every event`},
			boolean("enabled"),
			text("description", 500),
		},
		rules: ruleSet{
			list: rule(isAdmin), view: rule(isAdmin),
			create: rule(isAdmin), update: rule(isAdmin), delete: rule(isAdmin),
		},
	},
	{
		name: "webhook_deliveries",
		fields: []core.Field{
			requiredText("event", 100),
			requiredText("delivery_id", 100),
			jsonField("payload", 1<<20),
			enum("status", true, "pending", "delivered", "failed", "dead"),
			integer("attempts", &zero, nil),
			date("next_attempt_at"),
			integer("response_code", &zero, nil),
			text("response_body", 5000),
			date("delivered_at"),
		},
		relations: []relationSpec{
			{name: "endpoint", target: "webhook_endpoints", required: true, cascade: true},
		},
		indexes: []indexSpec{idx(true, "delivery_id"), idx(false, "status, next_attempt_at"), idx(false, "endpoint")},
		rules:   ruleSet{list: rule(isAdmin), view: rule(isAdmin)},
	},
}
