package affiliates

import (
	"net/http"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/request"
)

// Sums are an affiliate's commissions in one currency by stage, minor
// units: pending (in their hold), approved (free to pay out), requested
// (in a manual payout waiting for staff) and paid.
type Sums struct {
	Pending   int64 `json:"pending"`
	Approved  int64 `json:"approved"`
	Requested int64 `json:"requested"`
	Paid      int64 `json:"paid"`
}

// Dashboard is what an affiliate sees of their programme in the client
// area.
type Dashboard struct {
	Enabled     bool              `json:"enabled"`
	Account     *Account          `json:"account"`
	Clicks      int               `json:"clicks"`
	Signups     int               `json:"signups"`
	Conversions int               `json:"conversions"`
	Commissions map[string]Sums   `json:"commissions"`
	Recent      []CommissionEntry `json:"recent_commissions"`
	Payouts     []PayoutEntry     `json:"payouts"`
}

// CommissionEntry is one commission in the dashboard's recent list.
type CommissionEntry struct {
	ID         string `db:"id" json:"id"`
	Amount     int64  `db:"amount" json:"amount"`
	Currency   string `db:"currency" json:"currency"`
	Status     string `db:"status" json:"status"`
	HoldUntil  string `db:"hold_until" json:"hold_until"`
	InPayout   bool   `db:"in_payout" json:"in_payout"`
	Created    string `db:"created" json:"created"`
	ReversedAt string `db:"reversed_at" json:"reversed_at,omitempty"`
}

// PayoutEntry is one payout in the dashboard's list.
type PayoutEntry struct {
	ID        string `db:"id" json:"id"`
	Amount    int64  `db:"amount" json:"amount"`
	Currency  string `db:"currency" json:"currency"`
	Method    string `db:"method" json:"method"`
	Status    string `db:"status" json:"status"`
	PaidAt    string `db:"paid_at" json:"paid_at,omitempty"`
	Reference string `db:"reference" json:"reference,omitempty"`
	Created   string `db:"created" json:"created"`
}

// recentRows is how many commissions and payouts the dashboard lists.
const recentRows = 10

// LoadDashboard computes an affiliate's figures with aggregate queries.
func LoadDashboard(app core.App, aff *collections.Affiliate) (Dashboard, error) {
	d := Dashboard{Commissions: map[string]Sums{}, Recent: []CommissionEntry{}, Payouts: []PayoutEntry{}}
	v := viewOf(app, aff)
	d.Account = &v
	id := dbx.Params{"aff": aff.Id}
	err := app.DB().NewQuery("SELECT (SELECT count(*) FROM {{"+collections.AffiliateClicks+"}} WHERE affiliate = {:aff}), "+
		"(SELECT count(*) FROM {{"+collections.Referrals+"}} WHERE affiliate = {:aff}), "+
		"(SELECT count(*) FROM {{"+collections.Referrals+"}} WHERE affiliate = {:aff} AND status = 'converted')").Bind(id).Row(&d.Clicks, &d.Signups, &d.Conversions)
	if err != nil {
		return d, err
	}
	var sums []struct {
		Currency string `db:"currency"`
		Status   string `db:"status"`
		InPayout bool   `db:"in_payout"`
		Total    int64  `db:"total"`
	}
	err = app.DB().NewQuery("SELECT currency, status, payout != '' AS in_payout, coalesce(sum(amount), 0) AS total FROM {{" + collections.Commissions +
		"}} WHERE affiliate = {:aff} AND status != 'reversed' GROUP BY currency, status, in_payout").Bind(id).All(&sums)
	if err != nil {
		return d, err
	}
	for _, s := range sums {
		cur := d.Commissions[s.Currency]
		switch {
		case s.Status == string(collections.CommissionStatusPending):
			cur.Pending += s.Total
		case s.Status == string(collections.CommissionStatusApproved) && s.InPayout:
			cur.Requested += s.Total
		case s.Status == string(collections.CommissionStatusApproved):
			cur.Approved += s.Total
		case s.Status == string(collections.CommissionStatusPaid):
			cur.Paid += s.Total
		}
		d.Commissions[s.Currency] = cur
	}
	err = app.DB().NewQuery("SELECT id, amount, currency, status, hold_until, payout != '' AS in_payout, created, reversed_at FROM {{" + collections.Commissions +
		"}} WHERE affiliate = {:aff} ORDER BY created DESC, id DESC LIMIT {:n}").Bind(dbx.Params{"aff": aff.Id, "n": recentRows}).All(&d.Recent)
	if err != nil {
		return d, err
	}
	err = app.DB().NewQuery("SELECT id, amount, currency, method, status, paid_at, reference, created FROM {{" + collections.AffiliatePayouts +
		"}} WHERE affiliate = {:aff} ORDER BY created DESC, id DESC LIMIT {:n}").Bind(dbx.Params{"aff": aff.Id, "n": recentRows}).All(&d.Payouts)
	return d, err
}

// dashboard is GET /api/hb/affiliate (a customer): their affiliate figures,
// or "account": null when they have not activated one.
func dashboard(e *core.RequestEvent) error {
	prog, err := LoadProgramme(e.App)
	if err != nil {
		return e.InternalServerError("The affiliate programme's settings cannot be read.", err)
	}
	aff, err := affiliateOf(e.App, request.CustomerID(e))
	if err != nil {
		return err
	}
	if aff == nil {
		return e.JSON(http.StatusOK, Dashboard{Enabled: prog.Enabled, Commissions: map[string]Sums{}, Recent: []CommissionEntry{}, Payouts: []PayoutEntry{}})
	}
	if err := rememberVisitor(e.App, aff, ensureVisitor(e)); err != nil {
		e.App.Logger().Warn("affiliates: remember visitor", "error", err)
	}
	d, err := LoadDashboard(e.App, aff)
	if err != nil {
		return e.InternalServerError("", err)
	}
	d.Enabled = prog.Enabled
	return e.JSON(http.StatusOK, d)
}
