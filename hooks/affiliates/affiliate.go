package affiliates

import (
	"database/sql"
	"encoding/json"
	"errors"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// maxVisitors bounds the visitor ids remembered per affiliate: the
// browsers they use, not a history.
const maxVisitors = 20

// activeAffiliate is what a click or a signup needs of an affiliate.
type activeAffiliate struct {
	ID       string `db:"id"`
	Customer string `db:"customer"`
	Status   string `db:"status"`
	Visitors string `db:"visitors"`
}

// visitedBy reports whether vid is one of the affiliate's own browsers.
func (a activeAffiliate) visitedBy(vid string) bool {
	if vid == "" || a.Visitors == "" {
		return false
	}
	var ids []string
	_ = json.Unmarshal([]byte(a.Visitors), &ids)
	return slices.Contains(ids, vid)
}

// findActive loads an active affiliate by code (any case) or by id; ok is
// false for an unknown or suspended one.
func findActive(app core.App, column, value string) (a activeAffiliate, ok bool, err error) {
	f := collections.AffiliateFields
	where := "[[" + f.ID + "]] = {:v}"
	if column == f.Code {
		where = "[[" + f.Code + "]] = {:v} COLLATE NOCASE"
	}
	err = app.DB().NewQuery("SELECT id, " + f.Customer + " AS customer, " + f.Status + " AS status, coalesce(" + f.Visitors + ", '') AS visitors FROM {{" +
		collections.Affiliates + "}} WHERE " + where + " LIMIT 1").Bind(dbx.Params{"v": value}).One(&a)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	if err != nil {
		return a, false, err
	}
	return a, a.Status == string(collections.AffiliateStatusActive), nil
}

// affiliateOf loads the affiliate account of a customer (nil when they
// have none).
func affiliateOf(app core.App, customer string) (*collections.Affiliate, error) {
	rec, err := app.FindFirstRecordByFilter(collections.Affiliates, collections.AffiliateFields.Customer+" = {:c}", dbx.Params{"c": customer})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return collections.WrapAffiliate(rec), nil
}

// rememberVisitor adds the visitor id of the affiliate's own browser (given
// to it when the affiliate opens their account or dashboard) to those a
// click or signup must not come from.
func rememberVisitor(app core.App, aff *collections.Affiliate, vid string) error {
	if vid == "" {
		return nil
	}
	var ids []string
	_ = aff.UnmarshalVisitors(&ids)
	if slices.Contains(ids, vid) {
		return nil
	}
	ids = append(ids, vid)
	if len(ids) > maxVisitors {
		ids = ids[len(ids)-maxVisitors:]
	}
	aff.SetVisitors(ids)
	return app.Save(aff)
}
