package kb_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/kb"
)

func viewURL(id string) string { return "/api/hb/kb/articles/" + id + "/view" }

func TestFiftyViewsFromOneClientCountOnce(t *testing.T) {
	w := newWorld(t)
	a := w.article(t, map[string]any{"title": "Popular"})
	browser := &client{ip: "198.51.100.1", ua: "Firefox", keepCookies: true}
	script := &client{ip: "198.51.100.2", ua: "python-requests"}
	for _, c := range []*client{browser, script} {
		counted := 0
		for range 50 {
			status, body := c.post(t, w.app, viewURL(a.Id), "")
			if status != http.StatusOK {
				t.Fatalf("%d %s", status, body)
			}
			if decode(t, body)["counted"] == true {
				counted++
			}
		}
		if counted != 1 {
			t.Errorf("%s: %d of 50 requests counted, want 1", c.ua, counted)
		}
	}
	if _, _, views := w.counters(t, a.Id); views != 2 {
		t.Errorf("views %d, want 2 (two clients)", views)
	}
	// A logged-in customer is one more visitor, whatever their address.
	for range 3 {
		w.app.Do(t, "POST", viewURL(a.Id), w.customer, nil)
	}
	if _, _, views := w.counters(t, a.Id); views != 3 {
		t.Errorf("views %d, want 3", views)
	}
}

func TestViewsCountOncePerDayConcurrently(t *testing.T) {
	w := newWorld(t)
	a := w.article(t, map[string]any{"title": "Daily"})
	day := time.Date(2026, 3, 31, 23, 59, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var mu sync.Mutex
	counted := 0
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, _, err := kb.CountView(w.app, a.Id, "visitor:same", day)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				counted++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if counted != 1 {
		t.Errorf("%d of 20 concurrent views counted, want 1", counted)
	}
	// The next UTC day counts again.
	if ok, views, err := kb.CountView(w.app, a.Id, "visitor:same", day.Add(2*time.Minute)); !ok || views != 2 || err != nil {
		t.Errorf("next day: counted %v, views %d, %v", ok, views, err)
	}
	if n := count(t, w.app, collections.KBViews, dbx.HashExp{"article": a.Id}); n != 2 {
		t.Errorf("%d view rows, want 2", n)
	}
}

func TestViewsOfHiddenArticlesAreRefused(t *testing.T) {
	w := newWorld(t)
	draft := w.article(t, map[string]any{"title": "Draft", "status": "draft"})
	secret := w.article(t, map[string]any{"title": "Secret", "category": w.hidden})
	for _, id := range []string{draft.Id, secret.Id} {
		if status, _ := w.app.Do(t, "POST", viewURL(id), "", nil); status != http.StatusNotFound {
			t.Errorf("view of %s: %d", id, status)
		}
	}
	// Staff may count a view of a published article in a hidden category.
	if status, body := w.app.Do(t, "POST", viewURL(secret.Id), w.support, nil); status != http.StatusOK {
		t.Errorf("staff view: %d %s", status, body)
	}
	if n := count(t, w.app, collections.KBViews, dbx.HashExp{"article": draft.Id}); n != 0 {
		t.Errorf("%d views of a draft", n)
	}
}

func TestAClientRotatingUserAgentsIsRateLimited(t *testing.T) {
	w := newWorld(t)
	a := w.article(t, map[string]any{"title": "Target"})
	limited := 0
	for i := range 80 {
		c := &client{ip: "198.51.100.66", ua: fmt.Sprintf("bot/%d", i)}
		status, body := c.post(t, w.app, viewURL(a.Id), "")
		switch status {
		case http.StatusOK:
		case http.StatusTooManyRequests:
			limited++
		default:
			t.Fatalf("%d %s", status, body)
		}
	}
	if _, _, views := w.counters(t, a.Id); views > 60 || limited < 20 {
		t.Errorf("80 views from one address under 80 User-Agents: %d counted, %d refused", views, limited)
	}
}
