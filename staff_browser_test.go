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

// staffPassword is what the staff journeys sign in with; the owner sets it,
// as an admin would for a new member of staff.
const staffPassword = "staff-desk-passphrase"

// setStaffPassword gives a demo member of staff a known password and
// returns their id.
func (w *browserWorld) setStaffPassword(t *testing.T, email string) string {
	t.Helper()
	_, staff := w.list(t, "staff/records?filter="+urlQuery(fmt.Sprintf("email='%s'", email)))
	if len(staff) != 1 {
		t.Fatalf("no staff member %s", email)
	}
	id := staff[0]["id"].(string)
	w.must(t, "PATCH", "/api/collections/staff/records/"+id, map[string]any{"password": staffPassword, "passwordConfirm": staffPassword})
	return id
}

// messageBodies lists the bodies of a ticket's messages as token's holder
// sees them through the collections API.
func (w *browserWorld) messageBodies(t *testing.T, token, ticket string) (int, []string) {
	t.Helper()
	status, out := w.srv.call(t, "GET", "/api/collections/ticket_messages/records?filter="+urlQuery(fmt.Sprintf("ticket='%s'", ticket)), token, nil)
	items, _ := out["items"].([]any)
	var bodies []string
	for _, it := range items {
		bodies = append(bodies, it.(map[string]any)["body"].(string))
	}
	return status, bodies
}

// The staff pages' journeys, on one world with one customer who has an
// active service.
func TestBrowserJourneysStaff(t *testing.T) {
	needBrowser(t)
	w := newBrowserWorld(t)
	stamp := time.Now().UnixNano()
	carol := w.newJourneyCustomer(t, "Carol Example", fmt.Sprintf("carol-%d@example.com", stamp))
	t.Run("support desk: internal note and live reply", func(t *testing.T) { staffDeskJourney(t, w, carol, stamp) })
	t.Run("affiliate payouts: paid with a reference, rejected with a note", func(t *testing.T) { staffPayoutsJourney(t, w, carol, stamp) })
}

// staffDeskJourney: the customer has an open ticket; a support member signs
// in with password and an emailed code, finds it in the queue, adds an
// internal note and a reply and puts it on hold. The customer's page shows
// the reply live; through the customer's API the reply is there and the
// note is not, and neither an anonymous visitor nor another customer reads
// anything.
func staffDeskJourney(t *testing.T, w *browserWorld, carol journeyCustomer, stamp int64) {
	supportID := w.setStaffPassword(t, "support@example.com")

	const subject = "Backups missing since Tuesday"
	status, ticket := w.srv.call(t, "POST", "/api/hb/tickets", carol.token, map[string]any{
		"department": w.departmentID(t, "support"), "subject": subject, "service": carol.service,
		"body": "The nightly backups of my server stopped on Tuesday. Can you check?"})
	if status != http.StatusOK {
		t.Fatalf("open the customer's ticket: %d %v", status, ticket)
	}
	ticketID := ticket["id"].(string)
	_, tickets := w.list(t, "tickets/records?filter="+urlQuery(fmt.Sprintf("id='%s'", ticketID)))
	ref := tickets[0]["ref"].(string)

	note := fmt.Sprintf("Internal: the backup agent on host-7 crashed (%d).", stamp)
	reply := fmt.Sprintf("We restarted the backup agent; tonight's backup will run as usual (%d).", stamp)
	w.runJourney(t, "journey_staff_desk",
		"HOSTBASE_STAFF_EMAIL=support@example.com", "HOSTBASE_STAFF_PASSWORD="+staffPassword,
		"HOSTBASE_JOURNEY_EMAIL="+carol.email, "HOSTBASE_JOURNEY_PASSWORD="+journeyPassword,
		"HOSTBASE_TICKET="+ticketID, "HOSTBASE_TICKET_REF="+ref, "HOSTBASE_TICKET_SUBJECT="+subject,
		"HOSTBASE_NOTE="+note, "HOSTBASE_REPLY="+reply,
		"HOSTBASE_CUSTOMER_TOKEN="+carol.token, "HOSTBASE_DEPARTMENT="+w.departmentID(t, "support"))

	status, bodies := w.messageBodies(t, carol.token, ticketID)
	joined := strings.Join(bodies, "\n")
	if status != http.StatusOK || len(bodies) != 3 || !strings.Contains(joined, reply) {
		t.Fatalf("the customer reads their two messages and the staff reply: %d %q", status, bodies)
	}
	_, files := w.list(t, "ticket_messages/records?filter="+urlQuery(fmt.Sprintf("ticket='%s' && author_staff!='' && internal=false", ticketID)))
	if len(files) != 1 || len(files[0]["attachments"].([]any)) != 1 {
		t.Errorf("the staff reply keeps its attachment; got %v", files)
	}
	if strings.Contains(joined, note) {
		t.Fatalf("the internal note reached the customer: %q", bodies)
	}
	_, all := w.list(t, "ticket_messages/records?filter="+urlQuery(fmt.Sprintf("ticket='%s'", ticketID)))
	var notes int
	for _, m := range all {
		if m["internal"] == true && m["body"] == note && m["author_staff"] == supportID {
			notes++
		}
	}
	if len(all) != 4 || notes != 1 {
		t.Fatalf("the customer's two messages, one internal note by the support member and the reply; got %v", all)
	}
	_, tickets = w.list(t, "tickets/records?filter="+urlQuery(fmt.Sprintf("id='%s'", ticketID)))
	if got := tickets[0]; got["status"] != "customer_reply" || got["priority"] != "high" || got["assigned_to"] == "" {
		t.Fatalf("the ticket, put on hold, is back with the customer's answer, high priority and assigned; got %v", got)
	}

	// Nobody else reads the thread: not a visitor, not another customer.
	if status, bodies := w.messageBodies(t, "", ticketID); status != http.StatusOK || len(bodies) != 0 {
		t.Errorf("an anonymous visitor reads %d messages (%d)", len(bodies), status)
	}
	danEmail := fmt.Sprintf("dan-%d@example.com", stamp)
	status, other := w.srv.call(t, "POST", "/api/collections/customers/records", "", map[string]any{
		"name": "Dan Other", "email": danEmail, "password": journeyPassword, "passwordConfirm": journeyPassword})
	if status != http.StatusOK {
		t.Fatalf("sign up another customer: %d %v", status, other)
	}
	_, auth := w.srv.call(t, "POST", "/api/collections/customers/auth-with-password", "", map[string]any{"identity": danEmail, "password": journeyPassword})
	if status, bodies := w.messageBodies(t, auth["token"].(string), ticketID); status != http.StatusOK || len(bodies) != 0 {
		t.Errorf("another customer reads %d messages (%d)", len(bodies), status)
	}
}

// staffPayoutsJourney: the customer, as an affiliate, has two payouts by
// hand waiting; a billing member marks one paid with the transfer's
// reference (after a refusal without one) and rejects the other with a note.
func staffPayoutsJourney(t *testing.T, w *browserWorld, carol journeyCustomer, stamp int64) {
	_, settings := w.list(t, "settings/records")
	programme, _ := settings[0]["affiliates"].(map[string]any)
	if programme == nil {
		programme = map[string]any{}
	}
	programme["enabled"] = true
	w.must(t, "PATCH", "/api/collections/settings/records/"+settings[0]["id"].(string), map[string]any{"affiliates": programme})
	if status, out := w.srv.call(t, "POST", "/api/hb/affiliate/activate", carol.token, map[string]any{}); status != http.StatusOK && status != http.StatusCreated {
		t.Fatalf("activate the affiliate account: %d %v", status, out)
	}
	_, accounts := w.list(t, "affiliates/records?filter="+urlQuery(fmt.Sprintf("customer='%s'", carol.id)))
	if len(accounts) != 1 {
		t.Fatalf("one affiliate account; got %v", accounts)
	}
	const details = "IBAN DE89 3704 0044 0532 0130 00, Carol Example"
	// Commissions are earned on a referred customer's invoices: two top-ups.
	erinEmail := fmt.Sprintf("erin-%d@example.com", stamp)
	if status, out := w.srv.call(t, "POST", "/api/collections/customers/records", "", map[string]any{
		"name": "Erin Referred", "email": erinEmail, "password": journeyPassword, "passwordConfirm": journeyPassword}); status != http.StatusOK {
		t.Fatalf("sign up the referred customer: %d %v", status, out)
	}
	_, auth := w.srv.call(t, "POST", "/api/collections/customers/auth-with-password", "", map[string]any{"identity": erinEmail, "password": journeyPassword})
	erin, _ := auth["token"].(string)
	for _, amount := range []int64{25000, 12000} {
		if status, out := w.srv.call(t, "POST", "/api/hb/credit/topup", erin, map[string]any{"amount": amount, "currency": "EUR"}); status >= 300 {
			t.Fatalf("top-up invoice: %d %v", status, out)
		}
	}
	_, invoices := w.list(t, "invoices/records?sort=created&filter="+urlQuery(fmt.Sprintf("customer.email='%s'", erinEmail)))
	if len(invoices) != 2 {
		t.Fatalf("two invoices of the referred customer; got %d", len(invoices))
	}
	// Each payout gathers the approved commissions not yet paid out: one
	// commission, then a payout, twice.
	requestPayout := func(invoice any, amount int64) string {
		w.must(t, "POST", "/api/collections/commissions/records", map[string]any{
			"affiliate": accounts[0]["id"], "invoice": invoice, "amount": amount, "earned": amount, "base": amount * 10,
			"currency": "EUR", "status": "approved"})
		status, out := w.srv.call(t, "POST", "/api/hb/affiliate/payouts", carol.token, map[string]any{"method": "manual", "currency": "EUR", "details": details})
		if status >= 300 {
			t.Fatalf("request a payout by hand: %d %v", status, out)
		}
		return out["id"].(string)
	}
	pay, reject := requestPayout(invoices[0]["id"], 2500), requestPayout(invoices[1]["id"], 1200)
	billingID := w.setStaffPassword(t, "billing@example.com")
	reference := fmt.Sprintf("TRF-%d", stamp%1000000)
	note := "The IBAN does not match the account holder."
	w.runJourney(t, "journey_staff_payouts",
		"HOSTBASE_STAFF_EMAIL=billing@example.com", "HOSTBASE_STAFF_PASSWORD="+staffPassword,
		"HOSTBASE_PAYOUT_PAY="+pay, "HOSTBASE_PAYOUT_REJECT="+reject, "HOSTBASE_PAYOUT_REFERENCE="+reference,
		"HOSTBASE_PAYOUT_NOTE="+note, "HOSTBASE_PAYOUT_DETAILS="+details)

	_, payouts := w.list(t, "affiliate_payouts/records?sort=amount&filter="+urlQuery(fmt.Sprintf("affiliate='%s'", accounts[0]["id"])))
	if len(payouts) != 2 {
		t.Fatalf("two payouts; got %v", payouts)
	}
	if p := payouts[1]; p["id"] != pay || p["status"] != "paid" || p["reference"] != reference || p["staff"] != billingID {
		t.Errorf("the first payout is paid with the reference by the billing member; got %v", p)
	}
	if p := payouts[0]; p["id"] != reject || p["status"] != "rejected" || p["note"] != note || p["reference"] != "" {
		t.Errorf("the second payout is rejected with the note; got %v", p)
	}
}

// The staff queue's pure module (filters bound as parameters, waiting
// times) under node's test runner.
func TestStaffQueueModule(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("the staff queue's module tests need node (apt-get install nodejs)")
	}
	out, err := exec.Command("node", "--test", filepath.Join("tools", "browser", "journey_staff_queue.test.mjs")).CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
}
