package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/hooks/hbtest"
)

type apiError struct {
	Status  int                       `json:"status"`
	Message string                    `json:"message"`
	Data    map[string]map[string]any `json:"data"`
}

// Every bad write gets a 400 that names the field, and writes nothing.
func TestBadInputNamesTheFieldAndWritesNothing(t *testing.T) {
	dir, w := theWorld(t)
	app := hbtest.NewApp(t, dir)

	// Customer B's own ticket and service, for A to point at.
	bTicketService, err := mk(app, "services", map[string]any{"customer": w.id("customer_b"), "product": w.id("product"), "status": "active", "cycle": "monthly", "currency": "USD"})
	if err != nil {
		t.Fatal(err)
	}
	bTicket, err := mk(app, "tickets", map[string]any{"subject": "B's", "customer": w.id("customer_b"), "department": w.id("dept_support")})
	if err != nil {
		t.Fatal(err)
	}
	product := map[string]any{"name": "VPS X", "slug": "vps-x", "kind": "vps", "group": w.id("group"), "pricing": usdMonthly}
	with := func(base map[string]any, k string, v any) map[string]any {
		out := map[string]any{}
		for bk, bv := range base {
			out[bk] = bv
		}
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
		return out
	}
	signup := map[string]any{"name": "New", "email": "new@example.com", "password": worldPassword, "passwordConfirm": worldPassword}

	cases := []struct {
		name       string
		who        actor
		method     string
		collection string
		target     string // record id for PATCH
		body       map[string]any
		field      string
		mention    string // the message must say this
	}{
		{"missing required name", admin, "POST", "products", "", with(product, "name", nil), "name", ""},
		{"wrong type for stock", admin, "POST", "products", "", with(product, "stock", "ten"), "stock", ""},
		{"negative stock", admin, "POST", "products", "", with(product, "stock", -1), "stock", ""},
		{"negative price", admin, "POST", "products", "", with(product, "pricing", `{"USD":{"monthly":{"price":-100,"setup":0}}}`), "pricing", "USD.monthly.price"},
		{"unknown currency in pricing", admin, "POST", "products", "", with(product, "pricing", `{"XYZ":{"monthly":{"price":100}}}`), "pricing", "XYZ"},
		{"fractional minor units", admin, "POST", "products", "", with(product, "pricing", `{"USD":{"monthly":{"price":12.5}}}`), "pricing", "12.5"},
		{"unknown cycle", admin, "POST", "products", "", with(product, "pricing", `{"USD":{"weekly":{"price":100}}}`), "pricing", "weekly"},
		{"no prices at all", admin, "POST", "addons", "", map[string]any{"name": "Backups", "pricing": map[string]any{}}, "pricing", ""},
		{"unknown currency code", admin, "POST", "currencies", "", map[string]any{"code": "ABC", "rate_nano": 1, "active": true}, "code", "ABC"},
		{"negative exchange rate", admin, "POST", "currencies", "", map[string]any{"code": "CHF", "rate_nano": -5}, "rate_nano", ""},
		{"negative percent", billing, "POST", "coupons", "", map[string]any{"code": "NEG", "kind": "percent", "percent_bp": -100}, "percent_bp", ""},
		{"coupon amount in unknown currency", billing, "POST", "coupons", "", map[string]any{"code": "FIX", "kind": "fixed", "amounts": map[string]any{"QQQ": 100}}, "amounts", "QQQ"},
		{"negative coupon amount", billing, "POST", "coupons", "", map[string]any{"code": "FIX", "kind": "fixed", "amounts": map[string]any{"USD": -5}}, "amounts", "negative"},
		{"tax rate over 100%", billing, "POST", "tax_rules", "", map[string]any{"country": "DE", "name": "VAT", "rate_bp": 20000}, "rate_bp", ""},
		{"country not ISO", billing, "POST", "tax_rules", "", map[string]any{"country": "Germany", "name": "VAT", "rate_bp": 1900}, "country", ""},
		{"signup in a currency the shop does not sell", anon, "POST", "customers", "", with(signup, "currency", "ZAR"), "currency", "ZAR"},
		{"signup with a malformed currency", anon, "POST", "customers", "", with(signup, "currency", "dollars"), "currency", ""},
		{"signup without a name", anon, "POST", "customers", "", with(signup, "name", nil), "name", ""},
		{"ticket about another customer's service", custA, "POST", "tickets", "", map[string]any{"subject": "Help", "customer": w.id("customer_a"), "department": w.id("dept_support"), "service": bTicketService.Id}, "service", "your own"},
		{"message on another customer's ticket", custA, "POST", "ticket_messages", "", map[string]any{"ticket": bTicket.Id, "author_customer": w.id("customer_a"), "body": "hi"}, "ticket", "your own"},
		{"ticket in another customer's name", custA, "POST", "tickets", "", map[string]any{"subject": "Help", "customer": w.id("customer_b"), "department": w.id("dept_support")}, "customer", "your own"},
		{"unknown timezone", admin, "PATCH", "settings", w.id("settings"), map[string]any{"timezone": "Mars/Olympus"}, "timezone", ""},
		{"unknown base currency", admin, "PATCH", "settings", w.id("settings"), map[string]any{"base_currency": "XXQ"}, "base_currency", ""},
		{"credentials that are not a JSON object", superuser, "POST", "servers", "", map[string]any{"name": "x", "plugin": "virtfusion", "credentials": "hunter2"}, "credentials", "JSON object"},
		{"credentials set by staff", admin, "POST", "servers", "", map[string]any{"name": "x", "plugin": "virtfusion", "credentials": `{"api_token":"t"}`}, "credentials", "superuser"},
		{"a string for a boolean", admin, "POST", "products", "", with(product, "hidden", "yes"), "hidden", "true or false"},
		{"a number for a relation", admin, "POST", "products", "", with(product, "group", 42), "group", "record id"},
		{"decimals that contradict ISO 4217", admin, "PATCH", "currencies", w.id("currency_eur"), map[string]any{"decimals": 3}, "decimals", "2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			url := recordsURL(c.collection)
			var before string
			var rows int64
			if c.method == "PATCH" {
				url += "/" + c.target
				before = snapshot(t, app, c.collection, c.target)
			} else {
				rows = count(t, app, c.collection)
			}
			status, body := app.Do(t, c.method, url, w.tokens[c.who], c.body)
			if status != http.StatusBadRequest {
				t.Fatalf("want 400, got %d: %s", status, body)
			}
			var e apiError
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("error body is not JSON: %s", body)
			}
			fe, ok := e.Data[c.field]
			if !ok {
				t.Fatalf("the error must name %q: %s", c.field, body)
			}
			if c.mention != "" && !strings.Contains(fmt.Sprint(fe["message"]), c.mention) {
				t.Errorf("the message for %s should mention %q: %q", c.field, c.mention, fe["message"])
			}
			if c.method == "PATCH" {
				if after := snapshot(t, app, c.collection, c.target); after != before {
					t.Errorf("a refused update changed the record:\n%s\n%s", before, after)
				}
			} else if after := count(t, app, c.collection); after != rows {
				t.Errorf("a refused create wrote %d row(s)", after-rows)
			}
		})
	}
}

// A customer edits their profile, never their standing or their money.
func TestCustomerCannotWriteMoneyOrTrustFields(t *testing.T) {
	dir, w := theWorld(t)
	app := hbtest.NewApp(t, dir)
	a := w.tokens[custA]

	own := recordsURL("customers") + "/" + w.id("customer_a")
	for field, value := range map[string]any{
		"status": "active", "tax_exempt": true, "dunning_exempt": true, "disputed": false,
		"referred_by": w.id("affiliate"), "stripe_customer_id": "cus_evil", "paypal_payer_id": "X", "currency": "EUR",
	} {
		before := snapshot(t, app, "customers", w.id("customer_a"))
		status, body := app.Do(t, "PATCH", own, a, map[string]any{field: value})
		if status < 400 || status >= 500 {
			t.Errorf("customer setting %s on their account: want 4xx, got %d %s", field, status, body)
		}
		if after := snapshot(t, app, "customers", w.id("customer_a")); after != before {
			t.Errorf("customer setting %s changed the record", field)
		}
	}
	// The same request without protected fields goes through: the refusals
	// above are about the fields, not the customer.
	if status, body := app.Do(t, "PATCH", own, a, map[string]any{"phone": "+49 30 5555"}); status != http.StatusOK {
		t.Fatalf("customer editing their phone: %d %s", status, body)
	}

	for _, c := range []struct{ collection, fixture, field string }{
		{"invoices", "invoice", "amount_due"}, {"invoices", "invoice", "status"}, {"invoice_items", "invoice_item", "amount"},
		{"services", "service", "status"}, {"services", "service", "recurring_amount"}, {"credit_ledger", "credit", "amount"},
		{"transactions", "transaction", "amount"}, {"orders", "order", "status"},
	} {
		before := snapshot(t, app, c.collection, w.id(c.fixture))
		value := any(0)
		if c.field == "status" {
			value = "paid"
		}
		status, _ := app.Do(t, "PATCH", recordsURL(c.collection)+"/"+w.id(c.fixture), a, map[string]any{c.field: value})
		if status < 400 || status >= 500 {
			t.Errorf("customer writing %s.%s: want 4xx, got %d", c.collection, c.field, status)
		}
		if snapshot(t, app, c.collection, w.id(c.fixture)) != before {
			t.Errorf("customer writing %s.%s changed it", c.collection, c.field)
		}
	}

	ticket := map[string]any{"subject": "Help", "customer": w.id("customer_a"), "department": w.id("dept_support")}
	for field, value := range map[string]any{"status": "closed", "rating": 5, "assigned_to": w.id("staff_support"), "reply_token": "x", "ref": "ABCDEFGH"} {
		body := map[string]any{field: value}
		for k, v := range ticket {
			body[k] = v
		}
		before := count(t, app, "tickets")
		if status, _ := app.Do(t, "POST", recordsURL("tickets"), a, body); status < 400 || status >= 500 {
			t.Errorf("customer opening a ticket with %s set: want 4xx, got %d", field, status)
		}
		if count(t, app, "tickets") != before {
			t.Errorf("customer opening a ticket with %s set wrote a ticket", field)
		}
	}
	if status, body := app.Do(t, "POST", recordsURL("tickets"), a, ticket); status != http.StatusOK {
		t.Fatalf("customer opening a plain ticket: %d %s", status, body)
	} else if !strings.Contains(string(body), `"status":"open"`) || !strings.Contains(string(body), `"priority":"medium"`) {
		t.Errorf("a new ticket starts open with medium priority: %s", body)
	}

	for field, value := range map[string]any{"internal": true, "body_html": "<script>alert(1)</script>", "author_staff": w.id("staff_support")} {
		body := map[string]any{"ticket": w.id("ticket"), "author_customer": w.id("customer_a"), "body": "hello", field: value}
		if status, _ := app.Do(t, "POST", recordsURL("ticket_messages"), a, body); status < 400 || status >= 500 {
			t.Errorf("customer posting a message with %s set: want 4xx, got %d", field, status)
		}
	}
}

// Internal notes reach staff only, through every read path a customer has.
func TestInternalNotesNeverReachCustomers(t *testing.T) {
	dir, w := theWorld(t)
	app := hbtest.NewApp(t, dir)
	note := "legacy node"
	for _, url := range []string{
		recordsURL("ticket_messages"),
		recordsURL("ticket_messages") + "/" + w.id("internal_note"),
		recordsURL("tickets") + "/" + w.id("ticket") + "?expand=ticket_messages_via_ticket",
		recordsURL("tickets") + "?expand=ticket_messages_via_ticket",
	} {
		_, body := app.Do(t, "GET", url, w.tokens[custA], nil)
		if strings.Contains(string(body), note) {
			t.Errorf("customer A read an internal note through %s", url)
		}
	}
	_, body := app.Do(t, "GET", recordsURL("ticket_messages")+"/"+w.id("internal_note"), w.tokens[support], nil)
	if !strings.Contains(string(body), note) {
		t.Error("support staff of the department must read the internal note")
	}
	_, body = app.Do(t, "GET", recordsURL("ticket_messages")+"/"+w.id("internal_note"), w.tokens[billing], nil)
	if strings.Contains(string(body), note) {
		t.Error("staff outside the ticket's department must not read its notes")
	}
}
