package kb

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/request"
)

const (
	defaultRelatedLimit = 5
	maxRelatedLimit     = 20
	// relatedCandidates is how many search hits are re-ranked.
	relatedCandidates = 40
)

// Bonuses added to a candidate's bm25 score: sharing the category or a
// tag says more about relatedness than sharing a common word.
const (
	sameCategoryBonus = 5.0
	sharedTagBonus    = 3.0
)

// stopWords are left out of the query built from a title: they match
// nearly every article.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "by": true, "can": true,
	"do": true, "for": true, "from": true, "how": true, "i": true, "in": true, "is": true, "it": true, "my": true,
	"of": true, "on": true, "or": true, "the": true, "to": true, "what": true, "when": true, "why": true,
	"with": true, "you": true, "your": true,
}

// relatedRoute answers GET /api/hb/kb/articles/{id}/related: the articles
// staff set in `related` (published ones the asker may see, in staff's
// order), otherwise the most similar published articles.
func relatedRoute(e *core.RequestEvent) error {
	limit := defaultRelatedLimit
	if raw := e.Request.URL.Query().Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > maxRelatedLimit {
			return request.FieldError(e, "limit", "validation_out_of_range", "Must be a whole number from 1 to "+strconv.Itoa(maxRelatedLimit)+".")
		}
		limit = n
	}
	var art struct {
		ID       string `db:"id"`
		Title    string `db:"title"`
		Category string `db:"category"`
		Tags     string `db:"tags"`
		Related  string `db:"related"`
	}
	if err := findShownArticle(e, e.Request.PathValue("id"), &art, "a.id", "a.title", "a.category", "COALESCE(a.tags, '') AS tags", "COALESCE(a.related, '') AS related"); err != nil {
		return err
	}
	audience := audienceCondition(e)
	items, err := chosenRelated(e.App, audience, art.Related, limit)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		items, err = similarArticles(e.App, audience, art.ID, art.Title, art.Category, parseTags(art.Tags), limit)
		if err != nil {
			return err
		}
	}
	if len(items) == 0 {
		if items, err = sameCategory(e.App, art.ID, art.Category, limit); err != nil {
			return err
		}
	}
	return e.JSON(http.StatusOK, map[string]any{"items": items})
}

// chosenRelated reads the articles staff linked, keeping their order.
func chosenRelated(app core.App, audience, relatedJSON string, limit int) ([]articleRow, error) {
	var ids []string
	if err := json.Unmarshal([]byte(relatedJSON), &ids); err != nil || len(ids) == 0 {
		return []articleRow{}, nil
	}
	idList := make([]any, len(ids))
	for i, id := range ids {
		idList[i] = id
	}
	var rows []articleRow
	err := app.DB().Select("a.id", "a.slug", "a.title", "a.excerpt", "a.category").From(collections.KBArticles + " a").
		Where(dbx.In("a.id", idList...)).AndWhere(dbx.NewExp(audience)).All(&rows)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]articleRow, len(rows))
	for _, r := range rows {
		byID[r.ID] = r
	}
	out := []articleRow{}
	for _, id := range ids {
		if r, ok := byID[id]; ok && len(out) < limit {
			out = append(out, r)
			delete(byID, id)
		}
	}
	return out, nil
}

// similarArticles searches with the article's title words and tags (any
// may match), then favours the same category and shared tags.
func similarArticles(app core.App, audience, selfID, title, category string, tags []string, limit int) ([]articleRow, error) {
	seen := map[string]bool{}
	var terms []string
	words, _ := searchTerms(title + " " + strings.Join(tags, " "))
	for _, w := range words {
		if !stopWords[w] && !seen[w] {
			seen[w] = true
			terms = append(terms, w)
		}
	}
	out := []articleRow{}
	if len(terms) == 0 {
		return out, nil
	}
	params := dbx.Params{"self": selfID, "n": relatedCandidates}
	where := searchWhere(matchExpression(terms, false, true), audience == shownToStaff, nil, params)
	var candidates []searchRow
	err := app.DB().NewQuery("SELECT " + SearchTable + ".rowid AS rid, " + searchDocsTable + ".*, -" + rankExpr + " AS score" + searchFrom +
		" WHERE " + where + " AND article != {:self} ORDER BY " + rankExpr + " LIMIT {:n}").Bind(params).All(&candidates)
	if err != nil {
		return nil, err
	}
	ownTags := map[string]bool{}
	for _, t := range tags {
		ownTags[strings.ToLower(t)] = true
	}
	for i := range candidates {
		c := &candidates[i]
		if c.Category == category {
			c.Score += sameCategoryBonus
		}
		for _, t := range parseTags(c.Tags) {
			if ownTags[strings.ToLower(t)] {
				c.Score += sharedTagBonus
			}
		}
	}
	sort.SliceStable(candidates, func(i, j int) bool { return candidates[i].Score > candidates[j].Score })
	for _, c := range candidates {
		if len(out) == limit {
			break
		}
		out = append(out, articleRow{ID: c.Article, Slug: c.Slug, Title: c.Title, Excerpt: c.Excerpt, Category: c.Category})
	}
	return out, nil
}

// sameCategory lists other published articles of the category, for an
// article whose title and tags share no searchable word with any other.
// The asker sees the article, so they see its category.
func sameCategory(app core.App, selfID, category string, limit int) ([]articleRow, error) {
	out := []articleRow{}
	err := app.DB().Select("article AS id", "slug", "title", "excerpt", "category").From(searchDocsTable).
		Where(dbx.HashExp{"category": category}).AndWhere(dbx.Not(dbx.HashExp{"article": selfID})).
		OrderBy("title").Limit(int64(limit)).All(&out)
	return out, err
}
