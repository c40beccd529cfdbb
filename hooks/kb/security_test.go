package kb_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/kb"
)

// listTitles lists a collection as token sees it through PocketBase's API.
func (w *world) listTitles(t *testing.T, token, collection string) (int, map[string]bool) {
	t.Helper()
	status, body := w.app.Do(t, "GET", "/api/collections/"+collection+"/records?perPage=200", token, nil)
	if status != http.StatusOK {
		return status, nil
	}
	out := map[string]bool{}
	for _, it := range decode(t, body)["items"].([]any) {
		m := it.(map[string]any)
		name, _ := m["title"].(string)
		if name == "" {
			name, _ = m["name"].(string)
		}
		if name == "" {
			name, _ = m["id"].(string)
		}
		out[name] = true
	}
	return status, out
}

func TestCustomersAndVisitorsReadOnlyWhatIsPublished(t *testing.T) {
	w := newWorld(t)
	pub := w.article(t, map[string]any{"title": "Public"})
	draft := w.article(t, map[string]any{"title": "Draft", "status": "draft"})
	secret := w.article(t, map[string]any{"title": "Secret", "category": w.hidden})
	nested := w.article(t, map[string]any{"title": "Nested", "category": w.underHidden})
	past := time.Now().Add(-time.Hour).UTC().Format("2006-01-02 15:04:05.000Z")
	future := time.Now().Add(24 * time.Hour).UTC().Format("2006-01-02 15:04:05.000Z")
	mk(t, w.app, collections.Announcements, map[string]any{"title": "Live", "body": "x", "published": true, "publish_at": past})
	mk(t, w.app, collections.Announcements, map[string]any{"title": "Live now", "body": "x", "published": true})
	mk(t, w.app, collections.Announcements, map[string]any{"title": "Tomorrow", "body": "x", "published": true, "publish_at": future})
	mk(t, w.app, collections.Announcements, map[string]any{"title": "Unpublished", "body": "x", "published": false, "publish_at": past})
	if _, err := kb.Vote(w.app, pub.Id, "customers:"+w.customerID, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := kb.CountView(w.app, pub.Id, "customers:"+w.customerID, time.Now()); err != nil {
		t.Fatal(err)
	}

	for _, who := range []struct{ name, token string }{{"anonymous", ""}, {"customer", w.customer}} {
		t.Run(who.name, func(t *testing.T) {
			_, articles := w.listTitles(t, who.token, collections.KBArticles)
			if len(articles) != 1 || !articles["Public"] {
				t.Errorf("articles: %v", articles)
			}
			_, cats := w.listTitles(t, who.token, collections.KBCategories)
			if len(cats) != 1 || !cats["General"] {
				t.Errorf("categories: %v", cats)
			}
			_, ann := w.listTitles(t, who.token, collections.Announcements)
			if len(ann) != 2 || !ann["Live"] || !ann["Live now"] {
				t.Errorf("announcements: %v", ann)
			}
			for _, id := range []string{draft.Id, secret.Id, nested.Id} {
				if status, _ := w.app.Do(t, "GET", "/api/collections/kb_articles/records/"+id, who.token, nil); status != http.StatusNotFound {
					t.Errorf("view %s: %d", id, status)
				}
			}
			for _, c := range []string{collections.KBVotes, collections.KBViews} {
				if status, items := w.listTitles(t, who.token, c); status == http.StatusOK && len(items) != 0 {
					t.Errorf("%s readable: %v", c, items)
				}
			}
		})
	}
	_, staffArticles := w.listTitles(t, w.support, collections.KBArticles)
	_, staffAnn := w.listTitles(t, w.support, collections.Announcements)
	if len(staffArticles) != 4 || len(staffAnn) != 4 {
		t.Errorf("support staff sees %v and %v", staffArticles, staffAnn)
	}
	if _, votes := w.listTitles(t, w.support, collections.KBVotes); len(votes) != 1 {
		t.Errorf("support staff sees votes %v", votes)
	}
}

func TestOnlySupportStaffWriteAndNobodySetsCounters(t *testing.T) {
	w := newWorld(t)
	a := w.article(t, map[string]any{"title": "Target"})
	ann := mk(t, w.app, collections.Announcements, map[string]any{"title": "Target", "body": "x", "published": true})
	articles, announcements := count(t, w.app, collections.KBArticles, nil), count(t, w.app, collections.Announcements, nil)

	newArticle := map[string]any{"title": "New", "body": "x", "status": "published", "category": w.general}
	for _, who := range []struct{ name, token string }{{"anonymous", ""}, {"customer", w.customer}, {"billing staff", w.billing}} {
		t.Run(who.name, func(t *testing.T) {
			writes := []struct {
				method, url string
				body        any
			}{
				{"POST", "/api/collections/kb_articles/records", newArticle},
				{"PATCH", "/api/collections/kb_articles/records/" + a.Id, map[string]any{"title": "Defaced"}},
				{"DELETE", "/api/collections/kb_articles/records/" + a.Id, nil},
				{"POST", "/api/collections/kb_categories/records", map[string]any{"name": "X", "slug": "x"}},
				{"PATCH", "/api/collections/kb_categories/records/" + w.general, map[string]any{"hidden": true}},
				{"POST", "/api/collections/announcements/records", map[string]any{"title": "X", "body": "x", "published": true}},
				{"PATCH", "/api/collections/announcements/records/" + ann.Id, map[string]any{"title": "Defaced"}},
				{"POST", "/api/collections/kb_votes/records", map[string]any{"article": a.Id, "voter": "x", "helpful": true}},
				{"POST", "/api/collections/kb_views/records", map[string]any{"article": a.Id, "visitor": "x", "day": "2026-01-01"}},
			}
			for _, wr := range writes {
				status, body := w.app.Do(t, wr.method, wr.url, who.token, wr.body)
				if status < 400 || status >= 500 {
					t.Errorf("%s %s: %d %s", wr.method, wr.url, status, body)
				}
			}
		})
	}

	// Support staff write content, but not counters or rendered HTML.
	for _, field := range []string{"views", "helpful_yes", "helpful_no", "body_html"} {
		var v any = 1000
		if field == "body_html" {
			v = "<script>alert(1)</script>"
		}
		status, body := w.app.Do(t, "PATCH", "/api/collections/kb_articles/records/"+a.Id, w.support, map[string]any{field: v})
		if status != http.StatusBadRequest && status != http.StatusForbidden && status != http.StatusNotFound {
			t.Errorf("support sets %s: %d %s", field, status, body)
		}
		create := map[string]any{field: v}
		for k, val := range newArticle {
			create[k] = val
		}
		if status, body := w.app.Do(t, "POST", "/api/collections/kb_articles/records", w.support, create); status < 400 {
			t.Errorf("support creates with %s: %d %s", field, status, body)
		}
	}
	status, body := w.app.Do(t, "PATCH", "/api/collections/announcements/records/"+ann.Id, w.support, map[string]any{"body_html": "<b>x</b>"})
	if status < 400 {
		t.Errorf("support sets announcement body_html: %d %s", status, body)
	}
	if got := w.reload(t, a.Id); got.Title() != "Target" || got.Views() != 0 || got.HelpfulYes() != 0 || got.BodyHTML() != "<p>Some text.</p>\n" {
		t.Errorf("article changed: %q views %d yes %d html %q", got.Title(), got.Views(), got.HelpfulYes(), got.BodyHTML())
	}
	if n, m := count(t, w.app, collections.KBArticles, nil), count(t, w.app, collections.Announcements, nil); n != articles || m != announcements {
		t.Errorf("records written: articles %d→%d, announcements %d→%d", articles, n, announcements, m)
	}
	for _, c := range []string{collections.KBVotes, collections.KBViews} {
		if n := count(t, w.app, c, nil); n != 0 {
			t.Errorf("%s: %d rows written through the API", c, n)
		}
	}

	status, body = w.app.Do(t, "PATCH", "/api/collections/kb_articles/records/"+a.Id, w.support, map[string]any{"title": "Edited by support"})
	if status != http.StatusOK {
		t.Errorf("support edits: %d %s", status, body)
	}
	status, body = w.app.Do(t, "POST", "/api/collections/kb_categories/records", w.support, map[string]any{"name": "New cat", "slug": "new-cat"})
	if status != http.StatusOK {
		t.Errorf("support creates a category: %d %s", status, body)
	}
	status, body = w.app.Do(t, "DELETE", "/api/collections/announcements/records/"+ann.Id, w.support, nil)
	if status != http.StatusNoContent {
		t.Errorf("support deletes an announcement: %d %s", status, body)
	}
}
