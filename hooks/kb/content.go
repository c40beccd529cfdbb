package kb

import (
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/markdown"
)

// registerContent renders articles and announcements whenever they are
// saved (API, dashboard or Go), so that reading one is a plain record
// fetch, and keeps the search index in the same transaction as the article.
func registerContent(app core.App) {
	app.OnRecordCreate(collections.KBArticles).BindFunc(inTransaction(prepareArticle, indexArticle))
	app.OnRecordUpdate(collections.KBArticles).BindFunc(inTransaction(prepareArticle, indexArticle))
	app.OnRecordDelete(collections.KBArticles).BindFunc(inTransaction(nil, unindexArticle))
	app.OnRecordCreate(collections.KBCategories).BindFunc(inTransaction(prepareCategory, nil))
	app.OnRecordUpdate(collections.KBCategories).BindFunc(inTransaction(prepareCategory, nil))
	app.OnRecordCreate(collections.Announcements).BindFunc(inTransaction(prepareAnnouncement, nil))
	app.OnRecordUpdate(collections.Announcements).BindFunc(inTransaction(prepareAnnouncement, nil))
}

// inTransaction runs before, the save itself and after in one transaction:
// a slug is chosen under the same lock that writes it, and the search index
// never disagrees with a committed article.
func inTransaction(before, after func(core.App, *core.Record) error) func(*core.RecordEvent) error {
	return func(e *core.RecordEvent) error {
		outer := e.App
		defer func() { e.App = outer }()
		return outer.RunInTransaction(func(txApp core.App) error {
			e.App = txApp
			if before != nil {
				if err := before(txApp, e.Record); err != nil {
					return err
				}
			}
			if err := e.Next(); err != nil {
				return err
			}
			if after != nil {
				return after(txApp, e.Record)
			}
			return nil
		})
	}
}

// prepareArticle renders the body, fills an empty excerpt and slug, and
// dates the first publication.
func prepareArticle(app core.App, r *core.Record) error {
	a := collections.WrapKBArticle(r)
	html, err := renderBody(a.Body())
	if err != nil {
		return err
	}
	a.SetBodyHTML(html)
	if excerptIsGenerated(r, collections.KBArticleFields.Excerpt) {
		a.SetExcerpt(Excerpt(PlainText(html)))
	}
	if err := fillSlug(app, r, collections.KBArticleFields.Title, "article"); err != nil {
		return err
	}
	if a.Status() == collections.KBArticleStatusPublished && a.PublishedAt().IsZero() {
		a.SetPublishedAt(types.NowDateTime())
	}
	return nil
}

// prepareAnnouncement renders the body, fills an empty slug, and dates a
// published announcement without a date to now.
func prepareAnnouncement(app core.App, r *core.Record) error {
	a := collections.WrapAnnouncement(r)
	html, err := renderBody(a.Body())
	if err != nil {
		return err
	}
	a.SetBodyHTML(html)
	if err := fillSlug(app, r, collections.AnnouncementFields.Title, "announcement"); err != nil {
		return err
	}
	if a.Published() && a.PublishAt().IsZero() {
		a.SetPublishAt(types.NowDateTime())
	}
	return nil
}

// prepareCategory fills an empty slug and refuses a category that would be
// its own ancestor (its articles would never be listed).
func prepareCategory(app core.App, r *core.Record) error {
	c := collections.WrapKBCategory(r)
	if c.ParentID() != "" && !r.IsNew() {
		for id, depth := c.ParentID(), 0; id != "" && depth < 100; depth++ {
			if id == r.Id {
				return validation.Errors{"parent": validation.NewError("validation_parent_cycle", "A category cannot sit inside itself or one of its subcategories.")}
			}
			var parent string
			if err := app.DB().Select("parent").From(collections.KBCategories).Where(dbx.HashExp{"id": id}).Row(&parent); err != nil {
				break
			}
			id = parent
		}
	}
	return fillSlug(app, r, collections.KBCategoryFields.Name, "category")
}

// renderBody refuses markdown carrying script and renders the rest.
func renderBody(body string) (string, error) {
	if err := markdown.Check(body); err != nil {
		return "", validation.Errors{"body": validation.NewError("validation_unsafe_markdown", err.Error())}
	}
	return markdown.Render(body), nil
}

// excerptIsGenerated reports whether the excerpt is empty or still the one
// generated from the stored body: staff-written excerpts are kept, generated
// ones follow the body.
func excerptIsGenerated(r *core.Record, field string) bool {
	current := strings.TrimSpace(r.GetString(field))
	if current == "" {
		return true
	}
	if r.IsNew() {
		return false
	}
	orig := r.Original()
	return current == orig.GetString(field) &&
		current == Excerpt(PlainText(orig.GetString(collections.KBArticleFields.BodyHTML)))
}

// fillSlug gives a record without a slug one made from its title (fallback
// when the title has no letters or digits), unique in its collection. A
// slug that was given is left to the schema's pattern and unique index.
func fillSlug(app core.App, r *core.Record, titleField, fallback string) error {
	if strings.TrimSpace(r.GetString("slug")) != "" {
		return nil
	}
	base := Slugify(r.GetString(titleField))
	if base == "" {
		base = fallback
	}
	slug, err := uniqueSlug(app, r.Collection().Name, base, r.Id)
	if err != nil {
		return err
	}
	r.Set("slug", slug)
	return nil
}

func indexArticle(app core.App, r *core.Record) error {
	return syncSearchRow(app, collections.WrapKBArticle(r))
}

func unindexArticle(app core.App, r *core.Record) error {
	return removeSearchRow(app, r.Id)
}
