package shop_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/hooks/hbtest/realtime"
)

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

	alice, bob := realtime.Connect(t, srv.URL), realtime.Connect(t, srv.URL)
	alice.Subscribe(t, s.aliceTok, "services")
	bob.Subscribe(t, s.bobTok, "services")

	// Alice's service changes first, then Bob's: Bob's first event must be
	// his own, so he never heard of Alice's.
	for _, r := range []*core.Record{aliceSvc, bobSvc} {
		r.Set("ip", "203.0.113.7")
		if err := s.app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	for who, c := range map[string]struct {
		events *realtime.Client
		want   string
	}{"alice": {alice, aliceSvc.Id}, "bob": {bob, bobSvc.Id}} {
		ev := c.events.Next(t)
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
