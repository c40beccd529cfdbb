package tickets_test

import (
	"net/http"
	neturl "net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

// A customer opens a ticket (open, token set, body rendered); a staff reply
// answers it; the customer's reply asks again; an internal note changes
// nothing; last_reply_at/by follow the public messages.
func TestLifecycleThroughTheRoutes(t *testing.T) {
	w := newWorld(t)
	tk := w.open(t, w.custA, w.support, "My **VPS** is down.")
	if tk.Status() != collections.TicketStatusOpen || tk.ReplyToken() == "" || tk.Ref() == "" ||
		tk.Priority() != collections.TicketPriorityHigh || tk.CustomerID() != w.custA.Id || tk.LastReplyBy() != collections.TicketLastReplyByCustomer {
		t.Fatalf("opened ticket: %v", tk.FieldsData())
	}
	msgs, err := w.app.FindAllRecords(collections.TicketMessages)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("first message: %v %v", msgs, err)
	}
	first := collections.WrapTicketMessage(msgs[0])
	if first.AuthorCustomerID() != w.custA.Id || !strings.Contains(first.BodyHTML(), "<strong>VPS</strong>") || first.Source() != collections.TicketMessageSourceWeb {
		t.Errorf("first message: %v", first.FieldsData())
	}

	steps := []struct {
		who      *core.Record
		body     map[string]any
		want     collections.TicketStatus
		wantLast collections.TicketLastReplyBy
		moves    bool
	}{
		{w.sam, map[string]any{"body": "We are on it."}, collections.TicketStatusAnswered, collections.TicketLastReplyByStaff, true},
		{w.custA, map[string]any{"body": "Still down."}, collections.TicketStatusCustomerReply, collections.TicketLastReplyByCustomer, true},
		{w.sam, map[string]any{"body": "Customer is on the old kernel.", "internal": true}, collections.TicketStatusCustomerReply, collections.TicketLastReplyByCustomer, false},
		{w.admin, map[string]any{"body": "Fixed."}, collections.TicketStatusAnswered, collections.TicketLastReplyByStaff, true},
	}
	for i, s := range steps {
		before := w.ticket(t, tk.Id)
		time.Sleep(2 * time.Millisecond)
		status, body := w.reply(t, s.who, tk.Id, s.body)
		if status != http.StatusOK {
			t.Fatalf("step %d: %d %s", i, status, body)
		}
		after := w.ticket(t, tk.Id)
		moved := after.LastReplyAt().String() != before.LastReplyAt().String()
		if after.Status() != s.want || after.LastReplyBy() != s.wantLast || moved != s.moves {
			t.Errorf("step %d: status %s by %s (moved %v), want %s by %s (moved %v)", i, after.Status(), after.LastReplyBy(), moved, s.want, s.wantLast, s.moves)
		}
	}
}

// Staff writing through the collections API (the dashboard) move the
// ticket the same way: the hooks hold whatever the entry point.
func TestCollectionsAPIKeepsTheLifecycle(t *testing.T) {
	w := newWorld(t)
	tk := w.open(t, w.custA, w.support, "Help")
	status, body := w.app.Do(t, "POST", "/api/collections/ticket_messages/records", hbtest.Token(t, w.sam),
		map[string]any{"ticket": tk.Id, "author_staff": w.sam.Id, "body": "Answer from the dashboard"})
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	if got := w.ticket(t, tk.Id); got.Status() != collections.TicketStatusAnswered || got.LastReplyBy() != collections.TicketLastReplyByStaff {
		t.Errorf("status %s by %s", got.Status(), got.LastReplyBy())
	}
	msg := hbtest.Decode(t, body)
	if !strings.Contains(msg["body_html"].(string), "Answer from the dashboard") {
		t.Errorf("body_html rendered on save: %v", msg)
	}
	// An owner writing from the dashboard, with no author, is staff too.
	rec, _ := collections.NewTicketMessage(w.app)
	rec.SetTicketID(tk.Id)
	rec.SetBody("From the owner")
	if err := w.app.Save(rec); err != nil {
		t.Fatal(err)
	}
	// A customer cannot set body_html, internal, or write as staff.
	for _, bad := range []map[string]any{
		{"ticket": tk.Id, "author_customer": w.custA.Id, "body": "x", "body_html": "<script>x</script>"},
		{"ticket": tk.Id, "author_customer": w.custA.Id, "body": "x", "internal": true},
		{"ticket": tk.Id, "author_staff": w.sam.Id, "body": "x"},
	} {
		before := w.rows(t)
		status, body := w.app.Do(t, "POST", "/api/collections/ticket_messages/records", hbtest.Token(t, w.custA), bad)
		if status < 400 || status >= 500 || w.rows(t) != before {
			t.Errorf("%v: %d %s, rows %s -> %s", bad, status, body, before, w.rows(t))
		}
	}
}

// A customer replying to a closed ticket reopens it within the reopen
// window; after it, a 400 on "ticket" tells them to open a new ticket, and
// nothing is written.
func TestReopenWindow(t *testing.T) {
	w := newWorld(t)
	tk := w.open(t, w.custA, w.support, "Help")
	if status, body := w.app.Do(t, "POST", "/api/hb/tickets/"+tk.Id+"/close", hbtest.Token(t, w.custA), map[string]any{}); status != http.StatusOK {
		t.Fatalf("close: %d %s", status, body)
	}
	closed := w.ticket(t, tk.Id)
	if closed.Status() != collections.TicketStatusClosed || closed.ClosedAt().IsZero() {
		t.Fatalf("closed: %v", closed.FieldsData())
	}
	status, body := w.reply(t, w.custA, tk.Id, map[string]any{"body": "One more thing"})
	if status != http.StatusOK {
		t.Fatalf("reply within the window: %d %s", status, body)
	}
	reopened := w.ticket(t, tk.Id)
	if reopened.Status() != collections.TicketStatusCustomerReply || !reopened.ClosedAt().IsZero() {
		t.Errorf("reopened: %s closed_at %s", reopened.Status(), reopened.ClosedAt())
	}

	// Closed eight days ago, with a window of seven.
	reopened.SetStatus(collections.TicketStatusClosed)
	old, _ := types.ParseDateTime(time.Now().Add(-8 * 24 * time.Hour))
	reopened.SetClosedAt(old)
	if err := w.app.Save(reopened); err != nil {
		t.Fatal(err)
	}
	before := w.rows(t)
	status, body = w.reply(t, w.custA, tk.Id, map[string]any{"body": "Hello again"})
	hbtest.WantField(t, status, body, "ticket")
	if !strings.Contains(string(body), "open a new ticket") {
		t.Errorf("the refusal must say what to do: %s", body)
	}
	if after := w.rows(t); after != before {
		t.Errorf("a refused reply wrote: %s -> %s", before, after)
	}
	if got := w.ticket(t, tk.Id); got.Status() != collections.TicketStatusClosed {
		t.Errorf("status %s", got.Status())
	}
}

// Customer B cannot read, reply to, close or rate customer A's ticket, by
// the routes or the collections API; staff of another department neither;
// an anonymous visitor sees nothing. Nothing is written.
func TestStrangersCannotTouchATicket(t *testing.T) {
	w := newWorld(t)
	tk := w.open(t, w.custA, w.support, "Private")
	if status, body := w.reply(t, w.sam, tk.Id, map[string]any{"body": "Staff note", "internal": true}); status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	before := w.rows(t)
	for _, who := range []*core.Record{w.custB, w.billingClerk} {
		tok := hbtest.Token(t, who)
		for _, req := range []struct {
			method, url string
			body        any
		}{
			{"POST", "/api/hb/tickets/" + tk.Id + "/messages", map[string]any{"body": "hi"}},
			{"POST", "/api/hb/tickets/" + tk.Id + "/close", map[string]any{}},
			{"POST", "/api/hb/tickets/" + tk.Id + "/rating", map[string]any{"rating": 1}},
			{"GET", "/api/collections/tickets/records/" + tk.Id, nil},
			{"POST", "/api/collections/ticket_messages/records", map[string]any{"ticket": tk.Id, "author_customer": who.Id, "body": "hi"}},
			{"POST", "/api/collections/ticket_messages/records", map[string]any{"ticket": tk.Id, "author_staff": who.Id, "body": "hi"}},
			{"PATCH", "/api/collections/tickets/records/" + tk.Id, map[string]any{"status": "closed"}},
		} {
			status, body := w.app.Do(t, req.method, req.url, tok, req.body)
			if status < 400 || status >= 500 {
				t.Errorf("%s %s %s: %d %s", who.Collection().Name, req.method, req.url, status, body)
			}
		}
		for _, list := range []string{"/api/collections/tickets/records", "/api/collections/ticket_messages/records"} {
			status, body := w.app.Do(t, "GET", list, tok, nil)
			if status != http.StatusOK || len(decodeList(t, body)) != 0 {
				t.Errorf("%s lists %s: %d %s", who.GetString("email"), list, status, body)
			}
		}
	}
	for _, url := range []string{"/api/collections/tickets/records", "/api/collections/ticket_messages/records", "/api/collections/tickets/records/" + tk.Id} {
		status, body := w.app.Do(t, "GET", url, "", nil)
		if status == http.StatusOK && len(decodeList(t, body)) != 0 || status == http.StatusOK && strings.Contains(url, tk.Id) {
			t.Errorf("anonymous %s: %d %s", url, status, body)
		}
	}
	if status, _ := w.app.Do(t, "POST", "/api/hb/tickets/"+tk.Id+"/messages", "", map[string]any{"body": "hi"}); status != http.StatusUnauthorized {
		t.Errorf("anonymous reply: %d", status)
	}
	if after := w.rows(t); after != before {
		t.Errorf("strangers wrote: %s -> %s", before, after)
	}

	// A's own list holds the ticket and the public message, never the note.
	status, body := w.app.Do(t, "GET", "/api/collections/ticket_messages/records", hbtest.Token(t, w.custA), nil)
	items := decodeList(t, body)
	if status != http.StatusOK || len(items) != 1 || items[0]["internal"] != false {
		t.Errorf("customer A's messages: %d %s", status, body)
	}
	// Nor through a back-relation expand or a filter on internal notes.
	for _, url := range []string{
		"/api/collections/tickets/records/" + tk.Id + "?expand=ticket_messages_via_ticket",
		"/api/collections/tickets/records?expand=ticket_messages_via_ticket",
		"/api/collections/ticket_messages/records?filter=" + neturl.QueryEscape("internal = true"),
	} {
		status, body := w.app.Do(t, "GET", url, hbtest.Token(t, w.custA), nil)
		if status != http.StatusOK || strings.Contains(string(body), "Staff note") {
			t.Errorf("customer A, %s: %d %s", url, status, body)
		}
		if strings.Contains(url, "expand") && !strings.Contains(string(body), `"body":"Private"`) {
			t.Errorf("the expand must hold the public message: %s", body)
		}
	}
}

// Opening a ticket refuses bad input with a 400 naming the field and writes
// nothing: hidden or unknown department, no subject, a bad priority, no
// body, a script payload.
func TestOpenRefusesBadInput(t *testing.T) {
	w := newWorld(t)
	ok := map[string]any{"department": w.support.Id, "subject": "Help", "body": "Text"}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for a, b := range ok {
			m[a] = b
		}
		m[k] = v
		return m
	}
	before := w.rows(t)
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{with("department", w.abuse.Id), "department"},
		{with("department", "nosuchdepartmnt"), "department"},
		{with("subject", "  "), "subject"},
		{with("subject", strings.Repeat("x", 256)), "subject"},
		{with("priority", "asap"), "priority"},
		{with("body", ""), "body"},
		{with("body", "<script>alert(1)</script>"), "body"},
		{with("body", "[click](javascript:alert(1))"), "body"},
		{with("body", `<img src=x onerror="alert(1)">`), "body"},
		{with("status", "closed"), "status"},
		{with("service", "nosuchservice00"), "service"},
	} {
		status, body := w.app.Do(t, "POST", "/api/hb/tickets", hbtest.Token(t, w.custA), c.body)
		hbtest.WantField(t, status, body, c.field)
	}
	if after := w.rows(t); after != before {
		t.Errorf("refused tickets wrote: %s -> %s", before, after)
	}
	if status, _ := w.app.Do(t, "POST", "/api/hb/tickets", hbtest.Token(t, w.sam), ok); status != http.StatusForbidden && status != http.StatusUnauthorized {
		t.Errorf("staff open tickets from the dashboard, not this route: %d", status)
	}
	// A reply with a script payload is refused too.
	tk := w.open(t, w.custA, w.support, "Fine")
	before = w.rows(t)
	status, body := w.reply(t, w.custA, tk.Id, map[string]any{"body": `<a href="javascript:alert(1)">x</a>`})
	hbtest.WantField(t, status, body, "body")
	status, body = w.reply(t, w.custA, tk.Id, map[string]any{"body": "hi", "internal": true})
	hbtest.WantField(t, status, body, "internal")
	if after := w.rows(t); after != before {
		t.Errorf("refused replies wrote: %s -> %s", before, after)
	}
}

// Close and rate: the customer rates once, 1 to 5, only a closed ticket;
// staff close but never rate, nor through the collections API.
func TestCloseAndRating(t *testing.T) {
	w := newWorld(t)
	tk := w.open(t, w.custA, w.support, "Help")
	rate := func(who *core.Record, path string, body map[string]any) (int, []byte) {
		return w.app.Do(t, "POST", "/api/hb/tickets/"+tk.Id+path, hbtest.Token(t, who), body)
	}
	status, body := rate(w.custA, "/rating", map[string]any{"rating": 5})
	hbtest.WantField(t, status, body, "rating") // not closed yet
	status, body = rate(w.sam, "/close", map[string]any{"rating": 5})
	hbtest.WantField(t, status, body, "rating") // staff never rate
	if got := w.ticket(t, tk.Id); got.Status() != collections.TicketStatusOpen {
		t.Fatalf("a refused close changed the status: %s", got.Status())
	}
	status, body = rate(w.custA, "/close", map[string]any{"rating": 6})
	hbtest.WantField(t, status, body, "rating")

	if status, body = rate(w.sam, "/close", map[string]any{}); status != http.StatusOK {
		t.Fatalf("staff close: %d %s", status, body)
	}
	if status, body = rate(w.custA, "/rating", map[string]any{"rating": 4, "comment": "Quick, thanks"}); status != http.StatusOK {
		t.Fatalf("rate: %d %s", status, body)
	}
	got := w.ticket(t, tk.Id)
	if got.Rating() != 4 || got.RatingComment() != "Quick, thanks" {
		t.Fatalf("rating %d %q", got.Rating(), got.RatingComment())
	}
	before := w.rows(t)
	status, body = rate(w.custA, "/rating", map[string]any{"rating": 1})
	hbtest.WantField(t, status, body, "rating")
	status, body = w.app.Do(t, "PATCH", "/api/collections/tickets/records/"+tk.Id, hbtest.Token(t, w.admin), map[string]any{"rating": 1})
	hbtest.WantField(t, status, body, "rating")
	if after := w.rows(t); after != before || w.ticket(t, tk.Id).Rating() != 4 {
		t.Errorf("a second rating wrote: %s -> %s", before, after)
	}
}

// Assignment goes to staff who see the department; departments decide
// which staff see a ticket.
func TestAssignmentAndDepartments(t *testing.T) {
	w := newWorld(t)
	tk := w.open(t, w.custA, w.support, "Help")
	patch := func(who *core.Record, body map[string]any) (int, []byte) {
		return w.app.Do(t, "PATCH", "/api/collections/tickets/records/"+tk.Id, hbtest.Token(t, who), body)
	}
	status, body := patch(w.admin, map[string]any{"assigned_to": w.billingClerk.Id})
	hbtest.WantField(t, status, body, "assigned_to")
	if status, body = patch(w.admin, map[string]any{"assigned_to": w.sam.Id}); status != http.StatusOK {
		t.Fatalf("assign: %d %s", status, body)
	}
	// Moving the ticket to Billing with an assignee of Support only is refused.
	status, body = patch(w.admin, map[string]any{"department": w.billingDept.Id})
	hbtest.WantField(t, status, body, "assigned_to")
	if status, body = patch(w.sam, map[string]any{"status": "on_hold"}); status != http.StatusOK {
		t.Fatalf("on hold: %d %s", status, body)
	}
	// The billing clerk does not see a Support ticket; the admin does.
	if status, _ := w.app.Do(t, "GET", "/api/collections/tickets/records/"+tk.Id, hbtest.Token(t, w.billingClerk), nil); status != http.StatusNotFound {
		t.Errorf("billing clerk sees a support ticket: %d", status)
	}
	if status, _ := w.app.Do(t, "GET", "/api/collections/tickets/records/"+tk.Id, hbtest.Token(t, w.admin), nil); status != http.StatusOK {
		t.Errorf("admin: %d", status)
	}
	// Customers are offered the visible departments only.
	status, body = w.app.Do(t, "GET", "/api/collections/ticket_departments/records", hbtest.Token(t, w.custA), nil)
	if status != http.StatusOK || strings.Contains(string(body), `"abuse"`) || !strings.Contains(string(body), `"support"`) {
		t.Errorf("departments offered: %d %s", status, body)
	}
}

// A client that opens a ticket through the collections API (the ticket,
// then its first message) gets the same ticket: open, with a token it
// never sees, and refused in a hidden department.
func TestOpenThroughTheCollectionsAPI(t *testing.T) {
	w := newWorld(t)
	tok := hbtest.Token(t, w.custA)
	status, body := w.app.Do(t, "POST", "/api/collections/tickets/records", tok,
		map[string]any{"customer": w.custA.Id, "department": w.support.Id, "subject": "Via the API", "priority": "low"})
	if status != http.StatusOK || strings.Contains(string(body), "reply_token") {
		t.Fatalf("%d %s", status, body)
	}
	id := hbtest.Decode(t, body)["id"].(string)
	if got := w.ticket(t, id); got.Status() != collections.TicketStatusOpen || got.ReplyToken() == "" {
		t.Fatalf("ticket: %v", got.FieldsData())
	}
	status, body = w.app.Do(t, "POST", "/api/collections/ticket_messages/records", tok,
		map[string]any{"ticket": id, "author_customer": w.custA.Id, "body": "First words"})
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	if got := w.ticket(t, id); got.Status() != collections.TicketStatusOpen || got.LastReplyBy() != collections.TicketLastReplyByCustomer {
		t.Errorf("after the first message: %s by %s", got.Status(), got.LastReplyBy())
	}
	before := w.rows(t)
	for _, bad := range []map[string]any{
		{"customer": w.custA.Id, "department": w.abuse.Id, "subject": "Hidden"},
		{"customer": w.custB.Id, "department": w.support.Id, "subject": "For someone else"},
		{"customer": w.custA.Id, "department": w.support.Id, "subject": "Pre-answered", "status": "answered"},
		{"customer": w.custA.Id, "department": w.support.Id, "subject": "Own token", "reply_token": strings.Repeat("a", 24)},
	} {
		if status, body := w.app.Do(t, "POST", "/api/collections/tickets/records", tok, bad); status != http.StatusBadRequest {
			t.Errorf("%v: %d %s", bad, status, body)
		}
	}
	if after := w.rows(t); after != before {
		t.Errorf("refused tickets wrote: %s -> %s", before, after)
	}
}
