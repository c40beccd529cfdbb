package kb

import (
	"database/sql"
	"errors"
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/request"
)

// Search limits: a page of hits, and the most one request may ask for.
const (
	defaultSearchLimit = 10
	maxSearchLimit     = 50
)

// Hit marks inside snippets, before HTML escaping turns the rest of the
// snippet into text; they are stripped from indexed text.
const (
	markOpen  = "\x02"
	markClose = "\x03"
)

// Column weights for bm25, in the table's column order (title, body,
// tags): a word in the title counts ten times one in the body,
// a tag five times.
const rankExpr = "bm25(" + SearchTable + ", 10.0, 1.0, 5.0)"

// SearchHit is one article found by search.
type SearchHit struct {
	ID       string `db:"id" json:"id"`
	Slug     string `db:"slug" json:"slug"`
	Title    string `db:"title" json:"title"`
	Excerpt  string `db:"excerpt" json:"excerpt"`
	Category string `db:"category" json:"category"`
	// Snippet is HTML: the body's best passage, escaped, hits in <mark>.
	Snippet string  `db:"snippet" json:"snippet"`
	Score   float64 `db:"score" json:"score"`
}

// SearchResult is a page of hits and how many articles matched in all.
type SearchResult struct {
	Items []SearchHit `json:"items"`
	Total int         `json:"total"`
}

// searchRoute answers GET /api/hb/kb/search?q=&limit=&category=.
func searchRoute(e *core.RequestEvent) error {
	query := e.Request.URL.Query()
	text := query.Get("q")
	if terms, _ := searchTerms(text); len(terms) == 0 {
		return request.FieldError(e, "q", "validation_required", "Type at least one word to search for.")
	}
	limit := defaultSearchLimit
	if raw := query.Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > maxSearchLimit {
			return request.FieldError(e, "limit", "validation_out_of_range", fmt.Sprintf("Must be a whole number from 1 to %d.", maxSearchLimit))
		}
		limit = n
	}
	audience := audienceCondition(e)
	var categories []string
	if raw := strings.TrimSpace(query.Get("category")); raw != "" {
		var err error
		if categories, err = categoryAndChildren(e.App, raw, audience == shownToStaff); err != nil {
			return err
		}
		if len(categories) == 0 {
			return request.FieldError(e, "category", "validation_not_found", "No such category: give a category's id or slug.")
		}
	}
	res, err := Search(e.App, SearchQuery{Text: text, Limit: limit, Categories: categories, IncludeHidden: audience == shownToStaff})
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, res)
}

// SearchQuery is one search.
type SearchQuery struct {
	// Text is what the visitor typed; any FTS5 syntax in it is plain text.
	Text  string
	Limit int
	// Categories limits hits to these category ids (none: every category).
	Categories []string
	// IncludeHidden includes articles of hidden categories (staff).
	IncludeHidden bool
}

// Search ranks published articles by bm25 over title, body and tags. All
// words must match (the last one as a prefix while it is being typed);
// when that finds nothing, any word may. Text without a word finds nothing.
func Search(app core.App, q SearchQuery) (SearchResult, error) {
	terms, prefix := searchTerms(q.Text)
	if len(terms) == 0 {
		return SearchResult{Items: []SearchHit{}}, nil
	}
	if q.Limit < 1 || q.Limit > maxSearchLimit {
		q.Limit = defaultSearchLimit
	}
	res, err := searchOnce(app, q, matchExpression(terms, prefix, false))
	if err != nil || res.Total > 0 || len(terms) < 2 {
		return res, err
	}
	return searchOnce(app, q, matchExpression(terms, prefix, true))
}

func searchOnce(app core.App, q SearchQuery, match string) (SearchResult, error) {
	res := SearchResult{Items: []SearchHit{}}
	params := dbx.Params{"limit": q.Limit}
	where := searchWhere(match, q.IncludeHidden, q.Categories, params)
	var hits []searchRow
	err := app.DB().NewQuery("SELECT " + SearchTable + ".rowid AS rid, " + searchDocsTable + ".*, -" + rankExpr + " AS score" + searchFrom +
		" WHERE " + where + " ORDER BY " + rankExpr + " LIMIT {:limit}").Bind(params).All(&hits)
	if err != nil {
		return res, fmt.Errorf("search %q: %w", match, err)
	}
	if len(hits) < q.Limit {
		res.Total = len(hits)
	} else if err := app.DB().NewQuery("SELECT count(*)" + searchFrom + " WHERE " + where).Bind(params).Row(&res.Total); err != nil {
		return res, fmt.Errorf("count %q: %w", match, err)
	}
	// Snippets are cut for the page only: cutting one for every match
	// before the ranking's LIMIT would cost more than the search itself.
	snippets, err := searchSnippets(app, match, hits)
	if err != nil {
		return res, err
	}
	for _, h := range hits {
		res.Items = append(res.Items, SearchHit{
			ID: h.Article, Slug: h.Slug, Title: h.Title, Excerpt: h.Excerpt, Category: h.Category,
			Snippet: markHits(snippets[h.RowID]), Score: h.Score,
		})
	}
	return res, nil
}

// searchRow is a row of the search tables that matched, with its bm25
// score (higher is better).
type searchRow struct {
	RowID    int64   `db:"rid"`
	Article  string  `db:"article"`
	Category string  `db:"category"`
	Slug     string  `db:"slug"`
	Title    string  `db:"title"`
	Excerpt  string  `db:"excerpt"`
	Tags     string  `db:"tags"`
	Score    float64 `db:"score"`
}

// searchFrom joins each match to its article and category.
const searchFrom = " FROM " + SearchTable + " JOIN " + searchDocsTable + " ON " + searchDocsTable + ".rowid = " + SearchTable + ".rowid"

// searchWhere is the condition over searchFrom for match, adding its
// parameters to params. It reads only the search tables and the categories.
func searchWhere(match string, includeHidden bool, categories []string, params dbx.Params) string {
	params["match"] = match
	where := SearchTable + " MATCH {:match}"
	if !includeHidden {
		where += " AND category IN (" + shownCategories + ")"
	}
	if len(categories) > 0 {
		names := make([]string, len(categories))
		for i, c := range categories {
			names[i] = fmt.Sprintf("{:cat%d}", i)
			params[fmt.Sprintf("cat%d", i)] = c
		}
		where += " AND category IN (" + strings.Join(names, ", ") + ")"
	}
	return where
}

// searchSnippets returns the body snippet of each hit, by search row id.
// The match is walked once and the page's rows picked from it ("+rowid"
// keeps the IN list away from FTS5, which would otherwise start the whole
// match over for each row, prefix expansion included).
func searchSnippets(app core.App, match string, hits []searchRow) (map[int64]string, error) {
	out := make(map[int64]string, len(hits))
	if len(hits) == 0 {
		return out, nil
	}
	params := dbx.Params{"match": match, "open": markOpen, "close": markClose}
	names := make([]string, len(hits))
	for i, h := range hits {
		names[i] = fmt.Sprintf("{:r%d}", i)
		params[fmt.Sprintf("r%d", i)] = h.RowID
	}
	var rows []struct {
		RowID   int64  `db:"rid"`
		Snippet string `db:"snippet"`
	}
	err := app.DB().NewQuery("SELECT rowid AS rid, snippet(" + SearchTable + ", 1, {:open}, {:close}, '…', 24) AS snippet FROM " + SearchTable +
		" WHERE " + SearchTable + " MATCH {:match} AND +rowid IN (" + strings.Join(names, ", ") + ")").Bind(params).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("snippets for %q: %w", match, err)
	}
	for _, r := range rows {
		out[r.RowID] = r.Snippet
	}
	return out, nil
}

// markHits escapes a snippet as HTML text, then turns the hit marks into
// <mark> elements.
func markHits(snippet string) string {
	escaped := html.EscapeString(snippet)
	return strings.NewReplacer(markOpen, "<mark>", markClose, "</mark>").Replace(escaped)
}

// categoryAndChildren resolves a category id or slug to it and its direct
// children, as the asker may see them; none when there is no such category.
func categoryAndChildren(app core.App, idOrSlug string, includeHidden bool) ([]string, error) {
	var row struct {
		ID     string `db:"id"`
		Hidden bool   `db:"hidden"`
		Parent string `db:"parent"`
	}
	err := app.DB().Select("id", "hidden", "parent").From(collections.KBCategories).
		Where(dbx.Or(dbx.HashExp{"id": idOrSlug}, dbx.HashExp{"slug": idOrSlug})).Limit(1).One(&row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !includeHidden {
		if row.Hidden {
			return nil, nil
		}
		if row.Parent != "" {
			var parentHidden bool
			if err := app.DB().Select("hidden").From(collections.KBCategories).Where(dbx.HashExp{"id": row.Parent}).Row(&parentHidden); err == nil && parentHidden {
				return nil, nil
			}
		}
	}
	ids := []string{row.ID}
	var children []string
	q := app.DB().Select("id").From(collections.KBCategories).Where(dbx.HashExp{"parent": row.ID})
	if !includeHidden {
		q.AndWhere(dbx.HashExp{"hidden": false})
	}
	if err := q.Column(&children); err != nil {
		return nil, err
	}
	return append(ids, children...), nil
}
