package tickets_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/hooks/hbtest"
)

// sseClient is a realtime client over a real HTTP connection: it reads
// PocketBase's server-sent events as a browser's EventSource does.
type sseClient struct {
	id     string
	mu     sync.Mutex
	events []sseEvent
	cancel context.CancelFunc
}

type sseEvent struct{ name, data string }

func connectRealtime(t *testing.T, base string) *sseClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/realtime", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	c := &sseClient{cancel: cancel}
	connected := make(chan string, 1)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event:"):
				ev.name = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:"):
				ev.data += strings.TrimSpace(strings.TrimPrefix(line, "data:"))
			case line == "" && ev.name != "":
				if ev.name == "PB_CONNECT" {
					var d struct{ ClientID string }
					json.Unmarshal([]byte(ev.data), &d)
					connected <- d.ClientID
				} else {
					c.mu.Lock()
					c.events = append(c.events, ev)
					c.mu.Unlock()
				}
				ev = sseEvent{}
			}
		}
	}()
	select {
	case c.id = <-connected:
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("no PB_CONNECT")
	}
	t.Cleanup(cancel)
	return c
}

// subscribe sets the client's subscriptions as the auth behind token.
func (c *sseClient) subscribe(t *testing.T, base, token string, topics ...string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"clientId": c.id, "subscriptions": topics})
	req, _ := http.NewRequest("POST", base+"/api/realtime", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("subscribe: %d", resp.StatusCode)
	}
}

func (c *sseClient) received() []sseEvent {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]sseEvent(nil), c.events...)
}

func (c *sseClient) saw(text string) bool {
	for _, e := range c.received() {
		if strings.Contains(e.data, text) {
			return true
		}
	}
	return false
}

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

	a, b, anon := connectRealtime(t, srv.URL), connectRealtime(t, srv.URL), connectRealtime(t, srv.URL)
	topics := []string{"ticket_messages", "tickets", "ticket_messages/*", "tickets/" + tk.Id}
	a.subscribe(t, srv.URL, hbtest.Token(t, w.custA), topics...)
	b.subscribe(t, srv.URL, hbtest.Token(t, w.custB), topics...)
	anon.subscribe(t, srv.URL, "", topics...)

	if status, body := w.reply(t, w.sam, tk.Id, map[string]any{"body": "SECRET-NOTE: customer is on the old kernel", "internal": true}); status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	if status, body := w.reply(t, w.sam, tk.Id, map[string]any{"body": "PUBLIC-REPLY: we restarted it"}); status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	waitFor(t, "customer A to see the staff reply and the ticket answered", func() bool {
		return a.saw("PUBLIC-REPLY") && a.saw(`"status":"answered"`)
	})
	// Give a leaked event the time to arrive after the one expected.
	time.Sleep(300 * time.Millisecond)

	if a.saw("SECRET-NOTE") {
		t.Error("customer A received the internal note")
	}
	for name, c := range map[string]*sseClient{"customer B": b, "anonymous": anon} {
		if got := c.received(); len(got) != 0 {
			t.Errorf("%s received %d events: %v", name, len(got), got)
		}
	}
	for _, c := range []*sseClient{a, b, anon} {
		if c.saw(token) || c.saw("reply_token") {
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
