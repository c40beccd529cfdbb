package pb_migrations

import "github.com/pocketbase/pocketbase/core"

// Affiliate records are written by hooks/affiliates only; an affiliate reads
// their own through the customer who owns the affiliate account.
var growthSchema = []collectionSpec{
	{
		name: "affiliates",
		fields: []core.Field{
			patterned("code", `^[A-Za-z0-9_-]{4,32}$`, true),
			enum("status", true, "active", "suspended"),
			enum("commission_kind", false, "percent", "fixed"),
			basisPoints("commission_bp"),
			&core.JSONField{Name: "commission_fixed", MaxSize: 10000, Help: `per currency, minor units: {"USD":500}`},
			enum("payout_method", false, "credit", "manual"),
			text("payout_details", 1000),
			// The visitor ids (hb_vid) the affiliate's own browser carried: a
			// click or signup from one of them is a self-referral.
			&core.JSONField{Name: "visitors", MaxSize: 4000, Hidden: true},
		},
		relations: []relationSpec{
			{name: "customer", target: "customers", required: true},
		},
		indexes: []indexSpec{idx(true, "code COLLATE NOCASE"), idx(true, "customer")},
		rules: ruleSet{
			list: anyOf(ownedBy("customer"), isBilling), view: anyOf(ownedBy("customer"), isBilling),
		},
	},
	{
		name: "affiliate_clicks",
		fields: []core.Field{
			requiredText("visitor", 100),
			patterned("day", `^\d{4}-\d{2}-\d{2}$`, true),
			text("landing", 1000),
			text("referrer", 1000),
		},
		relations: []relationSpec{
			{name: "affiliate", target: "affiliates", required: true, cascade: true},
		},
		indexes: []indexSpec{idx(true, "affiliate, visitor, day")},
		rules: ruleSet{
			list: anyOf(ownedBy("affiliate.customer"), isBilling), view: anyOf(ownedBy("affiliate.customer"), isBilling),
		},
	},
	{
		name: "referrals",
		fields: []core.Field{
			enum("status", true, "signed_up", "converted", "void"),
			date("converted_at"),
		},
		relations: []relationSpec{
			{name: "affiliate", target: "affiliates", required: true},
			{name: "customer", target: "customers", required: true},
		},
		indexes: []indexSpec{idx(true, "customer"), idx(false, "affiliate")},
		rules: ruleSet{
			list: anyOf(ownedBy("affiliate.customer"), isBilling), view: anyOf(ownedBy("affiliate.customer"), isBilling),
		},
	},
	{
		name: "commissions",
		fields: []core.Field{
			// amount is what is owed now: earned, less the refunded share.
			money("amount"),
			money("earned"),
			// base is the invoice's amount excluding tax the commission was
			// computed on.
			money("base"),
			currencyCode("currency", true),
			enum("status", true, "pending", "approved", "paid", "reversed"),
			date("hold_until"),
			date("approved_at"),
			date("reversed_at"),
		},
		relations: []relationSpec{
			{name: "affiliate", target: "affiliates", required: true},
			{name: "referral", target: "referrals"},
			{name: "invoice", target: "invoices", required: true},
			{name: "payout", target: "affiliate_payouts"},
		},
		indexes: []indexSpec{idx(true, "affiliate, invoice"), idx(false, "status, hold_until"), idx(false, "payout"), partialIdx(false, "referral", "referral != ''"), partialIdx(false, "invoice", "invoice != ''")},
		rules: ruleSet{
			list: anyOf(ownedBy("affiliate.customer"), isBilling), view: anyOf(ownedBy("affiliate.customer"), isBilling),
		},
	},
	{
		name: "affiliate_payouts",
		fields: []core.Field{
			money("amount"),
			currencyCode("currency", true),
			enum("method", true, "credit", "manual"),
			enum("status", true, "requested", "paid", "rejected"),
			date("paid_at"),
			text("reference", 255),
			text("note", 1000),
		},
		relations: []relationSpec{
			{name: "affiliate", target: "affiliates", required: true},
			{name: "staff", target: "staff"},
		},
		indexes: []indexSpec{idx(false, "affiliate, status"), partialIdx(false, "staff", "staff != ''")},
		rules: ruleSet{
			list: anyOf(ownedBy("affiliate.customer"), isBilling), view: anyOf(ownedBy("affiliate.customer"), isBilling),
		},
	},
}
