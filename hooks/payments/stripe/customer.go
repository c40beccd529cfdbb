package stripe

import (
	"context"
	"errors"

	stripego "github.com/stripe/stripe-go/v79"

	"github.com/ezscale/hostbase/hooks/payments"
)

// Metadata keys on every Stripe object we create: webhooks are matched to
// our records by them.
const (
	MetaCustomer   = "hostbase_customer"
	MetaInvoice    = "hostbase_invoice"
	MetaCreditNote = "hostbase_credit_note"
)

// EnsureCustomer returns the customer's Stripe customer id, creating the
// Stripe customer when they have none yet (created is then true and the
// caller stores ref on the customer). Creation is keyed by our customer id,
// so two concurrent first payments make one Stripe customer.
func (g *Gateway) EnsureCustomer(ctx context.Context, c payments.Customer) (ref string, created bool, err error) {
	if c.GatewayRef != "" {
		return c.GatewayRef, false, nil
	}
	if c.ID == "" {
		return "", false, errors.New("stripe: customer without an id")
	}
	params := &stripego.CustomerParams{
		Metadata: map[string]string{MetaCustomer: c.ID},
	}
	if c.Email != "" {
		params.Email = stripego.String(c.Email)
	}
	if c.Name != "" {
		params.Name = stripego.String(c.Name)
	}
	params.Context = ctx
	params.SetIdempotencyKey("customer:" + c.ID)
	cus, err := g.api.Customers.New(params)
	if err != nil {
		return "", false, callError("create customer", err)
	}
	return cus.ID, true, nil
}
