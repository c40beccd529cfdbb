package shop

import (
	"errors"
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/request"
)

// cartQuoteRoute: POST /api/hb/cart/quote — anyone prices a cart: its
// lines, setup fees, discount, taxes and totals, exactly as the checkout
// would invoice it. A refused coupon leaves the cart priced without it,
// with the reason in coupon_error. A logged-in customer is taxed by their
// record unless the body says otherwise; a visitor without a country sees
// prices without tax.
func cartQuoteRoute(e *core.RequestEvent) error {
	var body checkoutBody
	if err := readCartBody(e, &body); err != nil {
		return err
	}
	var customer *collections.Customer
	if id := request.CustomerID(e); id != "" {
		customer = collections.WrapCustomer(e.Auth)
	}
	party, known, err := buyerParty(body, customer)
	if err != nil {
		return cartError(e, err)
	}
	p := pricing{Buyer: party, TaxKnown: known, DropRefusedCoupon: true, Now: time.Now()}
	if customer != nil {
		p.Customer = customer.Id
	}
	q, err := priceCart(e.App, body.cartBody, p)
	if err != nil {
		return cartError(e, err)
	}
	return e.JSON(http.StatusOK, q.answer())
}

// cartError answers a cart a buyer can fix with a 400 naming the field.
func cartError(e *core.RequestEvent, err error) error {
	var ce *billing.CartError
	if errors.As(err, &ce) {
		return request.FieldError(e, ce.Field, ce.Code, ce.Message)
	}
	return err
}
