package schemagen

// family groups collections into one generated file, and names each
// collection's proxy type and its name constant.
type family struct {
	file        string
	collections []collection
}

type collection struct {
	name      string // the collection's name in the database
	constName string // the Go constant holding the name
	typeName  string // the proxy type
}

// families is the map of the schema: every domain collection appears here
// exactly once; the generator refuses a collection it does not find.
var families = []family{
	{"people", []collection{
		{"customers", "Customers", "Customer"},
		{"staff", "Staff", "StaffMember"},
		{"login_history", "LoginHistory", "LoginRecord"},
	}},
	{"catalog", []collection{
		{"currencies", "Currencies", "Currency"},
		{"product_groups", "ProductGroups", "ProductGroup"},
		{"products", "Products", "Product"},
		{"config_options", "ConfigOptions", "ConfigOption"},
		{"config_option_values", "ConfigOptionValues", "ConfigOptionValue"},
		{"addons", "Addons", "Addon"},
		{"tax_rules", "TaxRules", "TaxRule"},
		{"coupons", "Coupons", "Coupon"},
		{"coupon_redemptions", "CouponRedemptions", "CouponRedemption"},
	}},
	{"orders", []collection{
		{"orders", "Orders", "Order"},
		{"services", "Services", "Service"},
		{"service_addons", "ServiceAddons", "ServiceAddon"},
		{"service_changes", "ServiceChanges", "ServiceChange"},
		{"quotes", "Quotes", "Quote"},
	}},
	{"billing", []collection{
		{"invoices", "Invoices", "Invoice"},
		{"invoice_items", "InvoiceItems", "InvoiceItem"},
		{"transactions", "Transactions", "Transaction"},
		{"credit_ledger", "CreditLedger", "CreditEntry"},
		{"payment_methods", "PaymentMethods", "PaymentMethod"},
		{"gateway_events", "GatewayEvents", "GatewayEvent"},
		{"payment_attempts", "PaymentAttempts", "PaymentAttempt"},
		{"invoice_sequences", "InvoiceSequences", "InvoiceSequence"},
		{"dunning_steps", "DunningSteps", "DunningStep"},
		{"leases", "Leases", "Lease"},
	}},
	{"provisioning", []collection{
		{"server_groups", "ServerGroups", "ServerGroup"},
		{"servers", "Servers", "Server"},
		{"provisioning_jobs", "ProvisioningJobs", "ProvisioningJob"},
		{"provisioning_logs", "ProvisioningLogs", "ProvisioningLog"},
		{"reconciliation_runs", "ReconciliationRuns", "ReconciliationRun"},
	}},
	{"support", []collection{
		{"ticket_departments", "TicketDepartments", "TicketDepartment"},
		{"tickets", "Tickets", "Ticket"},
		{"ticket_messages", "TicketMessages", "TicketMessage"},
		{"kb_categories", "KBCategories", "KBCategory"},
		{"kb_articles", "KBArticles", "KBArticle"},
		{"kb_votes", "KBVotes", "KBVote"},
		{"kb_views", "KBViews", "KBView"},
		{"announcements", "Announcements", "Announcement"},
	}},
	{"growth", []collection{
		{"affiliates", "Affiliates", "Affiliate"},
		{"affiliate_clicks", "AffiliateClicks", "AffiliateClick"},
		{"referrals", "Referrals", "Referral"},
		{"commissions", "Commissions", "Commission"},
		{"affiliate_payouts", "AffiliatePayouts", "Payout"},
	}},
	{"operations", []collection{
		{"settings", "Settings", "CompanySettings"},
		{"email_templates", "EmailTemplates", "EmailTemplate"},
		{"email_log", "EmailLog", "EmailLogEntry"},
		{"audit_log", "AuditLog", "AuditEntry"},
		{"webhook_endpoints", "WebhookEndpoints", "WebhookEndpoint"},
		{"webhook_deliveries", "WebhookDeliveries", "WebhookDelivery"},
	}},
}
