package main

import (
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The client-area journeys (2, 3 and 4) share one running shop: each starts
// from a customer whose Cloud VPS S the test ordered through the API, paid
// with account credit, and waited to see active.

const journeyPassword = "correct-horse-battery"

// journeyCustomer is a signed-up customer with an active service.
type journeyCustomer struct {
	id, email, token string
	service          string
	hostname         string
	invoice          string
	invoiceNumber    string
}

// newJourneyCustomer signs a customer up, gives them credit as billing staff
// would, orders a Cloud VPS S paid with that credit, and waits until the
// example plugin has built it.
func (w *browserWorld) newJourneyCustomer(t *testing.T, name, email string) journeyCustomer {
	t.Helper()
	c := journeyCustomer{email: email}
	status, rec := w.srv.call(t, "POST", "/api/collections/customers/records", "", map[string]any{
		"name": name, "email": email, "password": journeyPassword, "passwordConfirm": journeyPassword})
	if status != http.StatusOK {
		t.Fatalf("sign up %s: %d %v", email, status, rec)
	}
	c.id = rec["id"].(string)
	status, auth := w.srv.call(t, "POST", "/api/collections/customers/auth-with-password", "", map[string]any{"identity": email, "password": journeyPassword})
	if status != http.StatusOK {
		t.Fatalf("log in %s: %d %v", email, status, auth)
	}
	c.token = auth["token"].(string)
	w.addCredit(t, c.id, 5000, "Welcome credit for the first order")

	_, products := w.list(t, "products/records?filter="+urlQuery("slug='cloud-vps-s'"))
	if len(products) != 1 {
		t.Fatal("the demo has no cloud-vps-s product")
	}
	status, order := w.srv.call(t, "POST", "/api/hb/checkout", c.token, map[string]any{
		"items":    []map[string]any{{"product": products[0]["id"], "cycle": "monthly", "hostname": strings.Split(email, "@")[0] + ".example.com"}},
		"currency": "EUR", "gateway": "credit", "accept_terms": true, "idempotency_key": "journey-" + c.id,
		"billing": map[string]any{"name": name, "address_line1": "Hauptstraße 1", "city": "Berlin", "postcode": "10115", "country": "DE"},
	})
	if status != http.StatusCreated || order["status"] != "paid" {
		t.Fatalf("checkout paid with credit: %d %v", status, order)
	}
	c.invoice, c.invoiceNumber = order["invoice"].(string), order["invoice_number"].(string)

	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		_, services := w.list(t, "services/records?filter="+urlQuery(fmt.Sprintf("customer='%s' && status='active'", c.id)))
		if len(services) == 1 {
			c.service, c.hostname = services[0]["id"].(string), services[0]["hostname"].(string)
			return c
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("the service of %s never became active", email)
	return c
}

// addCredit adds account credit in EUR through the billing staff route.
func (w *browserWorld) addCredit(t *testing.T, customer string, amount int64, note string) {
	t.Helper()
	w.must(t, "POST", "/api/hb/customers/"+customer+"/credit", map[string]any{"amount": amount, "currency": "EUR", "note": note})
}

// staffToken is a token of a demo member of staff, made by the owner: staff
// log in with an emailed code, which a journey need not go through.
func (w *browserWorld) staffToken(t *testing.T, email string) string {
	t.Helper()
	_, staff := w.list(t, "staff/records?filter="+urlQuery(fmt.Sprintf("email='%s'", email)))
	if len(staff) != 1 {
		t.Fatalf("no staff member %s", email)
	}
	out := w.must(t, "POST", "/api/collections/staff/impersonate/"+staff[0]["id"].(string), map[string]any{"duration": 600})
	return out["token"].(string)
}

func TestBrowserJourneysClientArea(t *testing.T) {
	needBrowser(t)
	w := newBrowserWorld(t)
	stamp := time.Now().UnixNano()
	alice := w.newJourneyCustomer(t, "Alice Example", fmt.Sprintf("alice-%d@example.com", stamp))

	// Journey 2: the customer opens a ticket with an attachment about the
	// service; a staff reply made through the API appears in the open page
	// without a reload.
	t.Run("ticket with attachment, staff reply arrives live", func(t *testing.T) {
		w.runJourney(t, "journey2_ticket",
			"HOSTBASE_JOURNEY_EMAIL="+alice.email, "HOSTBASE_JOURNEY_PASSWORD="+journeyPassword,
			"HOSTBASE_JOURNEY_SERVICE="+alice.service, "HOSTBASE_STAFF_TOKEN="+w.staffToken(t, "support@example.com"))
		_, tickets := w.list(t, "tickets/records?filter="+urlQuery(fmt.Sprintf("customer='%s'", alice.id)))
		if len(tickets) != 1 || tickets[0]["service"] != alice.service || tickets[0]["status"] != "answered" {
			t.Fatalf("one ticket about the service, answered by staff; got %v", tickets)
		}
		_, messages := w.list(t, "ticket_messages/records?filter="+urlQuery(fmt.Sprintf("ticket='%s'", tickets[0]["id"])))
		if len(messages) != 2 {
			t.Fatalf("the customer's message and the staff reply; got %d messages", len(messages))
		}
		if files, _ := messages[0]["attachments"].([]any); len(files) != 1 {
			t.Errorf("the first message keeps its attachment, got %v", messages[0]["attachments"])
		}
	})

	// Journey 3: billing staff top up the customer's credit; the customer
	// upgrades to the Cloud VPS M, sees the proration, pays the upgrade
	// invoice with account credit and downloads its PDF; staff then suspend
	// and unsuspend the service, and the open page follows live.
	t.Run("upgrade with proration paid by credit, invoice PDF", func(t *testing.T) {
		w.addCredit(t, alice.id, 5000, "Goodwill credit for the upgrade")
		// With credit applied by itself the upgrade invoice would be paid
		// before the customer saw it; here the customer chooses to pay.
		_, settings := w.list(t, "settings/records")
		w.must(t, "PATCH", "/api/collections/settings/records/"+settings[0]["id"].(string), map[string]any{"auto_apply_credit": false})
		_, products := w.list(t, "products/records?filter="+urlQuery("slug='cloud-vps-m'"))
		if len(products) != 1 {
			t.Fatal("the demo has no cloud-vps-m product")
		}
		w.runJourney(t, "journey3_upgrade",
			"HOSTBASE_JOURNEY_EMAIL="+alice.email, "HOSTBASE_JOURNEY_PASSWORD="+journeyPassword, "HOSTBASE_JOURNEY_SERVICE="+alice.service,
			"HOSTBASE_STAFF_TOKEN="+w.staffToken(t, "admin@example.com"))
		_, services := w.list(t, "services/records?filter="+urlQuery(fmt.Sprintf("id='%s'", alice.service)))
		if len(services) != 1 || services[0]["product"] != products[0]["id"] {
			t.Fatalf("the service runs the Cloud VPS M once the upgrade is paid; got %v", services)
		}
		_, changes := w.list(t, "service_changes/records?filter="+urlQuery(fmt.Sprintf("service='%s'", alice.service)))
		if len(changes) != 1 || changes[0]["status"] != "applied" || changes[0]["kind"] != "upgrade" {
			t.Fatalf("one applied upgrade; got %v", changes)
		}
	})

	// Journey 4: a second customer opens the first one's service, invoice
	// and ticket pages by URL: each says not found, and no response carries
	// the first customer's data.
	t.Run("another customer's pages are not found", func(t *testing.T) {
		bob := w.newJourneyCustomer(t, "Bob Other", fmt.Sprintf("bob-%d@example.com", stamp))
		status, ticket := w.srv.call(t, "POST", "/api/hb/tickets", alice.token, map[string]any{
			"department": w.departmentID(t, "support"), "subject": "Private matter of Alice", "body": "Alice's private question."})
		if status != http.StatusOK {
			t.Fatalf("open alice's ticket: %d %v", status, ticket)
		}
		w.runJourney(t, "journey4_strangers",
			"HOSTBASE_JOURNEY_EMAIL="+bob.email, "HOSTBASE_JOURNEY_PASSWORD="+journeyPassword,
			"HOSTBASE_OTHER_SERVICE="+alice.service, "HOSTBASE_OTHER_INVOICE="+alice.invoice, "HOSTBASE_OTHER_TICKET="+ticket["id"].(string),
			"HOSTBASE_OTHER_SECRETS="+strings.Join([]string{alice.hostname, alice.invoiceNumber, "Private matter of Alice", alice.email, alice.id}, "\n"))

		// The same customer then goes through their own client area.
		_, settings := w.list(t, "settings/records")
		affiliates, _ := settings[0]["affiliates"].(map[string]any)
		if affiliates == nil {
			affiliates = map[string]any{}
		}
		affiliates["enabled"] = true
		w.must(t, "PATCH", "/api/collections/settings/records/"+settings[0]["id"].(string), map[string]any{"affiliates": affiliates})
		w.runJourney(t, "journey4_own_pages", "HOSTBASE_JOURNEY_EMAIL="+bob.email, "HOSTBASE_JOURNEY_PASSWORD="+journeyPassword)
		_, topups := w.list(t, "invoices/records?filter="+urlQuery(fmt.Sprintf("customer='%s' && total=2550 && status='unpaid'", bob.id)))
		if len(topups) != 1 {
			t.Errorf("one unpaid top-up invoice of 25.50 after the malformed amount was refused; got %d", len(topups))
		}
		_, accounts := w.list(t, "affiliates/records?filter="+urlQuery(fmt.Sprintf("customer='%s'", bob.id)))
		if len(accounts) != 1 {
			t.Errorf("the customer opened one affiliate account; got %d", len(accounts))
		}
	})
}

func (w *browserWorld) departmentID(t *testing.T, slug string) string {
	t.Helper()
	_, depts := w.list(t, "ticket_departments/records?filter="+urlQuery(fmt.Sprintf("slug='%s'", slug)))
	if len(depts) != 1 {
		t.Fatalf("no ticket department %s", slug)
	}
	return depts[0]["id"].(string)
}

// The client area's pure module (typed amounts to minor units, dates, byte
// counts) under node's test runner.
func TestClientAreaModules(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("the client area's module tests need node (apt-get install nodejs)")
	}
	out, err := exec.Command("node", "--test", filepath.Join("tools", "browser", "client_modules.test.mjs")).CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
}
