package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

// who is a set of actors.
type who uint16

func set(actors ...actor) who {
	var s who
	for _, a := range actors {
		s |= 1 << a
	}
	return s
}

func (s who) has(a actor) bool { return s&(1<<a) != 0 }

var (
	nobody       = who(0)
	suOnly       = set(superuser)
	everyone     = set(anon, custA, custB, admin, billing, support, superuser)
	staffAll     = set(admin, billing, support, superuser)
	billingStaff = set(admin, billing, superuser)
	supportStaff = set(admin, support, superuser)
	adminStaff   = set(admin, superuser)
	ownerStaff   = set(custA) | staffAll
	ownerBilling = set(custA) | billingStaff
)

// access is who may do what to customer A's record of a collection (or the
// collection's record, where no customer owns it).
type access struct {
	collection                   string
	read, create, update, delete who
	// patch is a harmless change for the update check.
	patch map[string]any
}

// matrix is the security contract of every collection. TestSecurityMatrix
// fails when a collection exists that this table does not cover.
var matrix = []access{
	{"customers", ownerStaff, set(anon) | billingStaff, set(custA) | billingStaff, suOnly, map[string]any{"name": "Alice Renamed"}},
	{"staff", staffAll, adminStaff, adminStaff, adminStaff, map[string]any{"name": "Renamed"}},
	{"login_history", set(custA) | adminStaff, suOnly, suOnly, suOnly, map[string]any{"user_agent": "curl"}},

	{"currencies", everyone, adminStaff, adminStaff, adminStaff, map[string]any{"symbol": "€"}},
	{"product_groups", everyone, adminStaff, adminStaff, adminStaff, map[string]any{"tagline": "Fast"}},
	{"products", everyone, adminStaff, adminStaff, adminStaff, map[string]any{"tagline": "Fast"}},
	{"config_options", everyone, adminStaff, adminStaff, adminStaff, map[string]any{"description": "Memory"}},
	{"config_option_values", everyone, adminStaff, adminStaff, adminStaff, map[string]any{"label": "16 GB"}},
	{"addons", everyone, adminStaff, adminStaff, adminStaff, map[string]any{"description": "Nightly"}},
	{"tax_rules", everyone, billingStaff, billingStaff, billingStaff, map[string]any{"name": "MwSt"}},
	{"coupons", billingStaff, billingStaff, billingStaff, billingStaff, map[string]any{"description": "Spring"}},
	{"coupon_redemptions", ownerBilling, suOnly, suOnly, nobody, map[string]any{"cycles_applied": 1}},

	{"orders", ownerStaff, suOnly, suOnly, suOnly, map[string]any{"notes": "checked"}},
	{"services", ownerStaff, suOnly, suOnly, suOnly, map[string]any{"notes": "checked"}},
	{"service_addons", ownerStaff, suOnly, suOnly, suOnly, map[string]any{"remote_id": "r-1"}},
	{"service_changes", ownerStaff, suOnly, suOnly, suOnly, map[string]any{"to_amount": 1999}},
	{"quotes", ownerBilling, suOnly, suOnly, suOnly, map[string]any{"notes": "revised"}},

	{"invoices", ownerBilling, suOnly, suOnly, nobody, map[string]any{"notes": "thanks"}},
	{"invoice_items", ownerBilling, suOnly, suOnly, nobody, map[string]any{"description": "VPS S (renamed)"}},
	{"transactions", ownerBilling, suOnly, suOnly, nobody, map[string]any{"description": "bank"}},
	{"credit_ledger", ownerBilling, suOnly, suOnly, nobody, map[string]any{"note": "noted"}},
	{"payment_methods", ownerBilling, suOnly, suOnly, suOnly, map[string]any{"label": "work card"}},
	{"gateway_events", billingStaff, suOnly, suOnly, nobody, map[string]any{"error": "x"}},
	{"payment_attempts", ownerBilling, suOnly, suOnly, nobody, map[string]any{"error": "declined"}},
	{"invoice_sequences", billingStaff, suOnly, suOnly, nobody, map[string]any{"last": 2}},
	{"dunning_steps", billingStaff, suOnly, suOnly, nobody, map[string]any{"detail": map[string]any{"mail": true}}},
	{"leases", suOnly, suOnly, suOnly, suOnly, map[string]any{"holder": "host:2"}},

	{"server_groups", staffAll, adminStaff, adminStaff, adminStaff, map[string]any{"description": "FRA"}},
	{"servers", staffAll, adminStaff, adminStaff, adminStaff, map[string]any{"notes": "rack 4"}},
	{"provisioning_jobs", staffAll, suOnly, suOnly, suOnly, map[string]any{"last_error": "x"}},
	{"provisioning_logs", staffAll, suOnly, suOnly, suOnly, map[string]any{"message": "x"}},
	{"reconciliation_runs", staffAll, suOnly, suOnly, suOnly, map[string]any{"error": "x"}},

	{"ticket_departments", everyone, adminStaff, adminStaff, adminStaff, map[string]any{"description": "Help"}},
	{"tickets", set(custA, admin, support, superuser), set(custA, admin, support, superuser), set(admin, support, superuser), adminStaff, map[string]any{"subject": "Still down"}},
	{"ticket_messages", set(custA, admin, support, superuser), set(custA, admin, support, superuser), suOnly, suOnly, map[string]any{"body": "edited"}},
	{"kb_categories", everyone, supportStaff, supportStaff, supportStaff, map[string]any{"description": "Basics"}},
	{"kb_articles", everyone, supportStaff, supportStaff, supportStaff, map[string]any{"excerpt": "SSH"}},
	{"kb_votes", staffAll, suOnly, suOnly, suOnly, map[string]any{"helpful": false}},
	{"kb_views", staffAll, suOnly, suOnly, suOnly, map[string]any{"day": "2026-01-16"}},
	{"announcements", everyone, supportStaff, supportStaff, supportStaff, map[string]any{"title": "Moved"}},

	{"affiliates", ownerBilling, suOnly, suOnly, suOnly, map[string]any{"payout_details": "IBAN"}},
	{"affiliate_clicks", ownerBilling, suOnly, suOnly, suOnly, map[string]any{"landing": "/vps"}},
	{"referrals", ownerBilling, suOnly, suOnly, suOnly, map[string]any{"status": "converted"}},
	{"commissions", ownerBilling, suOnly, suOnly, nobody, map[string]any{"status": "approved"}},
	{"affiliate_payouts", ownerBilling, suOnly, suOnly, nobody, map[string]any{"note": "sent"}},

	{"settings", staffAll, nobody, adminStaff, nobody, map[string]any{"company_phone": "+49 30 1234"}},
	{"email_templates", adminStaff, adminStaff, adminStaff, adminStaff, map[string]any{"subject": "Hi"}},
	{"email_log", ownerStaff, suOnly, suOnly, suOnly, map[string]any{"error": "x"}},
	{"audit_log", adminStaff, suOnly, suOnly, nobody, map[string]any{"ip": "127.0.0.1"}},
	{"webhook_endpoints", adminStaff, adminStaff, adminStaff, adminStaff, map[string]any{"description": "ERP"}},
	{"webhook_deliveries", adminStaff, suOnly, suOnly, suOnly, map[string]any{"response_body": "ok"}},
}

// createBody is what actor a posts to create a record of collection: the
// collection's fixture, with what differs by author.
func createBody(w *world, collection string, a actor, n int) map[string]any {
	_, fields := fixtureFor(collection)
	body := fields(w, n)
	switch collection {
	case "customers", "staff":
		delete(body, "verified")
		body["password"] = worldPassword
		body["passwordConfirm"] = worldPassword
	case "servers", "webhook_endpoints":
		// Secrets are an owner's to set (see TestSecretsAreSealedAndHidden).
		if a != superuser {
			delete(body, "credentials")
			delete(body, "secret")
		}
	case "ticket_messages":
		// Staff write as themselves; customers and superusers as customer A,
		// so that customer B's attempt is a post to A's ticket.
		if s := map[actor]string{admin: "staff_admin", billing: "staff_billing", support: "staff_support"}[a]; s != "" {
			delete(body, "author_customer")
			body["author_staff"] = w.id(s)
		}
	}
	return body
}

// prepareFresh makes the records a fresh fixture number n depends on, for the
// collections whose fixtures are unique per customer or per invoice.
func prepareFresh(t *testing.T, app core.App, w *world, collection string, n int) {
	t.Helper()
	switch collection {
	case "affiliates", "referrals":
		r, err := mk(app, "customers", map[string]any{"name": "Spare", "email": fmt.Sprintf("spare%d@example.com", n)})
		if err != nil {
			t.Fatal(err)
		}
		w.ids[fmt.Sprintf("spare_customer_%d", n)] = r.Id
	case "commissions":
		r, err := mk(app, "invoices", map[string]any{"number": fmt.Sprintf("INV-C-%d", n), "kind": "invoice", "customer": w.id("customer_b"), "status": "paid", "currency": "USD"})
		if err != nil {
			t.Fatal(err)
		}
		w.ids[fmt.Sprintf("invoice_for_commission_%d", n)] = r.Id
	}
}

func recordsURL(collection string) string { return "/api/collections/" + collection + "/records" }

func count(t *testing.T, app core.App, collection string) int64 {
	t.Helper()
	n, err := app.CountRecords(collection)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// snapshot is a record's stored state, to prove a refused write changed nothing.
func snapshot(t *testing.T, app core.App, collection, id string) string {
	t.Helper()
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		return "<gone>"
	}
	b, _ := json.Marshal(r.FieldsData())
	return string(b)
}

func TestSecurityMatrixCoversEveryCollection(t *testing.T) {
	covered := map[string]bool{}
	for _, row := range matrix {
		if covered[row.collection] {
			t.Errorf("%s has two rows", row.collection)
		}
		covered[row.collection] = true
	}
	for _, name := range collections.Names {
		if !covered[name] {
			t.Errorf("collection %s has no row in the security matrix: decide who may read and write it", name)
		}
		if n, _ := fixtureFor(name); n == "" {
			t.Errorf("collection %s has no fixture in the test world", name)
		}
	}
	for name := range covered {
		if !contains(collections.Names, name) {
			t.Errorf("matrix row %s names no collection", name)
		}
	}
	// The database itself: nothing but PocketBase's system collections
	// escapes the table.
	app := hbtest.NewApp(t, "")
	all, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		if !c.System && !covered[c.Name] {
			t.Errorf("collection %s exists in the database but not in the security matrix", c.Name)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSecurityMatrixReads(t *testing.T) {
	dir, w := theWorld(t)
	app := hbtest.NewApp(t, dir)
	for _, row := range matrix {
		fixture, _ := fixtureFor(row.collection)
		id := w.id(fixture)
		for a := anon; a < actorCount; a++ {
			status, body := app.Do(t, http.MethodGet, recordsURL(row.collection)+"/"+id, w.tokens[a], nil)
			if row.read.has(a) && status != http.StatusOK {
				t.Errorf("%s: %s must view the record, got %d %s", row.collection, a, status, body)
			}
			if !row.read.has(a) && status == http.StatusOK {
				t.Errorf("%s: %s must NOT view the record, got it: %s", row.collection, a, body)
			}

			filter := url.QueryEscape(fmt.Sprintf("id='%s'", id))
			status, body = app.Do(t, http.MethodGet, recordsURL(row.collection)+"?filter="+filter, w.tokens[a], nil)
			var list struct {
				Items []map[string]any `json:"items"`
			}
			_ = json.Unmarshal(body, &list)
			sees := status == http.StatusOK && len(list.Items) == 1
			if row.read.has(a) != sees {
				t.Errorf("%s: list by %s: want visible=%v, got status %d with %d items", row.collection, a, row.read.has(a), status, len(list.Items))
			}
		}
	}
}

func TestSecurityMatrixWrites(t *testing.T) {
	dir, w := theWorld(t)
	var mu sync.Mutex // the world's id map gains spare fixtures per subtest
	for _, row := range matrix {
		row := row
		t.Run(row.collection, func(t *testing.T) {
			app := hbtest.NewApp(t, dir)
			mu.Lock()
			defer mu.Unlock()

			fixture, fields := fixtureFor(row.collection)
			target := w.id(fixture)

			for a := anon; a < actorCount; a++ {
				n := 1 + int(a)
				prepareFresh(t, app, w, row.collection, n)
				before := count(t, app, row.collection)
				status, body := app.Do(t, http.MethodPost, recordsURL(row.collection), w.tokens[a], createBody(w, row.collection, a, n))
				after := count(t, app, row.collection)
				if row.create.has(a) && (status != http.StatusOK || after != before+1) {
					t.Errorf("create by %s must succeed, got %d %s", a, status, body)
				}
				if !row.create.has(a) && (status == http.StatusOK || after != before || status >= 500) {
					t.Errorf("create by %s must be refused with a 4xx and write nothing, got %d (rows %d→%d) %s", a, status, before, after, body)
				}
			}

			for a := anon; a < actorCount; a++ {
				before := snapshot(t, app, row.collection, target)
				status, body := app.Do(t, http.MethodPatch, recordsURL(row.collection)+"/"+target, w.tokens[a], row.patch)
				after := snapshot(t, app, row.collection, target)
				if row.update.has(a) && status != http.StatusOK {
					t.Errorf("update by %s must succeed, got %d %s", a, status, body)
				}
				if !row.update.has(a) && (status == http.StatusOK || before != after || status >= 500) {
					t.Errorf("update by %s must be refused with a 4xx and change nothing, got %d %s", a, status, body)
				}
			}

			for a := anon; a < actorCount; a++ {
				victim := target
				if row.collection != "settings" {
					n := 11 + int(a)
					prepareFresh(t, app, w, row.collection, n)
					r, err := mk(app, row.collection, fields(w, n))
					if err != nil {
						t.Fatalf("fresh %s: %v", row.collection, err)
					}
					victim = r.Id
				}
				status, body := app.Do(t, http.MethodDelete, recordsURL(row.collection)+"/"+victim, w.tokens[a], nil)
				_, err := app.FindRecordById(row.collection, victim)
				gone := err != nil
				if row.delete.has(a) && (status != http.StatusNoContent || !gone) {
					t.Errorf("delete by %s must succeed, got %d %s", a, status, body)
				}
				if !row.delete.has(a) && (status == http.StatusNoContent || gone || status >= 500) {
					t.Errorf("delete by %s must be refused with a 4xx and keep the record, got %d %s", a, status, body)
				}
			}
		})
	}
}
