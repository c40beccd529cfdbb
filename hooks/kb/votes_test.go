package kb_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/kb"
)

func voteURL(id string) string { return "/api/hb/kb/articles/" + id + "/vote" }

func (w *world) counters(t *testing.T, id string) (yes, no, views int64) {
	t.Helper()
	a := w.reload(t, id)
	return a.HelpfulYes(), a.HelpfulNo(), a.Views()
}

func TestVotingAgainChangesTheVote(t *testing.T) {
	w := newWorld(t)
	a := w.article(t, map[string]any{"title": "Votes"})

	for _, step := range []struct {
		token       string
		helpful     bool
		wantYes, no int64
	}{
		{w.customer, true, 1, 0},
		{w.customer, true, 1, 0}, // the same vote again: nothing changes
		{w.customer, false, 0, 1},
		{w.otherCustomer, false, 0, 2},
		{w.otherCustomer, true, 1, 1},
	} {
		status, body := w.app.Do(t, "POST", voteURL(a.Id), step.token, map[string]any{"helpful": step.helpful})
		if status != http.StatusOK {
			t.Fatalf("%d %s", status, body)
		}
		got := decode(t, body)
		if got["helpful_yes"] != float64(step.wantYes) || got["helpful_no"] != float64(step.no) {
			t.Errorf("answer %s, want %d/%d", body, step.wantYes, step.no)
		}
		if yes, no, _ := w.counters(t, a.Id); yes != step.wantYes || no != step.no {
			t.Errorf("stored %d/%d, want %d/%d", yes, no, step.wantYes, step.no)
		}
	}
	if n := count(t, w.app, collections.KBVotes, dbx.HashExp{"article": a.Id}); n != 2 {
		t.Errorf("%d vote rows, want 2 (one per voter)", n)
	}
}

func TestConcurrentVotesKeepCountersExact(t *testing.T) {
	w := newWorld(t)
	a := w.article(t, map[string]any{"title": "Busy"})
	// 20 voters, each sending their vote 5 times at once: 10 yes, 10 no.
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for voter := range 20 {
		for range 5 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := kb.Vote(w.app, a.Id, "visitor:"+string(rune('a'+voter)), voter%2 == 0)
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if yes, no, _ := w.counters(t, a.Id); yes != 10 || no != 10 {
		t.Errorf("counters %d/%d, want 10/10", yes, no)
	}
}

func TestVoteCountersRecoverAfterACrash(t *testing.T) {
	w := newWorld(t)
	a := w.article(t, map[string]any{"title": "Crash"})
	if _, err := kb.Vote(w.app, a.Id, "customers:x", true); err != nil {
		t.Fatal(err)
	}
	// A crash between a vote row and its counter (or a counter edited by
	// hand in the database) is repaired by the next vote: counters are
	// recounted from the votes, never incremented blindly.
	if _, err := w.app.DB().NewQuery("UPDATE kb_articles SET helpful_yes = 42, helpful_no = 7 WHERE id = {:id}").Bind(dbx.Params{"id": a.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	c, err := kb.Vote(w.app, a.Id, "customers:x", true)
	if err != nil || c.HelpfulYes != 1 || c.HelpfulNo != 0 {
		t.Errorf("after the repeat: %+v %v", c, err)
	}
}

func TestVoteInputAndVisibility(t *testing.T) {
	w := newWorld(t)
	a := w.article(t, map[string]any{"title": "Input"})
	draft := w.article(t, map[string]any{"title": "Draft", "status": "draft"})
	secret := w.article(t, map[string]any{"title": "Secret", "category": w.hidden})
	nested := w.article(t, map[string]any{"title": "Nested", "category": w.underHidden})

	for _, tc := range []struct {
		name  string
		body  any
		field string
	}{
		{"missing", map[string]any{}, "helpful"},
		{"a string", map[string]any{"helpful": "yes"}, "helpful"},
		{"an unknown field", map[string]any{"helpful": true, "helpful_yes": 99}, "body"},
		{"not JSON", "{", "body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := w.app.Do(t, "POST", voteURL(a.Id), w.customer, tc.body)
			wantField(t, status, body, tc.field)
		})
	}
	for _, id := range []string{draft.Id, secret.Id, nested.Id, "nosucharticle00"} {
		if status, body := w.app.Do(t, "POST", voteURL(id), w.customer, map[string]any{"helpful": true}); status != http.StatusNotFound {
			t.Errorf("vote on %s: %d %s", id, status, body)
		}
	}
	if n := count(t, w.app, collections.KBVotes, nil); n != 0 {
		t.Errorf("%d votes written by refused requests", n)
	}
	if yes, no, _ := w.counters(t, a.Id); yes+no != 0 {
		t.Errorf("counters moved: %d/%d", yes, no)
	}
}

func TestAnonymousVoterIsOneVoterWithOrWithoutCookies(t *testing.T) {
	w := newWorld(t)
	a := w.article(t, map[string]any{"title": "Anonymous"})
	browser := &client{ip: "198.51.100.7", ua: "Firefox", keepCookies: true}
	script := &client{ip: "198.51.100.8", ua: "curl/8"}
	for range 5 {
		for _, c := range []*client{browser, script} {
			if status, body := c.post(t, w.app, voteURL(a.Id), `{"helpful":true}`); status != http.StatusOK {
				t.Fatalf("%d %s", status, body)
			}
		}
	}
	if yes, _, _ := w.counters(t, a.Id); yes != 2 {
		t.Errorf("helpful_yes %d, want 2 (a browser and a script)", yes)
	}
	// The browser moves to another network: its cookie still names it.
	browser.ip = "203.0.113.99"
	browser.post(t, w.app, voteURL(a.Id), `{"helpful":false}`)
	if yes, no, _ := w.counters(t, a.Id); yes != 1 || no != 1 {
		t.Errorf("after the browser changed its vote: %d/%d, want 1/1", yes, no)
	}
	// A forged cookie is ignored (the script stays who its address says).
	script.cookie = kb.VisitorCookie + "=0123456789abcdef0123456789abcdef.forged"
	script.post(t, w.app, voteURL(a.Id), `{"helpful":false}`)
	if yes, no, _ := w.counters(t, a.Id); yes != 0 || no != 2 {
		t.Errorf("after the forged cookie: %d/%d, want 0/2", yes, no)
	}
}
