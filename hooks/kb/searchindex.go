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

// searchTableDDL: title, body and tags are searched; article is the record
// id. porter stems English words ("servers" finds "server"), unicode61 folds
// case and accents, and prefix indexes make the typed-so-far last word fast.
const searchTableDDL = `CREATE VIRTUAL TABLE IF NOT EXISTS ` + SearchTable + ` USING fts5(
	article UNINDEXED, title, body, tags,
	tokenize = 'porter unicode61 remove_diacritics 2',
	prefix = '2 3'
)`

// searchRowID maps an article id to its row in SearchTable, so that an
// article's row is found without scanning: a 63-bit FNV hash (a collision
// among even a million articles has odds below one in ten million).
func searchRowID(articleID string) int64 {
	h := fnv.New64a()
	h.Write([]byte(articleID))
	return int64(h.Sum64() & (1<<63 - 1))
}

// searchDocument is what SearchTable holds for one article.
type searchDocument struct {
	title, body, tags string
}

// documentOf derives an article's indexed text from its markdown.
func documentOf(title, body, tagsJSON string) searchDocument {
	return searchDocument{
		title: collapseSpace(stripMarks(title)),
		body:  stripMarks(PlainText(markdown.Render(body))),
		tags:  stripMarks(strings.Join(parseTags(tagsJSON), " ")),
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

// SearchTableExists reports whether SearchTable is in app's database.
func SearchTableExists(app core.App) (bool, error) {
	var n int
	err := app.DB().NewQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = {:name}").
		Bind(dbx.Params{"name": SearchTable}).Row(&n)
	return n > 0, err
}

// RebuildSearchIndex creates SearchTable when missing and refills it from
// every published article, in one transaction.
func RebuildSearchIndex(app core.App) error {
	return app.RunInTransaction(func(txApp core.App) error {
		db := txApp.DB()
		if _, err := db.NewQuery(searchTableDDL).Execute(); err != nil {
			return fmt.Errorf("create %s: %w", SearchTable, err)
		}
		if _, err := db.NewQuery("DELETE FROM " + SearchTable).Execute(); err != nil {
			return fmt.Errorf("empty %s: %w", SearchTable, err)
		}
		var rows []struct {
			ID    string `db:"id"`
			Title string `db:"title"`
			Body  string `db:"body"`
			Tags  string `db:"tags"`
		}
		err := db.NewQuery("SELECT id, title, body, COALESCE(tags, '') AS tags FROM " + collections.KBArticles + " WHERE status = {:published}").
			Bind(dbx.Params{"published": string(collections.KBArticleStatusPublished)}).All(&rows)
		if err != nil {
			return fmt.Errorf("read articles: %w", err)
		}
		insert := db.NewQuery(insertSearchRow).Prepare()
		defer insert.Close()
		for _, r := range rows {
			d := documentOf(r.Title, r.Body, r.Tags)
			if _, err := insert.Bind(searchRowParams(r.ID, d)).Execute(); err != nil {
				return fmt.Errorf("index article %s: %w", r.ID, err)
			}
		}
		return nil
	})
}

const insertSearchRow = "INSERT INTO " + SearchTable + " (rowid, article, title, body, tags) VALUES ({:rowid}, {:article}, {:title}, {:body}, {:tags})"

func searchRowParams(articleID string, d searchDocument) dbx.Params {
	return dbx.Params{"rowid": searchRowID(articleID), "article": articleID, "title": d.title, "body": d.body, "tags": d.tags}
}

// syncSearchRow makes SearchTable agree with one saved article: indexed
// when published, absent otherwise. app is the saving transaction's app.
func syncSearchRow(app core.App, a *collections.KBArticle) error {
	if err := removeSearchRow(app, a.Id); err != nil {
		return err
	}
	if a.Status() != collections.KBArticleStatusPublished {
		return nil
	}
	d := documentOf(a.Title(), a.Body(), string(a.TagsJSON()))
	if _, err := app.DB().NewQuery(insertSearchRow).Bind(searchRowParams(a.Id, d)).Execute(); err != nil {
		return fmt.Errorf("index article %s: %w", a.Id, err)
	}
	return nil
}

// removeSearchRow drops an article from SearchTable.
func removeSearchRow(app core.App, articleID string) error {
	_, err := app.DB().NewQuery("DELETE FROM " + SearchTable + " WHERE rowid = {:rowid}").
		Bind(dbx.Params{"rowid": searchRowID(articleID)}).Execute()
	if err != nil {
		return fmt.Errorf("unindex article %s: %w", articleID, err)
	}
	return nil
}

// ensureSearchIndex rebuilds SearchTable when it is missing (a database
// restored from before search existed, or the table dropped by hand).
func ensureSearchIndex(app core.App) error {
	ok, err := SearchTableExists(app)
	if err != nil || ok {
		return err
	}
	app.Logger().Warn("knowledge base search index missing; rebuilding it")
	return RebuildSearchIndex(app)
}
