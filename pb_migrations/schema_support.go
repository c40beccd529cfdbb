package pb_migrations

import "github.com/pocketbase/pocketbase/core"

// A member of staff sees a ticket when they are an admin or the ticket's
// department is one of theirs.
const staffSeesTicket = `(` + isAdmin + ` || (` + isStaff + ` && @request.auth.departments.id ?= department))`

const staffSeesMessage = `(` + isAdmin + ` || (` + isStaff + ` && @request.auth.departments.id ?= ticket.department))`

// A knowledge base category is shown to customers unless it or its parent
// is hidden; an article, when published in a shown category.
const (
	kbCategoryShown = `(hidden = false && (parent = "" || parent.hidden = false))`
	kbArticleShown  = `(status = "published" && category.hidden = false && (category.parent = "" || category.parent.hidden = false))`
)

// Attachments: images, PDF, text and logs; never executables or archives.
var attachmentTypes = []string{
	"image/png", "image/jpeg", "image/gif", "image/webp",
	"application/pdf", "text/plain", "text/csv", "application/json",
}

var supportSchema = []collectionSpec{
	{
		name: "ticket_departments",
		fields: []core.Field{
			requiredText("name", 200),
			patterned("slug", slugPattern, true),
			text("description", 1000),
			email("email", false),
			boolean("hidden"),
			integer("sort", nil, nil),
			integer("auto_close_days", &zero, nil),
		},
		indexes: []indexSpec{idx(true, "slug")},
		rules: ruleSet{
			list: anyOf("hidden = false", isStaff), view: anyOf("hidden = false", isStaff),
			create: rule(isAdmin), update: rule(isAdmin), delete: rule(isAdmin),
		},
	},
	{
		name: "tickets",
		fields: []core.Field{
			&core.TextField{Name: "ref", Pattern: `^[A-Z0-9]{8}$`, AutogeneratePattern: `[A-Z0-9]{8}`, Required: true,
				Help: "the ticket's public reference"},
			requiredText("subject", 255),
			enum("status", false, "open", "answered", "customer_reply", "on_hold", "closed"),
			enum("priority", false, "low", "medium", "high", "urgent"),
			date("last_reply_at"),
			enum("last_reply_by", false, "customer", "staff"),
			date("closed_at"),
			integer("rating", &zero, ptr(5)),
			text("rating_comment", 2000),
			hiddenText("reply_token"),
		},
		relations: []relationSpec{
			{name: "customer", target: "customers", required: true, cascade: true},
			{name: "department", target: "ticket_departments", required: true},
			{name: "service", target: "services"},
			{name: "assigned_to", target: "staff"},
		},
		indexes: []indexSpec{idx(true, "ref"), idx(false, "customer"), idx(false, "department, status"), idx(false, "status, last_reply_at"), idx(false, "assigned_to"), partialIdx(false, "service", "service != ''")},
		rules: ruleSet{
			list: anyOf(ownedBy("customer"), staffSeesTicket),
			view: anyOf(ownedBy("customer"), staffSeesTicket),
			create: anyOf(
				`(`+isCustomer+` && @request.body.customer = @request.auth.id && @request.body.department.hidden = false && `+
					`@request.body.status:isset = false && @request.body.assigned_to:isset = false && @request.body.rating:isset = false && `+
					`@request.body.reply_token:isset = false && @request.body.ref:isset = false && `+
					`(@request.body.service:isset = false || @request.body.service = "" || @request.body.service.customer = @request.auth.id))`,
				`(`+isSupport+` && @request.body.reply_token:isset = false)`,
			),
			update: rule(`(` + staffSeesTicket + ` && @request.body.reply_token:isset = false && @request.body.customer:isset = false)`),
			delete: rule(isAdmin),
		},
	},
	{
		name: "ticket_messages",
		fields: []core.Field{
			&core.TextField{Name: "body", Max: 100000, Required: true},
			longText("body_html"),
			boolean("internal"),
			&core.FileField{Name: "attachments", MaxSelect: 5, MaxSize: 10 << 20, MimeTypes: attachmentTypes, Protected: true},
			enum("source", false, "web", "email", "api"),
		},
		relations: []relationSpec{
			{name: "ticket", target: "tickets", required: true, cascade: true},
			{name: "author_customer", target: "customers"},
			{name: "author_staff", target: "staff"},
		},
		indexes: []indexSpec{idx(false, "ticket, created"), partialIdx(false, "author_customer", "author_customer != ''"), partialIdx(false, "author_staff", "author_staff != ''")},
		rules: ruleSet{
			list: anyOf(`(`+isCustomer+` && ticket.customer = @request.auth.id && internal = false)`, staffSeesMessage),
			view: anyOf(`(`+isCustomer+` && ticket.customer = @request.auth.id && internal = false)`, staffSeesMessage),
			create: anyOf(
				`(`+isCustomer+` && @request.body.ticket.customer = @request.auth.id && @request.body.ticket.status != "closed" && `+
					`@request.body.author_customer = @request.auth.id && @request.body.author_staff:isset = false && `+
					`(@request.body.internal:isset = false || @request.body.internal = false) && @request.body.body_html:isset = false)`,
				`(`+isStaff+` && (`+isAdmin+` || @request.auth.departments.id ?= @request.body.ticket.department) && `+
					`@request.body.author_staff = @request.auth.id && @request.body.author_customer:isset = false && @request.body.body_html:isset = false)`,
			),
		},
	},
	{
		name: "kb_categories",
		fields: []core.Field{
			requiredText("name", 200),
			patterned("slug", slugPattern, true),
			text("description", 1000),
			integer("sort", nil, nil),
			boolean("hidden"),
		},
		relations: []relationSpec{
			{name: "parent", target: "kb_categories"},
		},
		indexes: []indexSpec{idx(true, "slug"), idx(false, "parent, sort")},
		rules: ruleSet{
			list: anyOf(kbCategoryShown, isStaff), view: anyOf(kbCategoryShown, isStaff),
			create: rule(isSupport), update: rule(isSupport), delete: rule(isSupport),
		},
	},
	{
		name: "kb_articles",
		fields: []core.Field{
			requiredText("title", 255),
			patterned("slug", slugPattern, true),
			longText("body"),
			longText("body_html"),
			text("excerpt", 500),
			enum("status", true, "draft", "published"),
			date("published_at"),
			jsonField("tags", 10000),
			integer("helpful_yes", &zero, nil),
			integer("helpful_no", &zero, nil),
			integer("views", &zero, nil),
			integer("sort", nil, nil),
		},
		relations: []relationSpec{
			{name: "category", target: "kb_categories", required: true},
			{name: "related", target: "kb_articles", multi: true},
		},
		indexes: []indexSpec{idx(true, "slug"), idx(false, "category, status"), idx(false, "status, published_at")},
		rules: ruleSet{
			list: anyOf(kbArticleShown, isStaff),
			view: anyOf(kbArticleShown, isStaff),
			// Counters and rendered HTML belong to hooks/kb.
			create: rule(isSupport + ` && @request.body.body_html:isset = false && @request.body.views:isset = false && @request.body.helpful_yes:isset = false && @request.body.helpful_no:isset = false`),
			update: rule(isSupport + ` && @request.body.body_html:isset = false && @request.body.views:isset = false && @request.body.helpful_yes:isset = false && @request.body.helpful_no:isset = false`),
			delete: rule(isSupport),
		},
	},
	{
		name: "kb_votes",
		fields: []core.Field{
			requiredText("voter", 100),
			boolean("helpful"),
		},
		relations: []relationSpec{
			{name: "article", target: "kb_articles", required: true, cascade: true},
		},
		indexes: []indexSpec{idx(true, "article, voter")},
		rules:   ruleSet{list: rule(isStaff), view: rule(isStaff)},
	},
	{
		name: "kb_views",
		fields: []core.Field{
			requiredText("visitor", 100),
			patterned("day", `^\d{4}-\d{2}-\d{2}$`, true),
		},
		relations: []relationSpec{
			{name: "article", target: "kb_articles", required: true, cascade: true},
		},
		indexes: []indexSpec{idx(true, "article, visitor, day")},
		rules:   ruleSet{list: rule(isStaff), view: rule(isStaff)},
	},
	{
		name: "announcements",
		fields: []core.Field{
			requiredText("title", 255),
			patterned("slug", slugPattern, true),
			longText("body"),
			longText("body_html"),
			boolean("published"),
			&core.DateField{Name: "publish_at", Help: "shown from this moment; empty = at once"},
			boolean("featured"),
		},
		indexes: []indexSpec{idx(true, "slug"), idx(false, "published, publish_at")},
		rules: ruleSet{
			list:   anyOf(`(published = true && publish_at <= @now)`, isStaff),
			view:   anyOf(`(published = true && publish_at <= @now)`, isStaff),
			create: rule(isSupport + ` && @request.body.body_html:isset = false`),
			update: rule(isSupport + ` && @request.body.body_html:isset = false`),
			delete: rule(isSupport),
		},
	},
}
