package kb

import (
	"fmt"
	"net/http"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/request"
)

// VoteCounts are an article's "was this helpful" counters.
type VoteCounts struct {
	HelpfulYes int64 `db:"helpful_yes" json:"helpful_yes"`
	HelpfulNo  int64 `db:"helpful_no" json:"helpful_no"`
}

// voteRoute records the asker's vote on a published article; voting again
// replaces the earlier vote.
func (v *visitors) voteRoute(e *core.RequestEvent) error {
	var body struct {
		Helpful *bool `json:"helpful"`
	}
	if err := request.ReadJSON(e, &body); err != nil {
		return err
	}
	if body.Helpful == nil {
		return request.FieldError(e, "helpful", "validation_required", "Say whether the article helped: true or false.")
	}
	id := e.Request.PathValue("id")
	var found struct {
		ID string `db:"id"`
	}
	if err := findShownArticle(e, id, &found, "a.id"); err != nil {
		return err
	}
	voter, err := v.identify(e)
	if err != nil {
		return err
	}
	counts, err := Vote(e.App, id, voter, *body.Helpful)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{
		"helpful": *body.Helpful, "helpful_yes": counts.HelpfulYes, "helpful_no": counts.HelpfulNo,
	})
}

// Vote stores voter's vote on article (one per voter: a second vote
// replaces the first) and recounts the article's counters from the votes,
// in one transaction, so that they are exact however often, concurrently
// or after a crash the vote is sent. The caller checks that the article
// may be voted on.
func Vote(app core.App, article, voter string, helpful bool) (VoteCounts, error) {
	var counts VoteCounts
	err := app.RunInTransaction(func(txApp core.App) error {
		db := txApp.DB()
		now := types.NowDateTime().String()
		_, err := db.NewQuery(`INSERT INTO ` + collections.KBVotes + ` (id, article, voter, helpful, created, updated)
			VALUES ({:id}, {:article}, {:voter}, {:helpful}, {:now}, {:now})
			ON CONFLICT (article, voter) DO UPDATE SET helpful = excluded.helpful, updated = excluded.updated
			WHERE helpful != excluded.helpful`).
			Bind(dbx.Params{"id": core.GenerateDefaultRandomId(), "article": article, "voter": voter, "helpful": helpful, "now": now}).
			Execute()
		if err != nil {
			return fmt.Errorf("store vote: %w", err)
		}
		_, err = db.NewQuery(`UPDATE ` + collections.KBArticles + ` SET
			helpful_yes = (SELECT count(*) FROM ` + collections.KBVotes + ` WHERE article = {:article} AND helpful = 1),
			helpful_no = (SELECT count(*) FROM ` + collections.KBVotes + ` WHERE article = {:article} AND helpful = 0)
			WHERE id = {:article}`).Bind(dbx.Params{"article": article}).Execute()
		if err != nil {
			return fmt.Errorf("recount votes: %w", err)
		}
		return db.Select("helpful_yes", "helpful_no").From(collections.KBArticles).
			Where(dbx.HashExp{"id": article}).One(&counts)
	})
	return counts, err
}
