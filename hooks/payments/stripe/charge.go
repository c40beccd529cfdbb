package stripe

import (
	"context"
	"errors"
	"fmt"
	"strings"

	stripego "github.com/stripe/stripe-go/v79"

	"github.com/ezscale/hostbase/hooks/payments"
)

// ChargeSaved charges a saved method off-session with a confirmed
// PaymentIntent keyed by req.IdempotencyKey. A decline is a result, not an
// error; an error means we do not know whether money moved, and the caller
// retries with the same key (Stripe then replays the first outcome).
func (g *Gateway) ChargeSaved(ctx context.Context, req payments.ChargeRequest) (payments.ChargeResult, error) {
	switch {
	case req.Invoice == "":
		return payments.ChargeResult{}, errors.New("stripe: charge without an invoice")
	case req.Amount <= 0:
		return payments.ChargeResult{}, fmt.Errorf("stripe: charge of invoice %s: amount %d is not positive", req.Invoice, req.Amount)
	case len(req.Currency) != 3:
		return payments.ChargeResult{}, fmt.Errorf("stripe: charge of invoice %s: currency %q is not an ISO 4217 code", req.Invoice, req.Currency)
	case req.IdempotencyKey == "":
		return payments.ChargeResult{}, fmt.Errorf("stripe: charge of invoice %s: no idempotency key", req.Invoice)
	case req.MethodRef == "":
		return payments.ChargeResult{}, fmt.Errorf("stripe: charge of invoice %s: no saved payment method", req.Invoice)
	case req.Customer.GatewayRef == "":
		// A saved method is attached to a Stripe customer; charging it
		// without that customer is refused by Stripe.
		return payments.ChargeResult{}, fmt.Errorf("stripe: charge of invoice %s: customer %s has no Stripe customer", req.Invoice, req.Customer.ID)
	}
	params := &stripego.PaymentIntentParams{
		Amount:        stripego.Int64(req.Amount),
		Currency:      stripego.String(strings.ToLower(req.Currency)),
		Customer:      stripego.String(req.Customer.GatewayRef),
		PaymentMethod: stripego.String(req.MethodRef),
		OffSession:    stripego.Bool(true),
		Confirm:       stripego.Bool(true),
		Description:   stripego.String(invoiceTitle(req.InvoiceNumber, req.Invoice)),
		// Nobody is there to follow a redirect: a method that would need one
		// must fail now rather than wait for a return_url.
		AutomaticPaymentMethods: &stripego.PaymentIntentAutomaticPaymentMethodsParams{
			Enabled:        stripego.Bool(true),
			AllowRedirects: stripego.String(string(stripego.PaymentIntentAutomaticPaymentMethodsAllowRedirectsNever)),
		},
		Metadata: map[string]string{
			MetaInvoice:  req.Invoice,
			MetaCustomer: req.Customer.ID,
		},
	}
	params.Context = ctx
	params.SetIdempotencyKey(req.IdempotencyKey)
	pi, err := g.api.PaymentIntents.New(params)
	if err != nil {
		return chargeError(req, err)
	}
	return chargeOutcome(pi), nil
}

// chargeOutcome reads a PaymentIntent Stripe answered with 200.
func chargeOutcome(pi *stripego.PaymentIntent) payments.ChargeResult {
	res := payments.ChargeResult{
		Ref:      pi.ID,
		Amount:   pi.Amount,
		Currency: strings.ToUpper(string(pi.Currency)),
	}
	if pi.LatestCharge != nil && pi.LatestCharge.BalanceTransaction != nil {
		res.Fee = pi.LatestCharge.BalanceTransaction.Fee
	}
	switch pi.Status {
	case stripego.PaymentIntentStatusSucceeded:
		res.Succeeded = true
		if pi.AmountReceived > 0 {
			res.Amount = pi.AmountReceived
		}
	case stripego.PaymentIntentStatusRequiresAction:
		res.RequiresAction = true
	case stripego.PaymentIntentStatusRequiresPaymentMethod, stripego.PaymentIntentStatusCanceled:
		res.Declined = true
		res.Message = "the payment method was not charged"
		if e := pi.LastPaymentError; e != nil {
			res.DeclineCode = declineCode(e)
			res.Message = e.Msg
		}
	}
	// Any other status (processing, requires_capture…) is neither: the
	// webhook will tell.
	return res
}

// chargeError sorts an error of the PaymentIntent call: a card error is a
// decline (Stripe answered, no money moved); anything else leaves the
// outcome unknown.
func chargeError(req payments.ChargeRequest, err error) (payments.ChargeResult, error) {
	var se *stripego.Error
	if !errors.As(err, &se) || se.Type != stripego.ErrorTypeCard {
		return payments.ChargeResult{}, callError("charge invoice "+req.Invoice, err)
	}
	res := payments.ChargeResult{
		Amount:      req.Amount,
		Currency:    strings.ToUpper(req.Currency),
		DeclineCode: declineCode(se),
		Message:     se.Msg,
	}
	if se.PaymentIntent != nil {
		res.Ref = se.PaymentIntent.ID
	}
	// An off-session charge the bank wants authenticated is not refused:
	// the customer can complete it on-session.
	if se.Code == stripego.ErrorCodeAuthenticationRequired || se.DeclineCode == stripego.DeclineCodeAuthenticationRequired {
		res.RequiresAction = true
	} else {
		res.Declined = true
	}
	return res, nil
}

// declineCode is the issuer's reason when there is one (insufficient_funds),
// else Stripe's error code (card_declined, expired_card).
func declineCode(e *stripego.Error) string {
	if e.DeclineCode != "" {
		return string(e.DeclineCode)
	}
	return string(e.Code)
}
