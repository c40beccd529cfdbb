package pb_migrations

import "github.com/pocketbase/pocketbase/core"

var provisioningSchema = []collectionSpec{
	{
		name: "server_groups",
		fields: []core.Field{
			requiredText("name", 200),
			text("description", 1000),
			enum("strategy", false, "least_full", "round_robin", "first_free"),
		},
		indexes: []indexSpec{idx(true, "name")},
		rules: ruleSet{
			list: rule(isStaff), view: rule(isStaff),
			create: rule(isAdmin), update: rule(isAdmin), delete: rule(isAdmin),
		},
	},
	{
		name: "servers",
		fields: []core.Field{
			requiredText("name", 200),
			patterned("plugin", `^[a-z0-9_-]+$`, true),
			text("endpoint", 500),
			hiddenText("credentials"),
			jsonField("config", 100000),
			boolean("enabled"),
			&core.NumberField{Name: "capacity", OnlyInt: true, Min: &zero, Help: "services this server may hold; 0 = no limit"},
			text("notes", 5000),
			date("last_check_at"),
			boolean("last_check_ok"),
			text("last_error", 2000),
		},
		relations: []relationSpec{
			{name: "group", target: "server_groups"},
		},
		indexes: []indexSpec{idx(false, "`group`, enabled"), idx(false, "plugin")},
		rules: ruleSet{
			list: rule(isStaff), view: rule(isStaff),
			create: rule(isAdmin), update: rule(isAdmin), delete: rule(isAdmin),
		},
	},
	{
		name: "provisioning_jobs",
		fields: []core.Field{
			enum("action", true, "create", "suspend", "unsuspend", "terminate", "change_package", "change_password", "client_action", "sync"),
			enum("status", true, "queued", "running", "done", "failed", "dead"),
			integer("attempts", &zero, nil),
			integer("max_attempts", &zero, nil),
			date("next_attempt_at"),
			text("claimed_by", 200),
			date("claimed_until"),
			requiredText("idempotency_key", 200),
			jsonField("payload", 100000),
			jsonField("result", 100000),
			text("last_error", 5000),
			enum("error_kind", false, "retryable", "permanent", "invalid_config", "not_found", "unsupported"),
			text("error_reason", 100),
			text("requested_by", 200),
			date("finished_at"),
		},
		relations: []relationSpec{
			{name: "service", target: "services", required: true},
			{name: "service_addon", target: "service_addons"},
			{name: "server", target: "servers"},
		},
		indexes: []indexSpec{idx(true, "idempotency_key"), idx(false, "status, next_attempt_at"), idx(false, "service"), partialIdx(false, "service_addon", "service_addon != ''"), partialIdx(false, "server", "server != ''")},
		rules:   ruleSet{list: rule(isStaff), view: rule(isStaff)},
	},
	{
		name: "provisioning_logs",
		fields: []core.Field{
			enum("level", true, "debug", "info", "warn", "error"),
			requiredText("message", 5000),
			jsonField("data", 100000),
		},
		relations: []relationSpec{
			{name: "job", target: "provisioning_jobs", cascade: true},
			{name: "service", target: "services"},
		},
		indexes: []indexSpec{idx(false, "job"), idx(false, "service, created")},
		rules:   ruleSet{list: rule(isStaff), view: rule(isStaff)},
	},
	{
		name: "reconciliation_runs",
		fields: []core.Field{
			enum("status", true, "running", "done", "failed"),
			date("started_at"),
			date("finished_at"),
			jsonField("drift", 1<<20),
			jsonField("counts", 10000),
			boolean("applied"),
			text("error", 5000),
		},
		relations: []relationSpec{
			{name: "server", target: "servers"},
		},
		indexes: []indexSpec{idx(false, "server, started_at")},
		rules:   ruleSet{list: rule(isStaff), view: rule(isStaff)},
	},
}
