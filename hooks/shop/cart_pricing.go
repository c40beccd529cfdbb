package shop

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
)

// cartQuote is a cart priced from the catalog, with what each item is.
type cartQuote struct {
	Cart     billing.Cart
	Priced   *billing.PricedCart
	Items    []Priced
	Products []*collections.Product
	// Hostnames are the items' hostnames, normalised.
	Hostnames []string
	// CouponRefusal is why the coupon was left out (quote only).
	CouponRefusal *billing.CartError
	// TaxKnown is false when the buyer's country is unknown: no tax.
	TaxKnown bool
	// RenewalDiscounted is set when the coupon also takes its discount off
	// the next renewal of the items it discounted.
	RenewalDiscounted bool
}

// pricing is what priceCart needs besides the body.
type pricing struct {
	Customer string
	Buyer    tax.Party
	TaxKnown bool
	// DropRefusedCoupon prices the cart without a refused coupon and says
	// why, instead of failing (the quote).
	DropRefusedCoupon bool
	Now               time.Time
}

// priceCart prices a cart body: every item from the catalog (PriceItem),
// its hostname and the tracked stock checked, then the billing engine's
// discounts, taxes and totals (PriceCart, which also runs the cart checks
// such as server capacity). It is the only place the shop computes a
// price: the quote and the checkout both call it. Errors a buyer can fix
// are *billing.CartError.
func priceCart(app core.App, body cartBody, p pricing) (*cartQuote, error) {
	currency := strings.ToUpper(strings.TrimSpace(body.Currency))
	if currency == "" {
		return nil, &billing.CartError{Field: "currency", Code: "validation_required", Message: "Choose a currency."}
	}
	if err := checkCurrencySold(app, currency); err != nil {
		return nil, err
	}
	if len(body.Items) == 0 {
		return nil, &billing.CartError{Field: "items", Code: "validation_required", Message: "The cart is empty."}
	}
	if len(body.Items) > maxCartItems {
		return nil, &billing.CartError{Field: "items", Code: "validation_too_many", Message: fmt.Sprintf("A cart holds at most %d items.", maxCartItems)}
	}
	q := &cartQuote{TaxKnown: p.TaxKnown}
	q.Cart = billing.Cart{Currency: currency, Customer: p.Customer, Buyer: p.Buyer, Coupon: strings.TrimSpace(body.Coupon)}
	if !p.TaxKnown {
		// Resolve needs a country even for an exempt buyer; no rule is
		// looked at for one.
		q.Cart.Buyer = tax.Party{Country: "ZZ", Exempt: true}
	}
	for i, it := range body.Items {
		priced, err := PriceItem(app, ItemRequest{Product: strings.TrimSpace(it.Product), Cycle: money.Cycle(strings.TrimSpace(it.Cycle)),
			Currency: currency, Options: it.Options, Addons: it.Addons, Index: i})
		if err != nil {
			return nil, err
		}
		product := priced.Product
		host, err := itemHostname(it.Hostname, product, i)
		if err != nil {
			return nil, err
		}
		if host != "" {
			priced.Item.Description = product.Name() + " (" + host + ")"
		}
		priced.Item.Options = priced.Config
		q.Items = append(q.Items, priced)
		q.Products = append(q.Products, product)
		q.Hostnames = append(q.Hostnames, host)
		q.Cart.Items = append(q.Cart.Items, priced.Item)
	}
	if err := checkStock(q.Products); err != nil {
		return nil, err
	}
	policy, err := billing.LoadPolicy(app)
	if err != nil {
		return nil, err
	}
	q.Priced, err = billing.PriceCart(app, policy, q.Cart, p.Now)
	var ce *billing.CartError
	if p.DropRefusedCoupon && errors.As(err, &ce) && ce.Field == "coupon" {
		q.CouponRefusal = ce
		q.Cart.Coupon = ""
		q.Priced, err = billing.PriceCart(app, policy, q.Cart, p.Now)
	}
	if err != nil {
		return nil, err
	}
	if c := q.Priced.Coupon; c != nil && c.Recurring {
		rec, err := collections.FindCoupon(app, c.ID)
		if err != nil {
			return nil, err
		}
		// A free setup has nothing to take off a renewal; a coupon for N
		// cycles counts the first invoice as one of them.
		q.RenewalDiscounted = rec.Kind() != collections.CouponKindFreeSetup && (rec.RecurringCycles() == 0 || rec.RecurringCycles() > 1)
	}
	return q, nil
}

// checkCurrencySold refuses a currency the shop does not sell in: one not
// among its active currencies, when it lists any.
func checkCurrencySold(app core.App, code string) error {
	if !money.IsKnownCurrency(code) {
		return &billing.CartError{Field: "currency", Code: "validation_unknown_currency", Message: fmt.Sprintf("%q is not a currency code.", code)}
	}
	f := collections.CurrencyFields
	var rows []struct {
		Code string `db:"code"`
	}
	if err := app.DB().Select(f.Code).From(collections.Currencies).Where(dbx.HashExp{f.Active: true}).All(&rows); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	codes := make([]string, len(rows))
	for i, r := range rows {
		if r.Code == code {
			return nil
		}
		codes[i] = r.Code
	}
	return &billing.CartError{Field: "currency", Code: "validation_not_sold", Message: fmt.Sprintf("Prices are in %s; choose one of them.", strings.Join(codes, ", "))}
}
