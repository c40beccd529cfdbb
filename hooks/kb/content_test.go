package kb_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

const tableBody = `Intro paragraph about **backups**.

| Plan | Backups |
|---|---|
| VPS S | daily |

[docs](https://example.com/docs)`

func TestArticleSavedFromGoIsRenderedSluggedAndDated(t *testing.T) {
	w := newWorld(t)
	before := types.NowDateTime()
	a := w.article(t, map[string]any{"title": "Backups & Restores: Über-guide", "body": tableBody, "status": "draft"})

	if !strings.Contains(a.BodyHTML(), "<table>") || !strings.Contains(a.BodyHTML(), "<strong>backups</strong>") {
		t.Errorf("body_html lacks the table or emphasis: %s", a.BodyHTML())
	}
	if strings.Contains(a.BodyHTML(), "javascript:") || !strings.Contains(a.BodyHTML(), `rel="nofollow ugc noopener"`) {
		t.Errorf("links not sanitised: %s", a.BodyHTML())
	}
	if a.Slug() != "backups-restores-uber-guide" {
		t.Errorf("slug %q", a.Slug())
	}
	if !strings.HasPrefix(a.Excerpt(), "Intro paragraph about backups.") || strings.Contains(a.Excerpt(), "<") {
		t.Errorf("excerpt %q", a.Excerpt())
	}
	if !a.PublishedAt().IsZero() {
		t.Errorf("a draft has published_at %v", a.PublishedAt())
	}

	// First publication dates the article; a later unpublish/republish keeps that date.
	a.SetStatus(collections.KBArticleStatusPublished)
	if err := w.app.Save(a); err != nil {
		t.Fatal(err)
	}
	first := w.reload(t, a.Id).PublishedAt()
	if first.IsZero() || first.Time().Before(before.Time().Add(-1e9)) {
		t.Fatalf("published_at %v, want about now", first)
	}
	a = w.reload(t, a.Id)
	a.SetStatus(collections.KBArticleStatusDraft)
	if err := w.app.Save(a); err != nil {
		t.Fatal(err)
	}
	a.SetStatus(collections.KBArticleStatusPublished)
	if err := w.app.Save(a); err != nil {
		t.Fatal(err)
	}
	if got := w.reload(t, a.Id).PublishedAt(); !got.Equal(first) {
		t.Errorf("republishing moved published_at from %v to %v", first, got)
	}

	// The generated excerpt and the HTML follow the body; the slug stays put.
	a = w.reload(t, a.Id)
	a.SetTitle("Something else entirely")
	a.SetBody("A *new* first line.")
	if err := w.app.Save(a); err != nil {
		t.Fatal(err)
	}
	a = w.reload(t, a.Id)
	if a.Excerpt() != "A new first line." || a.BodyHTML() != "<p>A <em>new</em> first line.</p>\n" || a.Slug() != "backups-restores-uber-guide" {
		t.Errorf("after edit: excerpt %q, html %q, slug %q", a.Excerpt(), a.BodyHTML(), a.Slug())
	}
}

func TestStaffWrittenExcerptIsKept(t *testing.T) {
	w := newWorld(t)
	a := w.article(t, map[string]any{"title": "Kept", "excerpt": "Written by staff.", "body": "Body one."})
	a.SetBody("Body two.")
	if err := w.app.Save(a); err != nil {
		t.Fatal(err)
	}
	if got := w.reload(t, a.Id).Excerpt(); got != "Written by staff." {
		t.Errorf("excerpt %q", got)
	}
	long := strings.Repeat("word ", 200)
	b := w.article(t, map[string]any{"title": "Long", "body": long})
	if n := len([]rune(b.Excerpt())); n > 245 || !strings.HasSuffix(b.Excerpt(), "word…") {
		t.Errorf("long excerpt (%d runes) %q", n, b.Excerpt())
	}
}

func TestSlugsAreUniqueWithSuffixes(t *testing.T) {
	w := newWorld(t)
	var slugs []string
	for range 3 {
		slugs = append(slugs, w.article(t, map[string]any{"title": "Reset your password"}).Slug())
	}
	want := []string{"reset-your-password", "reset-your-password-2", "reset-your-password-3"}
	if strings.Join(slugs, ",") != strings.Join(want, ",") {
		t.Errorf("slugs %v, want %v", slugs, want)
	}
	if s := w.article(t, map[string]any{"title": "!!! ???"}).Slug(); s != "article" {
		t.Errorf("slug of a symbol-only title: %q", s)
	}
	// A re-save keeps the record's own slug (no -2 against itself).
	a := w.article(t, map[string]any{"title": "Self"})
	if err := w.app.Save(a); err != nil || w.reload(t, a.Id).Slug() != "self" {
		t.Errorf("re-save: %v, slug %q", err, w.reload(t, a.Id).Slug())
	}
}

func TestArticleWrittenThroughTheAPI(t *testing.T) {
	w := newWorld(t)
	status, body := w.app.Do(t, "POST", "/api/collections/kb_articles/records", w.support, map[string]any{
		"title": "Install WordPress", "body": "# Install\n\nRun the installer.", "status": "published", "category": w.general,
	})
	if status != http.StatusOK {
		t.Fatalf("support creates: %d %s", status, body)
	}
	got := decode(t, body)
	if got["slug"] != "install-wordpress" || !strings.Contains(got["body_html"].(string), `<h1 id="install">Install</h1>`) ||
		got["excerpt"] != "Install Run the installer." || got["published_at"] == "" {
		t.Errorf("created: %s", body)
	}

	articles := count(t, w.app, collections.KBArticles, nil)
	bad := []struct {
		name   string
		fields map[string]any
		field  string
	}{
		{"script in the body", map[string]any{"body": "Hi <script>alert(1)</script>"}, "body"},
		{"event handler in the body", map[string]any{"body": `<img src=x onerror="alert(1)">`}, "body"},
		{"javascript link", map[string]any{"body": "[x](javascript:alert(1))"}, "body"},
		{"slug with spaces", map[string]any{"slug": "Not A Slug"}, "slug"},
		{"slug taken", map[string]any{"slug": "install-wordpress"}, "slug"},
		{"no title", map[string]any{"title": ""}, "title"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			f := map[string]any{"title": "Bad", "body": "ok", "status": "published", "category": w.general}
			for k, v := range tc.fields {
				f[k] = v
			}
			status, body := w.app.Do(t, "POST", "/api/collections/kb_articles/records", w.support, f)
			wantField(t, status, body, tc.field)
			if n := count(t, w.app, collections.KBArticles, nil); n != articles {
				t.Errorf("%d articles after a refused create, want %d", n, articles)
			}
		})
	}

	// An update with a script payload is refused and changes nothing.
	id := got["id"].(string)
	status, body = w.app.Do(t, "PATCH", "/api/collections/kb_articles/records/"+id, w.support, map[string]any{"body": "<iframe src=//evil>"})
	wantField(t, status, body, "body")
	if a := w.reload(t, id); a.Body() != "# Install\n\nRun the installer." {
		t.Errorf("body changed to %q", a.Body())
	}
	if n := count(t, w.app, "kb_articles_fts", dbx.NewExp("kb_articles_fts MATCH 'evil'")); n != 0 {
		t.Errorf("the refused body reached the search index")
	}
}

func TestAnnouncementsRenderedSluggedAndDated(t *testing.T) {
	w := newWorld(t)
	status, body := w.app.Do(t, "POST", "/api/collections/announcements/records", w.support, map[string]any{
		"title": "Maintenance on Sunday", "body": "We **upgrade** routers.", "published": true, "featured": true,
	})
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	got := decode(t, body)
	if got["slug"] != "maintenance-on-sunday" || got["body_html"] != "<p>We <strong>upgrade</strong> routers.</p>\n" ||
		got["publish_at"] == "" || got["featured"] != true {
		t.Errorf("announcement: %s", body)
	}
	before := count(t, w.app, collections.Announcements, nil)
	status, body = w.app.Do(t, "POST", "/api/collections/announcements/records", w.support, map[string]any{
		"title": "Evil", "body": `<a href="#" onclick="steal()">x</a>`, "published": true,
	})
	wantField(t, status, body, "body")
	if after := count(t, w.app, collections.Announcements, nil); after != before {
		t.Errorf("announcements %d → %d after a refused create", before, after)
	}
}

func TestCategoriesGetSlugsAndNoCycles(t *testing.T) {
	w := newWorld(t)
	status, body := w.app.Do(t, "POST", "/api/collections/kb_categories/records", w.support, map[string]any{"name": "Game Servers", "parent": w.general})
	if status != http.StatusOK || decode(t, body)["slug"] != "game-servers" {
		t.Fatalf("%d %s", status, body)
	}
	child := decode(t, body)["id"].(string)
	status, body = w.app.Do(t, "PATCH", "/api/collections/kb_categories/records/"+w.general, w.support, map[string]any{"parent": child})
	wantField(t, status, body, "parent")
	status, body = w.app.Do(t, "PATCH", "/api/collections/kb_categories/records/"+child, w.support, map[string]any{"parent": child})
	wantField(t, status, body, "parent")
	var parent string
	if err := w.app.DB().NewQuery("SELECT parent FROM kb_categories WHERE id = {:id}").Bind(dbx.Params{"id": w.general}).Row(&parent); err != nil || parent != "" {
		t.Errorf("general's parent %q after a refused cycle: %v", parent, err)
	}
}

func TestConcurrentSavesOfOneTitleGetDistinctSlugs(t *testing.T) {
	w := newWorld(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := collections.NewKBArticle(w.app)
			if err != nil {
				errs <- err
				return
			}
			a.SetTitle("Same title")
			a.SetCategoryID(w.general)
			a.SetStatus(collections.KBArticleStatusPublished)
			errs <- w.app.Save(a)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var slugs []string
	if err := w.app.DB().Select("slug").From(collections.KBArticles).OrderBy("slug").Column(&slugs); err != nil {
		t.Fatal(err)
	}
	if len(slugs) != 8 || slugs[0] != "same-title" || slugs[7] != "same-title-8" {
		t.Errorf("slugs %v", slugs)
	}
	if n := count(t, w.app, "kb_articles_fts_docs", nil); n != 8 {
		t.Errorf("%d articles indexed, want 8", n)
	}
}
