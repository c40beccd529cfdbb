package kb

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/request"
)

// shownCategories selects the ids of categories customers see: not hidden,
// and not under a hidden parent.
const shownCategories = `SELECT c.id FROM kb_categories c LEFT JOIN kb_categories p ON p.id = c.parent AND c.parent != ''
	WHERE c.hidden = 0 AND (p.id IS NULL OR p.hidden = 0)`

// shownToCustomers is the SQL condition, over kb_articles AS a, under which
// an article is public: published, in a shown category. It mirrors
// kb_articles' list rule, for routes that read with raw SQL.
const shownToCustomers = `a.status = 'published' AND a.category IN (` + shownCategories + `)`

// shownToStaff keeps drafts out of public features (votes, views, search,
// related) even for staff: hidden categories are staff's to see.
const shownToStaff = `a.status = 'published'`

// audienceCondition is the visibility condition for the one asking.
func audienceCondition(e *core.RequestEvent) string {
	if request.IsStaff(e) {
		return shownToStaff
	}
	return shownToCustomers
}

// articleRow is what the public routes read of one article.
type articleRow struct {
	ID       string `db:"id" json:"id"`
	Slug     string `db:"slug" json:"slug"`
	Title    string `db:"title" json:"title"`
	Excerpt  string `db:"excerpt" json:"excerpt"`
	Category string `db:"category" json:"category"`
}

// findShownArticle loads an article the asker may see, or answers 404:
// a draft or an article in a hidden category does not exist for them.
func findShownArticle(e *core.RequestEvent, id string, dst any, columns ...string) error {
	err := e.App.DB().Select(columns...).From(collections.KBArticles + " a").
		Where(dbx.HashExp{"a.id": id}).AndWhere(dbx.NewExp(audienceCondition(e))).
		Limit(1).One(dst)
	if errors.Is(err, sql.ErrNoRows) {
		return e.NotFoundError("No such article.", nil)
	}
	return err
}
