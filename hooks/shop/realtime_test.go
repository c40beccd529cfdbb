package shop_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// sseEvent is one server-sent event of PocketBase's realtime API.
type sseEvent struct {
	Name string
	Data string
}

// subscribe opens a realtime connection as tok, subscribes it to topics and
// returns the events that follow.
func subscribe(t *testing.T, base, tok string, topics ...string) <-chan sseEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/realtime", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan sseEvent, 16)
	go func() {
		defer res.Body.Close()
		defer close(events)
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event:"):
				ev.Name = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:"):
				ev.Data = strings.TrimSpace(strings.TrimPrefix(line, "data:"))
			case line == "":
				if ev.Name != "" {
					events <- ev
				}
				ev = sseEvent{}
			}
		}
	}()
	connect := next(t, events)
	var c struct {
		ClientID string `json:"clientId"`
	}
	if err := json.Unmarshal([]byte(connect.Data), &c); err != nil || connect.Name != "PB_CONNECT" {
		t.Fatalf("connect: %+v", connect)
	}
	body, _ := json.Marshal(map[string]any{"clientId": c.ClientID, "subscriptions": topics})
	sub, _ := http.NewRequest("POST", base+"/api/realtime", strings.NewReader(string(body)))
	sub.Header.Set("Content-Type", "application/json")
	sub.Header.Set("Authorization", tok)
	sres, err := http.DefaultClient.Do(sub)
	if err != nil {
		t.Fatal(err)
	}
	sres.Body.Close()
	if sres.StatusCode != http.StatusNoContent {
		t.Fatalf("subscribe: %d", sres.StatusCode)
	}
	return events
}

// next is the next event; the deadline only keeps a broken test from
// hanging.
func next(t *testing.T, events <-chan sseEvent) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-events:
		if !ok {
			t.Fatal("the realtime connection closed")
		}
		return ev
	case <-time.After(20 * time.Second):
		t.Fatal("no realtime event")
	}
	return sseEvent{}
}

// TestCustomersFollowTheirOwnServicesInRealtime: the confirmation page
// subscribes to "services"; a customer hears of changes to their own
// services and never of another customer's.
func TestCustomersFollowTheirOwnServicesInRealtime(t *testing.T) {
	s := newShopper(t)
	srv := httptest.NewServer(s.app)
	// Cleanups run last first: the connections close before the server.
	t.Cleanup(srv.Close)
	alices := s.checkout(t, s.aliceTok, s.order("manual", "rt-a", nil), http.StatusCreated)
	bobs := s.checkout(t, s.bobTok, s.order("manual", "rt-b", nil), http.StatusCreated)
	serviceOf := func(order string) *core.Record {
		r, err := s.app.FindFirstRecordByData("services", "order", order)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	aliceSvc, bobSvc := serviceOf(alices.Order), serviceOf(bobs.Order)

	aliceEvents := subscribe(t, srv.URL, s.aliceTok, "services")
	bobEvents := subscribe(t, srv.URL, s.bobTok, "services")

	// Alice's service changes first, then Bob's: Bob's first event must be
	// his own, so he never heard of Alice's.
	for _, r := range []*core.Record{aliceSvc, bobSvc} {
		r.Set("ip", "203.0.113.7")
		if err := s.app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	for who, c := range map[string]struct {
		events <-chan sseEvent
		want   string
	}{"alice": {aliceEvents, aliceSvc.Id}, "bob": {bobEvents, bobSvc.Id}} {
		ev := next(t, c.events)
		var msg struct {
			Action string `json:"action"`
			Record struct {
				ID string `json:"id"`
				IP string `json:"ip"`
			} `json:"record"`
		}
		if err := json.Unmarshal([]byte(ev.Data), &msg); err != nil || ev.Name != "services" || msg.Record.ID != c.want || msg.Record.IP != "203.0.113.7" {
			t.Fatalf("%s's first event: %+v, want an update of service %s", who, ev, c.want)
		}
	}
}
