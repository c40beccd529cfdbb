package hooks_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/emails"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

func TestMain(m *testing.M) { hbtest.Main(m) }

// actor is who makes a request in the security tests.
type actor int

const (
	anon actor = iota
	custA
	custB
	admin
	billing
	support
	superuser
	actorCount
)

func (a actor) String() string {
	return [...]string{"anonymous", "customer A", "customer B", "admin staff", "billing staff", "support staff", "superuser"}[a]
}

// world is a shop where customer A owns at least one record of every
// collection that a customer can own, and every other collection has one.
type world struct {
	ids    map[string]string // fixture name → record id
	tokens [actorCount]string
}

func (w *world) id(name string) string {
	id, ok := w.ids[name]
	if !ok {
		panic("no fixture " + name)
	}
	return id
}

const worldPassword = "correct horse battery staple"

// mk saves a record of collection with the given fields.
func mk(app core.App, collection string, fields map[string]any) (*core.Record, error) {
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(c)
	for k, v := range fields {
		r.Set(k, v)
	}
	if c.IsAuth() {
		r.SetPassword(worldPassword)
	}
	if err := app.Save(r); err != nil {
		return nil, fmt.Errorf("%s: %w", collection, err)
	}
	return r, nil
}

var pastDate = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC).Format(time.DateTime) + ".000Z"

const usdMonthly = `{"USD":{"monthly":{"price":1299,"setup":0}}}`

// worldFixtures lists how each fixture is made, in dependency order. Each
// maker sees the ids made before it; n makes unique values so that a maker can
// run again for a fresh record of the same kind.
var worldFixtures = []struct {
	name, collection string
	fields           func(w *world, n int) map[string]any
}{
	{"dept_support", "ticket_departments", func(w *world, n int) map[string]any {
		return map[string]any{"name": "Support", "slug": fmt.Sprintf("support-%d", n)}
	}},
	{"dept_billing", "ticket_departments", func(w *world, n int) map[string]any {
		return map[string]any{"name": "Billing", "slug": fmt.Sprintf("billing-%d", n)}
	}},
	{"customer_a", "customers", func(w *world, n int) map[string]any {
		return map[string]any{"name": "Alice A", "email": fmt.Sprintf("a%d@example.com", n), "country": "DE", "verified": true}
	}},
	{"customer_b", "customers", func(w *world, n int) map[string]any {
		return map[string]any{"name": "Bob B", "email": fmt.Sprintf("b%d@example.com", n), "country": "US", "verified": true}
	}},
	{"staff_admin", "staff", func(w *world, n int) map[string]any {
		return map[string]any{"name": "Ada Admin", "email": fmt.Sprintf("admin%d@example.com", n), "role": "admin", "active": true, "verified": true}
	}},
	{"staff_billing", "staff", func(w *world, n int) map[string]any {
		return map[string]any{"name": "Bill Billing", "email": fmt.Sprintf("billing%d@example.com", n), "role": "billing", "active": true, "verified": true, "departments": []string{w.id("dept_billing")}}
	}},
	{"staff_support", "staff", func(w *world, n int) map[string]any {
		return map[string]any{"name": "Sue Support", "email": fmt.Sprintf("support%d@example.com", n), "role": "support", "active": true, "verified": true, "departments": []string{w.id("dept_support")}}
	}},
	{"login_a", "login_history", func(w *world, n int) map[string]any {
		return map[string]any{"auth_collection": "customers", "auth_record": w.id("customer_a"), "method": "password", "success": true}
	}},
	{"currency_eur", "currencies", func(w *world, n int) map[string]any {
		codes := []string{"EUR", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "CAD", "AUD", "NZD", "RON", "BGN", "ZAR", "MXN", "BRL", "INR", "SGD", "HKD"}
		return map[string]any{"code": codes[n%len(codes)], "symbol": "¤", "decimals": 2, "rate_nano": 900_000_000, "active": true}
	}},
	{"group", "product_groups", func(w *world, n int) map[string]any {
		return map[string]any{"name": "VPS", "slug": fmt.Sprintf("vps-%d", n)}
	}},
	{"product", "products", func(w *world, n int) map[string]any {
		return map[string]any{"name": "VPS S", "slug": fmt.Sprintf("vps-s-%d", n), "kind": "vps", "group": w.id("group"), "pricing": usdMonthly}
	}},
	{"option", "config_options", func(w *world, n int) map[string]any {
		return map[string]any{"name": "RAM", "kind": "select", "products": []string{w.id("product")}}
	}},
	{"option_value", "config_option_values", func(w *world, n int) map[string]any {
		return map[string]any{"label": "8 GB", "option": w.id("option"), "pricing": usdMonthly}
	}},
	{"addon", "addons", func(w *world, n int) map[string]any {
		return map[string]any{"name": "Backups", "products": []string{w.id("product")}, "pricing": usdMonthly}
	}},
	{"tax_rule", "tax_rules", func(w *world, n int) map[string]any {
		return map[string]any{"country": "DE", "name": "VAT", "rate_bp": 1900, "active": true}
	}},
	{"coupon", "coupons", func(w *world, n int) map[string]any {
		return map[string]any{"code": fmt.Sprintf("SAVE%d", 10+n), "kind": "percent", "percent_bp": 1000, "active": true}
	}},
	{"server_group", "server_groups", func(w *world, n int) map[string]any {
		return map[string]any{"name": fmt.Sprintf("Frankfurt %d", n)}
	}},
	{"server", "servers", func(w *world, n int) map[string]any {
		return map[string]any{"name": "vf1", "plugin": "virtfusion", "group": w.id("server_group"), "credentials": `{"api_token":"vf-secret-token"}`, "enabled": true}
	}},
	{"order", "orders", func(w *world, n int) map[string]any {
		return map[string]any{"number": fmt.Sprintf("ORD-%d", 100+n), "customer": w.id("customer_a"), "status": "pending", "currency": "USD", "total": 1299}
	}},
	{"service", "services", func(w *world, n int) map[string]any {
		return map[string]any{"customer": w.id("customer_a"), "order": w.id("order"), "product": w.id("product"), "status": "active", "cycle": "monthly", "currency": "USD", "recurring_amount": 1299, "credentials": `{"root_password":"svc-root-pw"}`}
	}},
	{"service_addon", "service_addons", func(w *world, n int) map[string]any {
		return map[string]any{"service": w.id("service"), "customer": w.id("customer_a"), "addon": w.id("addon"), "status": "active", "cycle": "monthly", "currency": "USD", "quantity": 1, "recurring_amount": 500}
	}},
	{"service_change", "service_changes", func(w *world, n int) map[string]any {
		return map[string]any{"service": w.id("service"), "customer": w.id("customer_a"), "kind": "upgrade", "currency": "USD", "status": "pending"}
	}},
	{"quote", "quotes", func(w *world, n int) map[string]any {
		return map[string]any{"number": fmt.Sprintf("Q-%d", n), "customer": w.id("customer_a"), "status": "sent", "currency": "USD", "total": 5000}
	}},
	{"invoice", "invoices", func(w *world, n int) map[string]any {
		return map[string]any{"number": fmt.Sprintf("INV-2026-%06d", 1+n), "kind": "invoice", "customer": w.id("customer_a"), "status": "unpaid", "currency": "USD", "subtotal": 1299, "total": 1299, "amount_due": 1299}
	}},
	{"invoice_item", "invoice_items", func(w *world, n int) map[string]any {
		return map[string]any{"invoice": w.id("invoice"), "kind": "adjustment", "description": "VPS S", "quantity": 1, "unit_amount": 1299, "amount": 1299}
	}},
	{"transaction", "transactions", func(w *world, n int) map[string]any {
		return map[string]any{"invoice": w.id("invoice"), "customer": w.id("customer_a"), "gateway": "manual", "gateway_ref": fmt.Sprintf("BANK-%d", n), "kind": "payment", "amount": 100, "currency": "USD", "status": "succeeded"}
	}},
	{"credit", "credit_ledger", func(w *world, n int) map[string]any {
		return map[string]any{"customer": w.id("customer_a"), "amount": 500, "currency": "USD", "kind": "adjustment", "note": "goodwill"}
	}},
	{"payment_method", "payment_methods", func(w *world, n int) map[string]any {
		return map[string]any{"customer": w.id("customer_a"), "gateway": "stripe", "gateway_ref": fmt.Sprintf("pm_%d", n), "brand": "visa", "last4": "4242"}
	}},
	{"gateway_event", "gateway_events", func(w *world, n int) map[string]any {
		return map[string]any{"gateway": "stripe", "event_id": fmt.Sprintf("evt_%d", n), "type": "payment_intent.succeeded", "status": "processed"}
	}},
	{"payment_attempt", "payment_attempts", func(w *world, n int) map[string]any {
		return map[string]any{"invoice": w.id("invoice"), "customer": w.id("customer_a"), "gateway": "stripe", "attempt": 1 + n, "idempotency_key": fmt.Sprintf("pay-%d", n), "amount": 1299, "currency": "USD", "status": "failed"}
	}},
	{"sequence", "invoice_sequences", func(w *world, n int) map[string]any {
		return map[string]any{"series": "INV", "period": fmt.Sprintf("%d", 2026+n), "last": 1}
	}},
	{"dunning_step", "dunning_steps", func(w *world, n int) map[string]any {
		return map[string]any{"invoice": w.id("invoice"), "customer": w.id("customer_a"), "step": fmt.Sprintf("remind_%d", n)}
	}},
	{"lease", "leases", func(w *world, n int) map[string]any {
		return map[string]any{"name": fmt.Sprintf("billing-run-%d", n), "holder": "host:1"}
	}},
	{"redemption", "coupon_redemptions", func(w *world, n int) map[string]any {
		return map[string]any{"coupon": w.id("coupon"), "customer": w.id("customer_a"), "amount": 130, "currency": "USD"}
	}},
	{"job", "provisioning_jobs", func(w *world, n int) map[string]any {
		return map[string]any{"service": w.id("service"), "action": "create", "status": "done", "idempotency_key": fmt.Sprintf("create-%d", n)}
	}},
	{"prov_log", "provisioning_logs", func(w *world, n int) map[string]any {
		return map[string]any{"job": w.id("job"), "service": w.id("service"), "level": "info", "message": "created"}
	}},
	{"recon", "reconciliation_runs", func(w *world, n int) map[string]any {
		return map[string]any{"status": "done", "server": w.id("server")}
	}},
	{"ticket", "tickets", func(w *world, n int) map[string]any {
		return map[string]any{"subject": "Server down", "customer": w.id("customer_a"), "department": w.id("dept_support"), "service": w.id("service")}
	}},
	{"message", "ticket_messages", func(w *world, n int) map[string]any {
		return map[string]any{"ticket": w.id("ticket"), "author_customer": w.id("customer_a"), "body": "It does not boot."}
	}},
	{"internal_note", "ticket_messages", func(w *world, n int) map[string]any {
		return map[string]any{"ticket": w.id("ticket"), "author_staff": w.id("staff_support"), "body": "Customer is on a legacy node.", "internal": true}
	}},
	{"kb_category", "kb_categories", func(w *world, n int) map[string]any {
		return map[string]any{"name": "Getting started", "slug": fmt.Sprintf("getting-started-%d", n)}
	}},
	{"kb_article", "kb_articles", func(w *world, n int) map[string]any {
		return map[string]any{"title": "Connect with SSH", "slug": fmt.Sprintf("ssh-%d", n), "category": w.id("kb_category"), "status": "published", "body": "Run `ssh root@ip`."}
	}},
	{"kb_vote", "kb_votes", func(w *world, n int) map[string]any {
		return map[string]any{"article": w.id("kb_article"), "voter": fmt.Sprintf("v%d", n), "helpful": true}
	}},
	{"kb_view", "kb_views", func(w *world, n int) map[string]any {
		return map[string]any{"article": w.id("kb_article"), "visitor": fmt.Sprintf("h%d", n), "day": "2026-01-15"}
	}},
	{"announcement", "announcements", func(w *world, n int) map[string]any {
		return map[string]any{"title": "New location", "slug": fmt.Sprintf("new-location-%d", n), "published": true, "publish_at": pastDate, "body": "Frankfurt is live."}
	}},
	{"affiliate", "affiliates", func(w *world, n int) map[string]any {
		owner := w.id("customer_a")
		if n > 0 {
			owner = w.id(fmt.Sprintf("spare_customer_%d", n))
		}
		return map[string]any{"customer": owner, "code": fmt.Sprintf("ALICE%d", n), "status": "active"}
	}},
	{"click", "affiliate_clicks", func(w *world, n int) map[string]any {
		return map[string]any{"affiliate": w.id("affiliate"), "visitor": fmt.Sprintf("c%d", n), "day": "2026-01-15"}
	}},
	{"referral", "referrals", func(w *world, n int) map[string]any {
		referred := w.id("customer_b")
		if n > 0 {
			referred = w.id(fmt.Sprintf("spare_customer_%d", n))
		}
		return map[string]any{"affiliate": w.id("affiliate"), "customer": referred, "status": "signed_up"}
	}},
	{"payout", "affiliate_payouts", func(w *world, n int) map[string]any {
		return map[string]any{"affiliate": w.id("affiliate"), "amount": 1000, "currency": "USD", "method": "credit", "status": "paid"}
	}},
	{"commission", "commissions", func(w *world, n int) map[string]any {
		return map[string]any{"affiliate": w.id("affiliate"), "invoice": w.id(fmt.Sprintf("invoice_for_commission_%d", n)), "amount": 130, "currency": "USD", "status": "pending"}
	}},
	// Overrides must name a template of emails/ (hooks/notify checks);
	// only one per key may be active, so the spares are inactive drafts.
	{"email_template", "email_templates", func(w *world, n int) map[string]any {
		keys := emails.Keys()
		return map[string]any{"key": keys[n%len(keys)], "subject": "Hello", "body": "Hi {{.Customer.Name}}", "active": n == 0}
	}},
	{"email_log", "email_log", func(w *world, n int) map[string]any {
		return map[string]any{"to": "a0@example.com", "subject": "Invoice", "customer": w.id("customer_a"), "status": "sent"}
	}},
	{"audit", "audit_log", func(w *world, n int) map[string]any {
		return map[string]any{"action": "invoice.cancel", "actor_id": w.id("staff_admin"), "target_collection": "invoices", "target_id": w.id("invoice")}
	}},
	{"webhook_endpoint", "webhook_endpoints", func(w *world, n int) map[string]any {
		return map[string]any{"url": "https://hooks.example.com/hostbase", "secret": "whsec-test-secret", "enabled": true}
	}},
	// The settings record exists from the first migration; its maker is
	// the body of an attempt to create a second one.
	{"settings", "settings", func(w *world, n int) map[string]any {
		return map[string]any{"company_name": "Second", "timezone": "UTC", "base_currency": "USD",
			"invoice_number_pattern": "X-{SEQ}", "credit_note_number_pattern": "Y-{SEQ}", "order_number_pattern": "Z-{SEQ}", "tax_mode": "exclusive"}
	}},
	{"webhook_delivery", "webhook_deliveries", func(w *world, n int) map[string]any {
		return map[string]any{"endpoint": w.id("webhook_endpoint"), "event": "invoice.paid", "delivery_id": fmt.Sprintf("d%d", n), "status": "delivered"}
	}},
}

// fixtureFor returns the maker of the first fixture of collection.
func fixtureFor(collection string) (name string, fields func(w *world, n int) map[string]any) {
	for _, f := range worldFixtures {
		if f.collection == collection {
			return f.name, f.fields
		}
	}
	return "", nil
}

// seedWorld fills a fresh app with the world's fixtures and issues a token
// for every actor.
func seedWorld(app *hbtest.App) error {
	w := &world{ids: map[string]string{}}
	for _, f := range worldFixtures {
		if f.name == "commission" {
			inv, err := mk(app, "invoices", map[string]any{"number": "INV-C-0", "kind": "invoice", "customer": w.id("customer_b"), "status": "paid", "currency": "USD"})
			if err != nil {
				return err
			}
			w.ids["invoice_for_commission_0"] = inv.Id
		}
		if f.collection == "settings" {
			r, err := app.FindFirstRecordByFilter("settings", "id != ''")
			if err != nil {
				return err
			}
			w.ids[f.name] = r.Id
			continue
		}
		r, err := mk(app, f.collection, f.fields(w, 0))
		if err != nil {
			return err
		}
		w.ids[f.name] = r.Id
	}
	su, err := mk(app, core.CollectionNameSuperusers, map[string]any{"email": "root@example.com"})
	if err != nil {
		return err
	}
	w.ids["superuser"] = su.Id
	return saveWorld(app, w)
}

// theWorld returns the seeded world's data dir and its ids and tokens.
func theWorld(t testing.TB) (string, *world) {
	dir := hbtest.SeedDir(t, "world", seedWorld)
	app := hbtest.NewApp(t, dir)
	w, err := loadWorld(app)
	if err != nil {
		t.Fatal(err)
	}
	return dir, w
}

var seededWorld *world

func saveWorld(app *hbtest.App, w *world) error {
	names := map[actor]string{custA: "customer_a", custB: "customer_b", admin: "staff_admin", billing: "staff_billing", support: "staff_support", superuser: "superuser"}
	for a, name := range names {
		col := map[actor]string{custA: "customers", custB: "customers", admin: "staff", billing: "staff", support: "staff", superuser: core.CollectionNameSuperusers}[a]
		r, err := app.FindRecordById(col, w.id(name))
		if err != nil {
			return err
		}
		token, err := r.NewAuthToken()
		if err != nil {
			return err
		}
		w.tokens[a] = token
	}
	seededWorld = w
	return nil
}

func loadWorld(app *hbtest.App) (*world, error) {
	if seededWorld == nil {
		return nil, fmt.Errorf("world not seeded")
	}
	return seededWorld, nil
}

func dbxID(id string) dbx.Expression { return dbx.HashExp{"id": id} }

func dbxField(field, value string) dbx.Expression { return dbx.HashExp{field: value} }
