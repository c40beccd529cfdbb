package kb

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/request"
)

// shownToCustomers is the SQL condition, over kb_articles AS a, under which
// an article is public: published, in a category that is not hidden, whose
// parent (if any) is not hidden either. It mirrors kb_articles' list rule,
// for routes that read with raw SQL.
const shownToCustomers = `a.status = 'published' AND EXISTS (
	SELECT 1 FROM kb_categories c LEFT JOIN kb_categories p ON p.id = c.parent AND c.parent != ''
	WHERE c.id = a.category AND c.hidden = 0 AND (p.id IS NULL OR p.hidden = 0))`

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
