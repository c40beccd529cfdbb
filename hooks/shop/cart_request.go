package shop

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/request"
)

const (
	// maxCartItems matches the billing engine's bound; checked before any
	// catalog read so that a huge cart costs nothing.
	maxCartItems = 50
	// maxCartBody bounds a quote or checkout body: 50 items with their
	// options fit in a few kilobytes.
	maxCartBody = 256 << 10
)

// cartBody is the cart the storefront sends to the quote and the checkout.
type cartBody struct {
	Currency string `json:"currency"`
	// Country, State and VATID tax the cart; for a customer they default
	// to their record.
	Country string     `json:"country"`
	State   string     `json:"state"`
	VATID   string     `json:"vat_id"`
	Coupon  string     `json:"coupon"`
	Items   []itemBody `json:"items"`
}

// itemBody is one product of a cart body.
type itemBody struct {
	Product  string         `json:"product"`
	Cycle    string         `json:"cycle"`
	Options  map[string]any `json:"options"`
	Addons   []string       `json:"addons"`
	Hostname string         `json:"hostname"`
}

// billingBody is the billing address the checkout saves to the customer.
type billingBody struct {
	Name         string `json:"name"`
	Company      string `json:"company"`
	AddressLine1 string `json:"address_line1"`
	AddressLine2 string `json:"address_line2"`
	City         string `json:"city"`
	Postcode     string `json:"postcode"`
	Country      string `json:"country"`
	State        string `json:"state"`
	VATID        string `json:"vat_id"`
}

// checkoutBody is the checkout's body: the cart and the buyer's choices.
// The quote reads the same body, so that the storefront can send one
// object to both; it ignores the checkout's own fields except the billing
// country, state and VAT number, which tax the quote as the checkout will.
type checkoutBody struct {
	cartBody
	Gateway        string       `json:"gateway"`
	AcceptTerms    bool         `json:"accept_terms"`
	IdempotencyKey string       `json:"idempotency_key"`
	Notes          string       `json:"notes"`
	Billing        *billingBody `json:"billing"`
}

// readCartBody reads a checkout body of at most maxCartBody bytes.
func readCartBody(e *core.RequestEvent, body *checkoutBody) error {
	raw, err := io.ReadAll(http.MaxBytesReader(e.Response, e.Request.Body, maxCartBody))
	if err != nil {
		return request.FieldError(e, "body", "validation_too_large", fmt.Sprintf("The cart is too large: at most %d KB.", maxCartBody>>10))
	}
	e.Request.Body = io.NopCloser(bytes.NewReader(raw))
	if err := request.ReadJSON(e, body); err != nil {
		return err
	}
	if len(body.Items) > maxCartItems {
		return request.FieldError(e, "items", "validation_too_many", fmt.Sprintf("A cart holds at most %d items.", maxCartItems))
	}
	return nil
}

// buyerParty is where a cart is taxed: the body's country, state and VAT
// number, else the billing address given, else the customer's record (nil
// for a visitor). known is false when no country is known: the cart is then
// priced without tax.
func buyerParty(body checkoutBody, customer *collections.Customer) (party tax.Party, known bool, err error) {
	pick := func(vals ...string) string {
		for _, v := range vals {
			if v = strings.TrimSpace(v); v != "" {
				return v
			}
		}
		return ""
	}
	var b billingBody
	if body.Billing != nil {
		b = *body.Billing
	}
	var recCountry, recState, recVAT string
	if customer != nil {
		recCountry, recState, recVAT = customer.Country(), customer.State(), customer.TaxID()
		party.Exempt = customer.TaxExempt()
	}
	country := strings.ToUpper(pick(body.Country, b.Country, recCountry))
	if country == "" {
		return tax.Party{}, false, nil
	}
	if !isCountryCode(country) {
		return tax.Party{}, false, &billing.CartError{Field: "country", Code: "validation_invalid_country", Message: fmt.Sprintf("%q is not a two-letter country code (ISO 3166-1), such as DE or US.", country)}
	}
	party.Country = country
	// A state or VAT number belongs with the country it came with.
	switch {
	case strings.TrimSpace(body.Country) != "":
		party.State, party.VATID = strings.TrimSpace(body.State), strings.TrimSpace(body.VATID)
	case strings.TrimSpace(b.Country) != "":
		party.State, party.VATID = strings.TrimSpace(b.State), strings.TrimSpace(b.VATID)
	default:
		party.State, party.VATID = pick(body.State, b.State, recState), pick(body.VATID, b.VATID, recVAT)
	}
	return party, true, nil
}

func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

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
	products := map[string]*collections.Product{}
	for i, it := range body.Items {
		priced, err := PriceItem(app, ItemRequest{Product: strings.TrimSpace(it.Product), Cycle: money.Cycle(strings.TrimSpace(it.Cycle)),
			Currency: currency, Options: it.Options, Addons: it.Addons, Index: i})
		if err != nil {
			return nil, err
		}
		product := products[priced.Item.Product]
		if product == nil {
			if product, err = collections.FindProduct(app, priced.Item.Product); err != nil {
				return nil, err
			}
			products[product.Id] = product
		}
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
