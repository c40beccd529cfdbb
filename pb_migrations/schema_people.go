package pb_migrations

import "github.com/pocketbase/pocketbase/core"

// Fields a customer may never set on their own account through the plain
// collection API: they move money or trust, and only our Go code or billing
// staff change them.
const customerProtectedFields = `@request.body.status:isset = false && @request.body.tax_exempt:isset = false && ` +
	`@request.body.dunning_exempt:isset = false && @request.body.referred_by:isset = false && ` +
	`@request.body.stripe_customer_id:isset = false && @request.body.paypal_payer_id:isset = false && ` +
	`@request.body.disputed:isset = false`

var peopleSchema = []collectionSpec{
	{
		name: "customers",
		auth: true,
		fields: []core.Field{
			requiredText("name", 200),
			text("company", 200),
			text("address_line1", 200),
			text("address_line2", 200),
			text("city", 100),
			text("state", 100),
			text("postcode", 20),
			countryCode("country", false),
			text("phone", 40),
			text("tax_id", 40),
			boolean("tax_exempt"),
			currencyCode("currency", false),
			enum("status", false, "active", "closed", "fraud"),
			text("language", 10),
			boolean("marketing_opt_in"),
			boolean("mfa_enabled"),
			boolean("dunning_exempt"),
			boolean("disputed"),
			text("stripe_customer_id", 100),
			text("paypal_payer_id", 100),
		},
		relations: []relationSpec{
			{name: "referred_by", target: "affiliates", help: "the affiliate whose link brought this customer"},
		},
		indexes: []indexSpec{idx(false, "status"), idx(false, "referred_by"), partialIdx(false, "stripe_customer_id", "stripe_customer_id != ''")},
		rules: ruleSet{
			list:   anyOf(ownedBy("id"), isStaff),
			view:   anyOf(ownedBy("id"), isStaff),
			create: anyOf("(@request.auth.id = '' && "+customerProtectedFields+")", isBilling),
			update: anyOf("("+ownedBy("id")+" && "+customerProtectedFields+" && @request.body.currency:isset = false)", isBilling),
			auth:   rule(`status != "closed"`),
			manage: rule(isAdmin),
		},
		configure: func(c *core.Collection) {
			c.OTP.Enabled = true
			c.OTP.Duration = 600
			c.OTP.Length = 8
			// Customers opt in to a second factor from their profile.
			c.MFA.Enabled = true
			c.MFA.Duration = 1800
			c.MFA.Rule = "mfa_enabled = true"
		},
	},
	{
		name: "staff",
		auth: true,
		fields: []core.Field{
			requiredText("name", 200),
			enum("role", true, "admin", "billing", "support"),
			boolean("active"),
			text("signature", 2000),
			boolean("notify_new_tickets"),
		},
		relations: []relationSpec{
			{name: "departments", target: "ticket_departments", multi: true, help: "ticket departments this member of staff sees"},
		},
		indexes: []indexSpec{idx(false, "role")},
		rules: ruleSet{
			list:   rule(isStaff),
			view:   rule(isStaff),
			create: rule(isAdmin),
			update: anyOf(isAdmin, `(`+isStaff+` && id = @request.auth.id && @request.body.role:isset = false && @request.body.active:isset = false && @request.body.departments:isset = false)`),
			delete: rule(isAdmin),
			auth:   rule("active = true"),
			manage: rule(isAdmin),
		},
		configure: func(c *core.Collection) {
			// Staff always log in with two factors: password, then an email code.
			c.OTP.Enabled = true
			c.OTP.Duration = 300
			c.OTP.Length = 8
			c.MFA.Enabled = true
			c.MFA.Duration = 600
			c.MFA.Rule = ""
			c.AuthToken.Duration = 8 * 3600
		},
	},
	{
		name: "login_history",
		fields: []core.Field{
			requiredText("auth_collection", 50),
			requiredText("auth_record", 50),
			enum("method", false, "password", "otp", "oauth2", "mfa", "refresh"),
			boolean("success"),
			text("ip", 64),
			text("user_agent", 500),
		},
		indexes: []indexSpec{idx(false, "auth_record, created")},
		rules: ruleSet{
			list: anyOf("auth_record = @request.auth.id", isAdmin),
			view: anyOf("auth_record = @request.auth.id", isAdmin),
		},
	},
}
