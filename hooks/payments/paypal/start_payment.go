package paypal

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	paypalsdk "github.com/plutov/paypal/v4"

	"github.com/ezscale/hostbase/hooks/payments"
)

// maxField is PayPal's length limit on custom_id, invoice_id and a
// purchase unit's description.
const maxField = 127

// StartPayment creates a PayPal order for the invoice's amount due and
// returns its approve link. The customer approves at PayPal and is sent to
// SuccessURL with ?token=ORDER_ID&PayerID=…, where Capture takes the money;
// until then nothing is charged. The same IdempotencyKey (PayPal-Request-Id)
// returns the same order.
func (g *Gateway) StartPayment(ctx context.Context, req payments.PaymentRequest) (payments.Redirect, error) {
	switch {
	case req.Invoice == "":
		return payments.Redirect{}, errors.New("paypal: start payment: no invoice")
	case req.Amount <= 0:
		return payments.Redirect{}, fmt.Errorf("paypal: start payment for invoice %s: amount %d is not positive", req.Invoice, req.Amount)
	case req.IdempotencyKey == "":
		return payments.Redirect{}, fmt.Errorf("paypal: start payment for invoice %s: no idempotency key", req.Invoice)
	case req.SuccessURL == "":
		return payments.Redirect{}, fmt.Errorf("paypal: start payment for invoice %s: no return URL", req.Invoice)
	case len(req.Invoice) > maxField:
		return payments.Redirect{}, fmt.Errorf("paypal: start payment: invoice id %q is longer than PayPal's custom_id allows", req.Invoice)
	}
	amount, err := toPayPal(req.Amount, req.Currency)
	if err != nil {
		return payments.Redirect{}, err
	}

	unit := paypalsdk.PurchaseUnitRequest{
		ReferenceID: req.Invoice,
		Amount:      &paypalsdk.PurchaseUnitAmount{Currency: amount.CurrencyCode, Value: amount.Value},
		// custom_id comes back on the capture and in its webhooks: it is
		// how a payment finds its invoice
		CustomID:    req.Invoice,
		InvoiceID:   attemptInvoiceID(req),
		Description: truncate(req.Description, maxField),
	}
	var payer *paypalsdk.CreateOrderPayer
	if req.Customer.Email != "" {
		payer = &paypalsdk.CreateOrderPayer{EmailAddress: req.Customer.Email}
	}
	appCtx := &paypalsdk.ApplicationContext{
		ReturnURL:          req.SuccessURL,
		CancelURL:          req.CancelURL,
		UserAction:         paypalsdk.UserActionPayNow,
		ShippingPreference: paypalsdk.ShippingPreferenceNoShipping,
	}
	order, err := g.client.CreateOrderWithPaypalRequestID(ctx, "CAPTURE",
		[]paypalsdk.PurchaseUnitRequest{unit}, payer, appCtx, req.IdempotencyKey)
	if err != nil {
		return payments.Redirect{}, apiErrorOf("create order for invoice "+req.Invoice, err)
	}
	for _, l := range order.Links {
		// "payer-action" is the same link for orders created with a payment_source
		if l.Rel == "approve" || l.Rel == "payer-action" {
			return payments.Redirect{URL: l.Href, Ref: order.ID}, nil
		}
	}
	return payments.Redirect{}, fmt.Errorf("paypal: order %s for invoice %s has no approve link (status %s)", order.ID, req.Invoice, order.Status)
}

// attemptInvoiceID is the order's invoice_id: the invoice number the buyer
// sees at PayPal, plus a suffix of this attempt's idempotency key, because
// PayPal refuses an invoice_id it has seen before (DUPLICATE_INVOICE_ID)
// and an invoice may take several attempts.
func attemptInvoiceID(req payments.PaymentRequest) string {
	number := req.InvoiceNumber
	if number == "" {
		number = req.Invoice
	}
	sum := sha256.Sum256([]byte(req.IdempotencyKey))
	suffix := "-" + hex.EncodeToString(sum[:])[:8]
	return truncate(number, maxField-len(suffix)) + suffix
}

// truncate cuts s to at most n characters (PayPal counts characters).
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
