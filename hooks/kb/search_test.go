package kb_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/kb"
)

type searchAnswer struct {
	Items []struct {
		ID, Slug, Title, Excerpt, Category, Snippet string
		Score                                       float64
	}
	Total int
}

func (w *world) search(t *testing.T, token, query string) searchAnswer {
	t.Helper()
	status, body := w.app.Do(t, "GET", "/api/hb/kb/search?"+query, token, nil)
	if status != http.StatusOK {
		t.Fatalf("search %s: %d %s", query, status, body)
	}
	var a searchAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func titles(a searchAnswer) string {
	var s []string
	for _, it := range a.Items {
		s = append(s, it.Title)
	}
	return strings.Join(s, " | ")
}

func q(s string) string { return "q=" + url.QueryEscape(s) }

func TestSearchRanksTitleAboveBodyAndHighlights(t *testing.T) {
	w := newWorld(t)
	w.article(t, map[string]any{"title": "Billing questions", "body": "Invoices mention a firewall once."})
	w.article(t, map[string]any{"title": "Configure the firewall", "body": "Open ports with ufw. The firewall blocks x < y & z else.", "tags": []string{"security"}})
	w.article(t, map[string]any{"title": "Security basics", "body": "Keep software updated.", "tags": []string{"firewall"}})

	got := w.search(t, "", q("firewall"))
	if got.Total != 3 || titles(got) != "Configure the firewall | Security basics | Billing questions" {
		t.Fatalf("ranking: %d %q", got.Total, titles(got))
	}
	top := got.Items[0]
	if !strings.Contains(top.Snippet, "<mark>firewall</mark>") || !strings.Contains(top.Snippet, "x &lt; y &amp; z") {
		t.Errorf("snippet %q", top.Snippet)
	}
	if top.Score <= got.Items[1].Score || top.Slug != "configure-the-firewall" || top.Category != w.general {
		t.Errorf("hit %+v", top)
	}
	// Stemming: "firewalls" and "configuring" find the same article.
	if got := w.search(t, "", q("configuring firewalls")); titles(got) != "Configure the firewall" {
		t.Errorf("stemmed: %q", titles(got))
	}
	// The last word is a prefix while it is being typed, not once a space follows.
	if got := w.search(t, "", q("fire")); got.Total != 3 {
		t.Errorf("prefix: %d hits", got.Total)
	}
	if got := w.search(t, "", q("fire ")); got.Total != 0 {
		t.Errorf("a finished word matched as a prefix: %q", titles(got))
	}
	// When not every word matches, any word may.
	if got := w.search(t, "", q("firewall zebra")); got.Total != 3 {
		t.Errorf("fallback to any word: %d", got.Total)
	}
	if got := w.search(t, "", q("firewall")+"&limit=1"); len(got.Items) != 1 || got.Total != 3 {
		t.Errorf("limit 1: %d items, total %d", len(got.Items), got.Total)
	}
}

func TestSearchNeverShowsDraftsOrHiddenCategories(t *testing.T) {
	w := newWorld(t)
	pub := w.article(t, map[string]any{"title": "Kernel upgrade public"})
	draft := w.article(t, map[string]any{"title": "Kernel upgrade draft", "status": "draft"})
	w.article(t, map[string]any{"title": "Kernel upgrade internal", "category": w.hidden})
	w.article(t, map[string]any{"title": "Kernel upgrade runbook", "category": w.underHidden})

	for _, token := range []string{"", w.customer} {
		if got := w.search(t, token, q("kernel")); titles(got) != "Kernel upgrade public" || got.Total != 1 {
			t.Errorf("customer/anonymous sees %q", titles(got))
		}
	}
	if got := w.search(t, w.support, q("kernel")); got.Total != 3 || strings.Contains(titles(got), "draft") {
		t.Errorf("staff sees %q", titles(got))
	}

	// Publishing indexes, unpublishing and deleting remove.
	d := w.reload(t, draft.Id)
	d.SetStatus(collections.KBArticleStatusPublished)
	if err := w.app.Save(d); err != nil {
		t.Fatal(err)
	}
	if got := w.search(t, "", q("kernel")); got.Total != 2 {
		t.Errorf("after publishing: %q", titles(got))
	}
	p := w.reload(t, pub.Id)
	p.SetStatus(collections.KBArticleStatusDraft)
	if err := w.app.Save(p); err != nil {
		t.Fatal(err)
	}
	if err := w.app.Delete(w.reload(t, draft.Id)); err != nil {
		t.Fatal(err)
	}
	if got := w.search(t, "", q("kernel")); got.Total != 0 {
		t.Errorf("after unpublish and delete: %q", titles(got))
	}
	// An edit is searchable at once under its new words only.
	p.SetStatus(collections.KBArticleStatusPublished)
	p.SetTitle("Hypervisor maintenance")
	if err := w.app.Save(p); err != nil {
		t.Fatal(err)
	}
	if got := w.search(t, "", q("hypervisor")); got.Total != 1 {
		t.Errorf("edited article: %q", titles(got))
	}
	if got := w.search(t, "", q("kernel")); got.Total != 0 {
		t.Errorf("old words still found: %q", titles(got))
	}
}

func TestSearchByCategory(t *testing.T) {
	w := newWorld(t)
	other := mk(t, w.app, collections.KBCategories, map[string]any{"name": "VPS", "slug": "vps"}).Id
	child := mk(t, w.app, collections.KBCategories, map[string]any{"name": "VPS networking", "slug": "vps-networking", "parent": other}).Id
	w.article(t, map[string]any{"title": "DNS in general"})
	w.article(t, map[string]any{"title": "DNS for VPS", "category": other})
	w.article(t, map[string]any{"title": "Reverse DNS", "category": child})

	if got := w.search(t, "", q("dns")+"&category=vps"); got.Total != 2 || strings.Contains(titles(got), "general") {
		t.Errorf("by slug, with children: %q", titles(got))
	}
	if got := w.search(t, "", q("dns")+"&category="+child); titles(got) != "Reverse DNS" {
		t.Errorf("by id: %q", titles(got))
	}
	for _, cat := range []string{"nope", w.hidden, w.underHidden} {
		status, body := w.app.Do(t, "GET", "/api/hb/kb/search?"+q("dns")+"&category="+cat, "", nil)
		wantField(t, status, body, "category")
	}
}

func TestSearchInputNeverBreaksTheQuery(t *testing.T) {
	w := newWorld(t)
	w.article(t, map[string]any{"title": "Firewall rules", "body": "Allow port 22 with ufw (uncomplicated firewall)."})
	hostile := []string{
		`"firewall`, `firewall"`, `fire"wall`, `firewall AND`, `OR firewall`, `NOT firewall`, `firewall NEAR(ufw)`,
		`(firewall`, `firewall)`, `title:firewall`, `^firewall`, `firewall*`, `fire* wall*`, `-firewall`,
		`{title body}: firewall`, `firewall'; DROP TABLE kb_articles; --`, `ufw + port`, "firewall\x00", `\"firewall\"`,
		`ünïcödé fïrewall`, strings.Repeat("firewall ", 500),
	}
	for _, in := range hostile {
		status, body := w.app.Do(t, "GET", "/api/hb/kb/search?"+q(in), "", nil)
		if status != http.StatusOK {
			t.Errorf("%q: %d %s", in, status, body)
		}
	}
	if got := w.search(t, "", q(`title:firewall`)); got.Total != 1 {
		t.Errorf("a column filter in the input is just words: %d hits", got.Total)
	}
	for _, in := range []string{"", "   ", "*", `""`, "()", "((", ")", "-- ;", "^"} {
		status, body := w.app.Do(t, "GET", "/api/hb/kb/search?"+q(in), "", nil)
		wantField(t, status, body, "q")
	}
	for _, limit := range []string{"0", "51", "ten", "-1"} {
		status, body := w.app.Do(t, "GET", "/api/hb/kb/search?"+q("firewall")+"&limit="+limit, "", nil)
		wantField(t, status, body, "limit")
	}
}

func TestSearchIndexRebuiltWhenMissing(t *testing.T) {
	w := newWorld(t)
	w.article(t, map[string]any{"title": "Survivor"})
	w.article(t, map[string]any{"title": "Survivor draft", "status": "draft"})
	if _, err := w.app.DB().NewQuery("DROP TABLE " + kb.SearchTable).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.DB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute(); err != nil {
		t.Fatal(err)
	}
	// The next start on that database rebuilds the index before serving.
	restarted := &world{app: hbtest.NewApp(t, w.app.DataDir())}
	if got := restarted.search(t, "", q("survivor")); titles(got) != "Survivor" {
		t.Errorf("after the restart: %q", titles(got))
	}
}
