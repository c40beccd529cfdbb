package kb

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/markdown"
)

// SearchTable is the FTS5 table of published articles. It keeps its own
// copy of the indexed text (plain text, not markdown) so that snippets can
// be cut from it; kb_articles stays the source of truth, and the table is
// rebuilt from it when missing.
const SearchTable = "kb_articles_fts"

// searchDocsTable holds what a hit shows and what filtering needs, by
// SearchTable's rowid. Search reads only it and the FTS index: reading a
// column of kb_articles, or an unindexed one of SearchTable, loads the
// whole row, body and rendered HTML included, for every match.
const searchDocsTable = "kb_articles_fts_docs"

// searchTablesDDL: title, body and tags are searched. porter stems English
// words ("servers" finds "server"), unicode61 folds case and accents, and
// prefix indexes make the typed-so-far last word fast.
var searchTablesDDL = []string{
	`CREATE VIRTUAL TABLE IF NOT EXISTS ` + SearchTable + ` USING fts5(
		title, body, tags,
		tokenize = 'porter unicode61 remove_diacritics 2',
		prefix = '2 3'
	)`,
	`CREATE TABLE IF NOT EXISTS ` + searchDocsTable + ` (
		rowid INTEGER PRIMARY KEY,
		article TEXT NOT NULL UNIQUE,
		category TEXT NOT NULL,
		slug TEXT NOT NULL,
		title TEXT NOT NULL,
		excerpt TEXT NOT NULL,
		tags TEXT NOT NULL
	)`,
	`CREATE INDEX IF NOT EXISTS ` + searchDocsTable + `_category ON ` + searchDocsTable + ` (category)`,
}

// searchRowID maps an article id to its row in SearchTable, so that an
// article's row is found without scanning: a 63-bit FNV hash (a collision
// among even a million articles has odds below one in ten million).
func searchRowID(articleID string) int64 {
	h := fnv.New64a()
	h.Write([]byte(articleID))
	return int64(h.Sum64() & (1<<63 - 1))
}

// searchDocument is what the search tables hold for one article.
type searchDocument struct {
	category, slug, title, excerpt, tagsJSON string
	// indexed text
	titleText, bodyText, tagsText string
}

// documentOf derives an article's search rows from its fields, the
// indexed text from its markdown.
func documentOf(category, slug, title, excerpt, body, tagsJSON string) searchDocument {
	return searchDocument{
		category: category, slug: slug, title: title, excerpt: excerpt, tagsJSON: tagsJSON,
		titleText: collapseSpace(stripMarks(title)),
		bodyText:  stripMarks(PlainText(markdown.Render(body))),
		tagsText:  stripMarks(strings.Join(parseTags(tagsJSON), " ")),
	}
}

// stripMarks removes the characters snippets use to mark hits.
func stripMarks(s string) string {
	return strings.NewReplacer(markOpen, "", markClose, "").Replace(s)
}

// parseTags reads the tags field: a JSON array of strings.
func parseTags(raw string) []string {
	var tags []string
	if err := json.Unmarshal([]byte(raw), &tags); err != nil {
		return nil
	}
	return tags
}

// SearchTableExists reports whether the search tables are in app's database.
func SearchTableExists(app core.App) (bool, error) {
	var n int
	err := app.DB().NewQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ({:fts}, {:docs})").
		Bind(dbx.Params{"fts": SearchTable, "docs": searchDocsTable}).Row(&n)
	return n == 2, err
}

// RebuildSearchIndex creates the search tables when missing and refills
// them from every published article, in one transaction.
func RebuildSearchIndex(app core.App) error {
	return app.RunInTransaction(func(txApp core.App) error {
		db := txApp.DB()
		for _, ddl := range searchTablesDDL {
			if _, err := db.NewQuery(ddl).Execute(); err != nil {
				return fmt.Errorf("create the search tables: %w", err)
			}
		}
		for _, table := range []string{SearchTable, searchDocsTable} {
			if _, err := db.NewQuery("DELETE FROM " + table).Execute(); err != nil {
				return fmt.Errorf("empty %s: %w", table, err)
			}
		}
		var rows []struct {
			ID       string `db:"id"`
			Category string `db:"category"`
			Slug     string `db:"slug"`
			Title    string `db:"title"`
			Excerpt  string `db:"excerpt"`
			Body     string `db:"body"`
			Tags     string `db:"tags"`
		}
		err := db.NewQuery("SELECT id, category, slug, title, excerpt, body, COALESCE(tags, '') AS tags FROM " + collections.KBArticles + " WHERE status = {:published}").
			Bind(dbx.Params{"published": string(collections.KBArticleStatusPublished)}).All(&rows)
		if err != nil {
			return fmt.Errorf("read articles: %w", err)
		}
		for _, r := range rows {
			if err := insertSearchRows(txApp, r.ID, documentOf(r.Category, r.Slug, r.Title, r.Excerpt, r.Body, r.Tags)); err != nil {
				return err
			}
		}
		return nil
	})
}

// insertSearchRows indexes one article.
func insertSearchRows(app core.App, articleID string, d searchDocument) error {
	params := dbx.Params{"rowid": searchRowID(articleID), "article": articleID, "category": d.category,
		"slug": d.slug, "title": d.title, "excerpt": d.excerpt, "tags": d.tagsJSON,
		"title_text": d.titleText, "body_text": d.bodyText, "tags_text": d.tagsText}
	_, err := app.DB().NewQuery("INSERT INTO " + SearchTable + " (rowid, title, body, tags) VALUES ({:rowid}, {:title_text}, {:body_text}, {:tags_text})").
		Bind(params).Execute()
	if err == nil {
		_, err = app.DB().NewQuery("INSERT INTO " + searchDocsTable + " (rowid, article, category, slug, title, excerpt, tags)" +
			" VALUES ({:rowid}, {:article}, {:category}, {:slug}, {:title}, {:excerpt}, {:tags})").Bind(params).Execute()
	}
	if err != nil {
		return fmt.Errorf("index article %s: %w", articleID, err)
	}
	return nil
}

// syncSearchRow makes the search tables agree with one saved article:
// indexed when published, absent otherwise. app is the saving
// transaction's app.
func syncSearchRow(app core.App, a *collections.KBArticle) error {
	if err := removeSearchRow(app, a.Id); err != nil {
		return err
	}
	if a.Status() != collections.KBArticleStatusPublished {
		return nil
	}
	return insertSearchRows(app, a.Id, documentOf(a.CategoryID(), a.Slug(), a.Title(), a.Excerpt(), a.Body(), string(a.TagsJSON())))
}

// removeSearchRow drops an article from the search tables.
func removeSearchRow(app core.App, articleID string) error {
	for _, table := range []string{SearchTable, searchDocsTable} {
		_, err := app.DB().NewQuery("DELETE FROM " + table + " WHERE rowid = {:rowid}").
			Bind(dbx.Params{"rowid": searchRowID(articleID)}).Execute()
		if err != nil {
			return fmt.Errorf("unindex article %s: %w", articleID, err)
		}
	}
	return nil
}

// ensureSearchIndex rebuilds the search tables when they are missing (a
// database restored from before search existed, or a table dropped by hand).
func ensureSearchIndex(app core.App) error {
	ok, err := SearchTableExists(app)
	if err != nil || ok {
		return err
	}
	app.Logger().Warn("knowledge base search index missing; rebuilding it")
	return RebuildSearchIndex(app)
}

// DropSearchIndex removes the search tables (the migration's down).
func DropSearchIndex(app core.App) error {
	for _, table := range []string{SearchTable, searchDocsTable} {
		if _, err := app.DB().NewQuery("DROP TABLE IF EXISTS " + table).Execute(); err != nil {
			return fmt.Errorf("drop %s: %w", table, err)
		}
	}
	return nil
}
