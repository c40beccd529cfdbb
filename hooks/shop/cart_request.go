package shop

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/billing/tax"
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
