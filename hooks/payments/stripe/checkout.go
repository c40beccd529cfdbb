package stripe

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"

	stripego "github.com/stripe/stripe-go/v79"

	"github.com/ezscale/hostbase/hooks/payments"
)

// StartPayment opens a Checkout Session in payment mode for the invoice's
// amount due and returns its hosted page. Our ids ride on the session and on
// its PaymentIntent, so that both checkout.session.completed and
// payment_intent.succeeded name the invoice.
func (g *Gateway) StartPayment(ctx context.Context, req payments.PaymentRequest) (payments.Redirect, error) {
	if err := checkPaymentRequest(req); err != nil {
		return payments.Redirect{}, err
	}
	customerRef, created, err := g.EnsureCustomer(ctx, req.Customer)
	if err != nil {
		return payments.Redirect{}, err
	}
	meta := map[string]string{
		MetaInvoice:  req.Invoice,
		MetaCustomer: req.Customer.ID,
	}
	product := &stripego.CheckoutSessionLineItemPriceDataProductDataParams{
		Name: stripego.String(invoiceTitle(req.InvoiceNumber, req.Invoice)),
	}
	if req.Description != "" {
		product.Description = stripego.String(req.Description)
	}
	intentData := &stripego.CheckoutSessionPaymentIntentDataParams{
		Description: stripego.String(invoiceTitle(req.InvoiceNumber, req.Invoice)),
		Metadata:    maps.Clone(meta),
	}
	if req.SaveMethod {
		intentData.SetupFutureUsage = stripego.String(string(stripego.PaymentIntentSetupFutureUsageOffSession))
	}
	params := &stripego.CheckoutSessionParams{
		Mode:              stripego.String(string(stripego.CheckoutSessionModePayment)),
		Customer:          stripego.String(customerRef),
		ClientReferenceID: stripego.String(req.Invoice),
		SuccessURL:        stripego.String(req.SuccessURL),
		CancelURL:         stripego.String(req.CancelURL),
		LineItems: []*stripego.CheckoutSessionLineItemParams{{
			Quantity: stripego.Int64(1),
			PriceData: &stripego.CheckoutSessionLineItemPriceDataParams{
				Currency:    stripego.String(strings.ToLower(req.Currency)),
				UnitAmount:  stripego.Int64(req.Amount),
				ProductData: product,
			},
		}},
		Metadata:          meta,
		PaymentIntentData: intentData,
	}
	params.Context = ctx
	params.SetIdempotencyKey(req.IdempotencyKey)
	sess, err := g.api.CheckoutSessions.New(params)
	if err != nil {
		return payments.Redirect{}, callError("create checkout session", err)
	}
	if sess.URL == "" || sess.ID == "" {
		return payments.Redirect{}, fmt.Errorf("stripe: checkout session %q came back without a URL", sess.ID)
	}
	redirect := payments.Redirect{URL: sess.URL, Ref: sess.ID}
	if created {
		redirect.CustomerRef = customerRef
	}
	return redirect, nil
}

// StartSaveMethod opens a Checkout Session in setup mode, where the
// customer saves a card for auto-charge without paying. Cards only: the
// saved method is charged off-session later, and setup mode needs either the
// method types or a currency, which a card-saving page does not have.
func (g *Gateway) StartSaveMethod(ctx context.Context, req payments.SaveMethodRequest) (payments.Redirect, error) {
	if req.SuccessURL == "" || req.CancelURL == "" {
		return payments.Redirect{}, errors.New("stripe: save method: success and cancel URLs are required")
	}
	customerRef, created, err := g.EnsureCustomer(ctx, req.Customer)
	if err != nil {
		return payments.Redirect{}, err
	}
	meta := map[string]string{MetaCustomer: req.Customer.ID}
	params := &stripego.CheckoutSessionParams{
		Mode:               stripego.String(string(stripego.CheckoutSessionModeSetup)),
		Customer:           stripego.String(customerRef),
		PaymentMethodTypes: stripego.StringSlice([]string{string(stripego.PaymentMethodTypeCard)}),
		SuccessURL:         stripego.String(req.SuccessURL),
		CancelURL:          stripego.String(req.CancelURL),
		Metadata:           meta,
		SetupIntentData: &stripego.CheckoutSessionSetupIntentDataParams{
			Metadata: maps.Clone(meta),
		},
	}
	params.Context = ctx
	sess, err := g.api.CheckoutSessions.New(params)
	if err != nil {
		return payments.Redirect{}, callError("create setup checkout session", err)
	}
	if sess.URL == "" || sess.ID == "" {
		return payments.Redirect{}, fmt.Errorf("stripe: setup checkout session %q came back without a URL", sess.ID)
	}
	redirect := payments.Redirect{URL: sess.URL, Ref: sess.ID}
	if created {
		redirect.CustomerRef = customerRef
	}
	return redirect, nil
}

func checkPaymentRequest(req payments.PaymentRequest) error {
	switch {
	case req.Invoice == "":
		return errors.New("stripe: payment without an invoice")
	case req.Amount <= 0:
		return fmt.Errorf("stripe: payment of invoice %s: amount %d is not positive", req.Invoice, req.Amount)
	case len(req.Currency) != 3:
		return fmt.Errorf("stripe: payment of invoice %s: currency %q is not an ISO 4217 code", req.Invoice, req.Currency)
	case req.IdempotencyKey == "":
		return fmt.Errorf("stripe: payment of invoice %s: no idempotency key", req.Invoice)
	case req.SuccessURL == "" || req.CancelURL == "":
		return fmt.Errorf("stripe: payment of invoice %s: success and cancel URLs are required", req.Invoice)
	}
	return nil
}

// invoiceTitle is what the customer sees on the Checkout page and their
// statement: the invoice number, or our id before one is assigned.
func invoiceTitle(number, id string) string {
	if number != "" {
		return "Invoice " + number
	}
	return "Invoice " + id
}
