package kb

import (
	"fmt"
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// viewRoute counts a view of a published article, at most once per
// visitor and (UTC) day.
func (v *visitors) viewRoute(e *core.RequestEvent) error {
	id := e.Request.PathValue("id")
	var found struct {
		ID string `db:"id"`
	}
	if err := findShownArticle(e, id, &found, "a.id"); err != nil {
		return err
	}
	visitor, err := v.identify(e)
	if err != nil {
		return err
	}
	counted, views, err := CountView(e.App, id, visitor, time.Now())
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"counted": counted, "views": views})
}

// CountView records that visitor viewed article on at's UTC day and, the
// first time only, adds one to the article's views, in one transaction: the
// kb_views unique index makes a repeat (or a concurrent twin) a no-op.
func CountView(app core.App, article, visitor string, at time.Time) (counted bool, views int64, err error) {
	err = app.RunInTransaction(func(txApp core.App) error {
		db := txApp.DB()
		now := types.NowDateTime().String()
		res, err := db.NewQuery(`INSERT INTO ` + collections.KBViews + ` (id, article, visitor, day, created, updated)
			VALUES ({:id}, {:article}, {:visitor}, {:day}, {:now}, {:now})
			ON CONFLICT (article, visitor, day) DO NOTHING`).
			Bind(dbx.Params{"id": core.GenerateDefaultRandomId(), "article": article, "visitor": visitor,
				"day": at.UTC().Format(time.DateOnly), "now": now}).
			Execute()
		if err != nil {
			return fmt.Errorf("store view: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		counted = n == 1
		if counted {
			_, err = db.NewQuery(`UPDATE ` + collections.KBArticles + ` SET views = views + 1 WHERE id = {:article}`).
				Bind(dbx.Params{"article": article}).Execute()
			if err != nil {
				return fmt.Errorf("count view: %w", err)
			}
		}
		return db.Select("views").From(collections.KBArticles).Where(dbx.HashExp{"id": article}).Row(&views)
	})
	return counted, views, err
}
