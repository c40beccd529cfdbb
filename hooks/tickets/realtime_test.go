package tickets_test

import (
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/hbtest/realtime"
)

// Customer A, subscribed to ticket messages and tickets, sees the staff
// reply appear and never the internal note; customer B and an anonymous
// visitor, subscribed to the same, receive nothing; no event carries the
// reply token.
func TestRealtimeShowsRepliesToTheirCustomerOnly(t *testing.T) {
	w := newWorld(t)
	srv := httptest.NewServer(w.app)
	// Cleanups run last first: the clients hang up before the server closes.
	t.Cleanup(srv.Close)
	tk := w.open(t, w.custA, w.support, "Server down")
	token := w.ticket(t, tk.Id).ReplyToken()

	a, b, anon := realtime.Connect(t, srv.URL), realtime.Connect(t, srv.URL), realtime.Connect(t, srv.URL)
	topics := []string{"ticket_messages", "tickets", "ticket_messages/*", "tickets/" + tk.Id}
	a.Subscribe(t, hbtest.Token(t, w.custA), topics...)
	b.Subscribe(t, hbtest.Token(t, w.custB), topics...)
	anon.Subscribe(t, "", topics...)

	if status, body := w.reply(t, w.sam, tk.Id, map[string]any{"body": "SECRET-NOTE: customer is on the old kernel", "internal": true}); status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	if status, body := w.reply(t, w.sam, tk.Id, map[string]any{"body": "PUBLIC-REPLY: we restarted it"}); status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	waitFor(t, "customer A to see the staff reply and the ticket answered", func() bool {
		return a.Saw("PUBLIC-REPLY") && a.Saw(`"status":"answered"`)
	})
	// Give a leaked event the time to arrive after the one expected.
	time.Sleep(300 * time.Millisecond)

	if a.Saw("SECRET-NOTE") {
		t.Error("customer A received the internal note")
	}
	for name, c := range map[string]*realtime.Client{"customer B": b, "anonymous": anon} {
		if got := c.Received(); len(got) != 0 {
			t.Errorf("%s received %d events: %v", name, len(got), got)
		}
	}
	for _, c := range []*realtime.Client{a, b, anon} {
		if c.Saw(token) || c.Saw("reply_token") {
			t.Error("an event carried the reply token")
		}
	}
}

// The reply token is a hidden field: no customer or member of staff gets
// it by list, view, filter or expand.
func TestReplyTokenNeverLeavesThroughTheAPI(t *testing.T) {
	w := newWorld(t)
	tk := w.open(t, w.custA, w.support, "Server down")
	token := w.ticket(t, tk.Id).ReplyToken()
	for _, who := range []*core.Record{w.custA, w.sam, w.admin} {
		for _, url := range []string{
			"/api/collections/tickets/records",
			"/api/collections/tickets/records/" + tk.Id,
			"/api/collections/ticket_messages/records?expand=ticket",
			"/api/collections/ticket_messages/records?expand=ticket&fields=*,expand.ticket.reply_token",
		} {
			status, body := w.app.Do(t, "GET", url, hbtest.Token(t, who), nil)
			if status != http.StatusOK || strings.Contains(string(body), token) || strings.Contains(string(body), "reply_token") {
				t.Errorf("%s %s: %d %s", who.GetString("email"), url, status, body)
			}
		}
		// Guessing it by filter finds nothing: hidden fields cannot be filtered on.
		status, body := w.app.Do(t, "GET", "/api/collections/tickets/records?filter="+neturl.QueryEscape("reply_token='"+token+"'"), hbtest.Token(t, who), nil)
		if status == http.StatusOK && len(decodeList(t, body)) != 0 {
			t.Errorf("%s found the ticket by its token: %s", who.GetString("email"), body)
		}
	}
}
