package kb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/demo"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

// The demo seeder leaves body_html empty and saves through the app: with
// the knowledge base's hooks registered (as in the binary), its articles
// and announcements come out rendered and its published articles searchable.
func TestDemoContentIsRenderedAndSearchable(t *testing.T) {
	app := hbtest.NewApp(t, hbtest.MigratedDir(t))
	if _, err := demo.Seed(app, demo.Options{Now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	w := &world{app: app}
	records, err := app.FindAllRecords(collections.KBArticles)
	if err != nil || len(records) < 5 {
		t.Fatalf("%d articles: %v", len(records), err)
	}
	for _, r := range records {
		a := collections.WrapKBArticle(r)
		if !strings.Contains(a.BodyHTML(), "<h2 id=") && !strings.Contains(a.BodyHTML(), "<ol>") {
			t.Errorf("%s: body_html %.80q", a.Slug(), a.BodyHTML())
		}
	}
	anns, err := app.FindAllRecords(collections.Announcements)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range anns {
		if html := collections.WrapAnnouncement(r).BodyHTML(); !strings.Contains(html, "<strong>") {
			t.Errorf("announcement body_html %.80q", html)
		}
	}
	if got := w.search(t, "", q("ssh")); got.Total < 2 || !strings.HasPrefix(titles(got), "How to connect to your VPS via SSH") {
		t.Errorf("search ssh: %d %q", got.Total, titles(got))
	}
	// "Setting up reverse DNS (PTR records)" is the demo's draft.
	if got := w.search(t, "", q("ptr")); got.Total != 0 || strings.Contains(titles(w.search(t, "", q("reverse dns"))), "PTR") {
		t.Errorf("the demo's draft is searchable: %q", titles(got))
	}
}
