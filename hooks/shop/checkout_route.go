package shop

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/request"
)

const (
	maxIdempotencyKey = 100
	maxOrderNotes     = 5000
)

// afterOrderCommitKey holds, in tests only, a function called between the
// order's commit and the payment's start: it stands for a crash there.
const afterOrderCommitKey = "shop.afterOrderCommit"

// checkoutAnswer is what POST /api/hb/checkout answers.
type checkoutAnswer struct {
	Order         string   `json:"order"`
	OrderNumber   string   `json:"order_number"`
	Invoice       string   `json:"invoice"`
	InvoiceNumber string   `json:"invoice_number"`
	Status        string   `json:"status"`
	Total         int64    `json:"total"`
	AmountDue     int64    `json:"amount_due"`
	Currency      string   `json:"currency"`
	Next          nextStep `json:"next"`
	// Instructions are the bank transfer details (manual gateway).
	Instructions string `json:"instructions,omitempty"`
	// Notice says why an unpaid order was not sent to pay.
	Notice string `json:"notice,omitempty"`
}

// checkoutRoute: POST /api/hb/checkout — a logged-in customer places an
// order: the cart of the quote plus gateway, accept_terms,
// idempotency_key, notes and an optional billing address. The cart is
// priced again here (the client never sends an amount); the order, its
// services and its first invoice are written in one transaction; then the
// payment starts. 201 with the order, or 200 when the idempotency key
// names an order already placed (its payment resumed if it never began).
// Any 400 writes nothing.
func checkoutRoute(e *core.RequestEvent) error {
	customer := collections.WrapCustomer(e.Auth)
	if s := customer.Status(); s == collections.CustomerStatusClosed || s == collections.CustomerStatusFraud {
		return e.ForbiddenError("This account cannot place orders; contact support.", nil)
	}
	var body checkoutBody
	if err := readCartBody(e, &body); err != nil {
		return err
	}
	key := strings.TrimSpace(body.IdempotencyKey)
	if key == "" || len(key) > maxIdempotencyKey {
		return request.FieldError(e, "idempotency_key", "validation_required", fmt.Sprintf("Send a key of at most %d characters that is unique to this checkout (a UUID), the same on every retry.", maxIdempotencyKey))
	}
	if existing, err := orderByKey(e.App, customer.Id, key); err != nil || existing != nil {
		if err != nil {
			return err
		}
		return answerOrder(e, existing, http.StatusOK)
	}

	if !body.AcceptTerms {
		return request.FieldError(e, "accept_terms", "validation_required", "Accept the terms of service to place the order.")
	}
	gateway := strings.TrimSpace(body.Gateway)
	if !payments.GatewayEnabled(e.App, gateway) {
		return request.FieldError(e, "gateway", "validation_unavailable", fmt.Sprintf("Choose how to pay: one of %s.", strings.Join(payments.EnabledGateways(e.App), ", ")))
	}
	notes := strings.TrimSpace(body.Notes)
	if len([]rune(notes)) > maxOrderNotes {
		return request.FieldError(e, "notes", "validation_too_long", fmt.Sprintf("Notes are at most %d characters.", maxOrderNotes))
	}
	if c := strings.ToUpper(strings.TrimSpace(body.Country)); c != "" && !isCountryCode(c) {
		return request.FieldError(e, "country", "validation_invalid_country", fmt.Sprintf("%q is not a two-letter country code (ISO 3166-1), such as DE or US.", body.Country))
	}
	bill := checkoutBilling(body, customer)
	party, err := checkoutParty(bill, customer)
	if err != nil {
		return cartError(e, err)
	}
	now := time.Now()
	q, err := priceCart(e.App, body.cartBody, pricing{Customer: customer.Id, Buyer: party, TaxKnown: true, Now: now})
	if err != nil {
		return cartError(e, err)
	}
	if gateway == payments.Credit {
		if err := checkCreditCovers(e.App, customer.Id, q); err != nil {
			return cartError(e, err)
		}
	}

	p, err := placeOrder(e.App, checkoutOrder{Customer: customer.Id, Quote: q, Billing: bill, Gateway: gateway, IdempotencyKey: key,
		Notes: notes, IP: e.RealIP(), UserAgent: e.Request.UserAgent(), Now: now})
	if err != nil {
		return cartError(e, err)
	}
	if crash, ok := e.App.Store().Get(afterOrderCommitKey).(func(order string) error); ok && crash != nil {
		if err := crash(p.Order.Id); err != nil {
			return err
		}
	}
	status := http.StatusOK
	if p.Created {
		status = http.StatusCreated
	}
	return answerOrder(e, p.Order, status)
}

// answerOrder starts (or resumes) an order's payment and answers with
// where the customer goes next.
func answerOrder(e *core.RequestEvent, order *collections.Order, status int) error {
	start, err := startPayment(e.Request.Context(), e.App, order)
	if err != nil {
		e.App.Logger().Error("checkout: start payment", "order", order.Id, "error", err)
		return e.Error(http.StatusBadGateway, fmt.Sprintf("Order %s is placed, but the payment provider could not be reached: try again in a minute (your order is kept).", order.Number()), nil)
	}
	inv, err := collections.FindInvoice(e.App, order.InvoiceID())
	if err != nil {
		return err
	}
	if inv.Status() == collections.InvoiceStatusUnpaid {
		// Sent once per invoice, so a repeat sends nothing more.
		if err := billing.SendInvoiceCreated(e.App, inv.Id); err != nil {
			e.App.Logger().Warn("checkout: invoice email", "invoice", inv.Id, "error", err) // the daily run retries
		}
	}
	return e.JSON(status, checkoutAnswer{Order: order.Id, OrderNumber: order.Number(), Invoice: inv.Id, InvoiceNumber: inv.Number(),
		Status: start.Status, Total: inv.Total(), AmountDue: inv.AmountDue(), Currency: inv.Currency(), Next: start.Next,
		Instructions: start.Instructions, Notice: start.Notice})
}

// checkoutBilling is the billing address to save with the order: the one
// given, with the cart's country, state and VAT number when those are set;
// nil when the body changes nothing of the customer's address.
func checkoutBilling(body checkoutBody, c *collections.Customer) *billingBody {
	country := strings.TrimSpace(body.Country)
	if body.Billing == nil && country == "" {
		return nil
	}
	var b billingBody
	if body.Billing != nil {
		b = *body.Billing
	} else {
		b = billingBody{Name: c.Name(), Company: c.Company(), AddressLine1: c.AddressLine1(), AddressLine2: c.AddressLine2(),
			City: c.City(), Postcode: c.Postcode(), Country: c.Country(), State: c.State(), VATID: c.TaxID()}
	}
	if country != "" {
		b.Country, b.State, b.VATID = country, strings.TrimSpace(body.State), strings.TrimSpace(body.VATID)
	}
	return &b
}

// checkoutParty is where the order is taxed: the billing address saved
// with it, else the customer's record, which the invoice reads.
func checkoutParty(b *billingBody, c *collections.Customer) (tax.Party, error) {
	party := tax.Party{Country: c.Country(), State: c.State(), VATID: c.TaxID(), Exempt: c.TaxExempt()}
	field := "country"
	if b != nil {
		party.Country, party.State, party.VATID = strings.TrimSpace(b.Country), strings.TrimSpace(b.State), strings.TrimSpace(b.VATID)
		field = "billing.country"
	}
	party.Country = strings.ToUpper(party.Country)
	switch {
	case party.Country == "":
		return party, &billing.CartError{Field: field, Code: "validation_required", Message: "Give your country: it decides the tax on the invoice."}
	case !isCountryCode(party.Country):
		return party, &billing.CartError{Field: field, Code: "validation_invalid_country", Message: fmt.Sprintf("%q is not a two-letter country code (ISO 3166-1), such as DE or US.", party.Country)}
	}
	return party, nil
}

// checkCreditCovers refuses paying with account credit that does not
// cover the whole order.
func checkCreditCovers(app core.App, customer string, q *cartQuote) error {
	total := q.Priced.Invoice.Total
	if total == 0 {
		return nil
	}
	balance, err := billing.Balance(app, customer, q.Cart.Currency)
	if err != nil {
		return err
	}
	if balance >= total {
		return nil
	}
	decimals := 2
	if c, err := money.LookupCurrency(q.Cart.Currency); err == nil {
		decimals = c.Decimals
	}
	return &billing.CartError{Field: "gateway", Code: "validation_credit_short", Message: fmt.Sprintf("Your account credit is %s %s and the order comes to %s %s: choose another way to pay, or top up first.",
		money.FormatMinor(max(balance, 0), decimals), q.Cart.Currency, money.FormatMinor(total, decimals), q.Cart.Currency)}
}
