package billing

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing/coupons"
)

// couponRecord is a coupon as the billing engine uses it: its record id and
// its rules.
type couponRecord struct {
	ID     string
	Coupon coupons.Coupon
}

// findCoupon loads the coupon with code (any letter case). It returns a
// *coupons.Refusal with ReasonNotFound when there is none.
func findCoupon(app core.App, code string) (*couponRecord, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	rec, err := app.FindFirstRecordByData(collections.Coupons, collections.CouponFields.Code, code)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &coupons.Refusal{Reason: coupons.ReasonNotFound, Message: fmt.Sprintf("There is no coupon %q.", code)}
	}
	if err != nil {
		return nil, fmt.Errorf("find coupon: %w", err)
	}
	return couponOf(collections.WrapCoupon(rec))
}

// findCouponByID loads a coupon by record id (a service's recurring coupon).
func findCouponByID(app core.App, id string) (*couponRecord, error) {
	c, err := collections.FindCoupon(app, id)
	if err != nil {
		return nil, err
	}
	return couponOf(c)
}

func couponOf(c *collections.Coupon) (*couponRecord, error) {
	out := coupons.Coupon{
		Code:               c.Code(),
		Kind:               coupons.Kind(c.Kind()),
		PercentBP:          c.PercentBP(),
		ProductIDs:         c.ProductIDs(),
		Cycles:             c.Cycles(),
		AppliesTo:          coupons.AppliesTo(c.AppliesTo()),
		RecurringCycles:    int(c.RecurringCycles()),
		MaxUses:            int(c.MaxUses()),
		MaxUsesPerCustomer: int(c.MaxUsesPerCustomer()),
		NewCustomersOnly:   c.NewCustomersOnly(),
		Active:             c.Active(),
	}
	if len(c.AmountsJSON()) > 0 && string(c.AmountsJSON()) != "null" {
		if err := c.UnmarshalAmounts(&out.Amounts); err != nil {
			return nil, fmt.Errorf("coupon %s: amounts: %w", c.Code(), err)
		}
	}
	if !c.StartsAt().IsZero() {
		out.StartsAt = c.StartsAt().Time()
	}
	if !c.ExpiresAt().IsZero() {
		out.ExpiresAt = c.ExpiresAt().Time()
	}
	return &couponRecord{ID: c.Id, Coupon: out}, nil
}

// couponUsage counts the redemptions of a coupon, in all and by customer
// ("" for a visitor), and whether the customer has paid an invoice before.
func couponUsage(app core.App, couponID, customer string) (coupons.Usage, error) {
	var u coupons.Usage
	f := collections.CouponRedemptionFields
	if err := app.DB().Select("count(*)").From(collections.CouponRedemptions).
		Where(dbx.HashExp{f.Coupon: couponID}).Row(&u.Total); err != nil {
		return u, err
	}
	if customer == "" {
		return u, nil
	}
	if err := app.DB().Select("count(*)").From(collections.CouponRedemptions).
		Where(dbx.HashExp{f.Coupon: couponID, f.Customer: customer}).Row(&u.ByCustomer); err != nil {
		return u, err
	}
	inv := collections.InvoiceFields
	var paid int
	err := app.DB().Select("count(*)").From(collections.Invoices).
		Where(dbx.HashExp{inv.Customer: customer, inv.Kind: string(collections.InvoiceKindInvoice)}).
		AndWhere(dbx.In(inv.Status, string(collections.InvoiceStatusPaid), string(collections.InvoiceStatusRefunded))).
		AndWhere(dbx.NewExp("[[" + inv.Total + "]] > 0")).Row(&paid)
	u.CustomerHasPaidBefore = paid > 0
	return u, err
}

// checkCoupon refuses a coupon that cannot be used now by customer.
func checkCoupon(app core.App, c *couponRecord, customer string, now time.Time) error {
	u, err := couponUsage(app, c.ID, customer)
	if err != nil {
		return err
	}
	return coupons.Check(c.Coupon, now, u)
}
