// Package realtime is a client of PocketBase's realtime API over a real
// HTTP connection, for tests: it reads the server-sent events as a
// browser's EventSource does, so that what a test sees is what a page
// subscribed to the same topics would receive.
package realtime

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// wait bounds how long Connect and Next wait: only a broken test waits
// that long.
const wait = 20 * time.Second

// Event is one server-sent event: Name is the topic ("services",
// "tickets/ID"), Data its JSON.
type Event struct {
	Name, Data string
}

// Client is one realtime connection.
type Client struct {
	ID   string
	base string

	mu     sync.Mutex
	events []Event
	next   int
	// arrived is signalled when an event is added.
	arrived chan struct{}
}

// Connect opens a realtime connection to the server at base and waits for
// PocketBase's PB_CONNECT. The connection closes when the test ends; close
// the server in a cleanup registered before Connect.
func Connect(tb testing.TB, base string) *Client {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/realtime", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		tb.Fatal(err)
	}
	tb.Cleanup(cancel)
	c := &Client{base: base, arrived: make(chan struct{}, 1)}
	connected := make(chan string, 1)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var ev Event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event:"):
				ev.Name = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:"):
				ev.Data += strings.TrimSpace(strings.TrimPrefix(line, "data:"))
			case line == "" && ev.Name != "":
				if ev.Name == "PB_CONNECT" {
					var d struct {
						ClientID string `json:"clientId"`
					}
					_ = json.Unmarshal([]byte(ev.Data), &d)
					connected <- d.ClientID
				} else {
					c.add(ev)
				}
				ev = Event{}
			}
		}
	}()
	select {
	case c.ID = <-connected:
	case <-time.After(wait):
		tb.Fatal("no PB_CONNECT from the realtime API")
	}
	return c
}

func (c *Client) add(ev Event) {
	c.mu.Lock()
	c.events = append(c.events, ev)
	c.mu.Unlock()
	select {
	case c.arrived <- struct{}{}:
	default:
	}
}

// Subscribe sets the connection's topics as the auth behind token ("" for
// an anonymous visitor).
func (c *Client) Subscribe(tb testing.TB, token string, topics ...string) {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"clientId": c.ID, "subscriptions": topics})
	req, _ := http.NewRequest(http.MethodPost, c.base+"/api/realtime", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		tb.Fatalf("subscribe to %v: status %d", topics, resp.StatusCode)
	}
}

// Next returns the first event Next has not returned yet, waiting for it.
func (c *Client) Next(tb testing.TB) Event {
	tb.Helper()
	deadline := time.After(wait)
	for {
		c.mu.Lock()
		if c.next < len(c.events) {
			ev := c.events[c.next]
			c.next++
			c.mu.Unlock()
			return ev
		}
		c.mu.Unlock()
		select {
		case <-c.arrived:
		case <-deadline:
			tb.Fatal("no realtime event")
		}
	}
}

// Received is every event so far.
func (c *Client) Received() []Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Event(nil), c.events...)
}

// Saw reports whether an event so far carried text in its data.
func (c *Client) Saw(text string) bool {
	for _, e := range c.Received() {
		if strings.Contains(e.Data, text) {
			return true
		}
	}
	return false
}
