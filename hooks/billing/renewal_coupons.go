package billing

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing/coupons"
	"github.com/ezscale/hostbase/hooks/money"
)

// Recurring coupons on renewals. A service bought with a recurring coupon
// carries it (services.coupon); each renewal period gets a discount line
// while the coupon allows: "N cycles" counts every discounted period, the
// first invoice's included, so N = 3 discounts the first invoice and two
// renewals; 0 discounts every renewal. The count is read from the discount
// lines themselves (one per service and period, under the lines' unique
// index), so a rerun or a crash can never count a period twice.
//
// A coupon promised at checkout is kept: deactivating or expiring it later
// stops new uses, not the renewals of services already sold with it.

// discountedPeriods counts, per service of the chunk that has a coupon, the
// periods already discounted.
func (r *renewal) discountedPeriods(services []dueService) (map[string]int, error) {
	var ids []any
	for _, s := range services {
		if s.Coupon != "" {
			ids = append(ids, s.ID)
		}
	}
	out := map[string]int{}
	if len(ids) == 0 {
		return out, nil
	}
	f := collections.InvoiceItemFields
	var rows []struct {
		Service string `db:"service"`
		N       int    `db:"n"`
	}
	err := r.app.DB().Select(f.Service, "count(DISTINCT "+f.PeriodStart+") AS n").From(collections.InvoiceItems).
		Where(dbx.In(f.Service, ids...)).
		AndWhere(dbx.NewExp("[[" + f.Service + "]] != ''")).
		AndWhere(dbx.HashExp{f.Kind: string(collections.InvoiceItemKindDiscount)}).
		GroupBy(f.Service).All(&rows)
	for _, row := range rows {
		out[row.Service] = row.N
	}
	return out, err
}

// renewalDiscount is what a service's recurring coupon takes off one more
// period, given the periods it already discounted, and the line's text.
func (r *renewal) renewalDiscount(s dueService, already int) (int64, string) {
	if s.Coupon == "" {
		return 0, ""
	}
	c, ok := r.coupons[s.Coupon]
	if !ok {
		var err error
		if c, err = findCouponByID(r.app, s.Coupon); err != nil {
			r.report.fail("service %s: coupon %s: %v", s.ID, s.Coupon, err)
		}
		if r.coupons == nil {
			r.coupons = map[string]*couponRecord{}
		}
		r.coupons[s.Coupon] = c // nil when missing: reported once
	}
	if c == nil || !c.Coupon.AppliesToRenewal(already) {
		return 0, ""
	}
	off, _, err := c.Coupon.Discount(coupons.Item{ProductID: s.Product, Cycle: money.Cycle(s.Cycle), Currency: s.Currency, Price: s.Amount})
	if err != nil {
		return 0, "" // a product or cycle changed since: the coupon no longer applies
	}
	return off, discountLabel(c.Coupon, s.Currency)
}

// countCouponCycles brings each touched redemption's cycles_applied up to
// the number of periods its order's services had discounted.
func countCouponCycles(tx core.App, redemptions map[[2]string]bool) error {
	r, it, s := collections.CouponRedemptionFields, collections.InvoiceItemFields, collections.ServiceFields
	q := tx.DB().NewQuery("UPDATE {{" + collections.CouponRedemptions + "}} SET " + r.CyclesApplied + " = (" +
		"SELECT count(DISTINCT ii." + it.PeriodStart + ") FROM {{" + collections.InvoiceItems + "}} ii " +
		"JOIN {{" + collections.Services + "}} s ON s.id = ii." + it.Service +
		" WHERE ii." + it.Kind + " = 'discount' AND s.[[" + s.Order + "]] = {:order} AND s." + s.Coupon + " = {:coupon})" +
		" WHERE " + r.Coupon + " = {:coupon} AND [[" + r.Order + "]] = {:order}")
	for k := range redemptions {
		if k[1] == "" {
			continue
		}
		if _, err := q.Bind(dbx.Params{"coupon": k[0], "order": k[1]}).Execute(); err != nil {
			return err
		}
	}
	return nil
}
