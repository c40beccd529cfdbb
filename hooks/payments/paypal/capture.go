package paypal

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ezscale/hostbase/hooks/payments"
)

// Capture statuses (Payments v2) that Capture tells apart.
const (
	captureCompleted = "COMPLETED"
	capturePending   = "PENDING"
	captureDeclined  = "DECLINED"
	captureFailed    = "FAILED"
)

// Capture takes the money of an order the buyer approved (orderRef is
// Redirect.Ref, also the token PayPal appends to the return URL).
//
// The Event it returns is what a webhook would say, keyed for the inbox:
//   - EventPaymentSucceeded, ID "capture:"+capture id, when the money is
//     taken; capturing a captured order returns the same event;
//   - EventPaymentFailed when the buyer's funding was declined (the buyer
//     may approve again with another source, and Capture be called again);
//   - EventIgnored with Payment set, ID "capture:"+id+":pending", when
//     PayPal holds the capture for review: PAYMENT.CAPTURE.COMPLETED or
//     DENIED follows by webhook.
//
// An order the buyer has not approved is an error wrapping
// ErrOrderNotApproved; any other error means the outcome is unknown and
// Capture may be called again.
func (g *Gateway) Capture(ctx context.Context, orderRef string) (*payments.Event, error) {
	if orderRef == "" {
		return nil, errors.New("paypal: capture: no order id")
	}
	path := "/v2/checkout/orders/" + url.PathEscape(orderRef)
	var order orderJSON
	err := g.call(ctx, "capture order "+orderRef, http.MethodPost, path+"/capture", []byte("{}"), "", &order)
	switch issueOf(err) {
	case "":
		if err != nil {
			return nil, err
		}
	case "ORDER_ALREADY_CAPTURED":
		// a second return to the success URL, or a retry after a lost answer
		if err := g.call(ctx, "show order "+orderRef, http.MethodGet, path, nil, "", &order); err != nil {
			return nil, err
		}
	case "INSTRUMENT_DECLINED":
		return g.declined(ctx, orderRef, err)
	case "ORDER_NOT_APPROVED":
		return nil, fmt.Errorf("%w: %w", ErrOrderNotApproved, err)
	default:
		return nil, err
	}
	return captureEvent(order)
}

// captureEvent is the event of an order's capture.
func captureEvent(order orderJSON) (*payments.Event, error) {
	if len(order.PurchaseUnits) == 0 || order.PurchaseUnits[0].Payments == nil || len(order.PurchaseUnits[0].Payments.Captures) == 0 {
		return nil, fmt.Errorf("paypal: order %s (status %s) has no capture", order.ID, order.Status)
	}
	unit := order.PurchaseUnits[0]
	c := unit.Payments.Captures[0]
	if c.CustomID == "" {
		c.CustomID = unit.CustomID
	}
	p, err := paymentOf(c)
	if err != nil {
		return nil, fmt.Errorf("paypal: order %s: %w", order.ID, err)
	}
	ev := &payments.Event{
		Gateway: payments.PayPal,
		ID:      "capture:" + c.ID,
		Type:    "PAYMENT.CAPTURE." + c.Status,
		Payment: p,
		Created: time.Now().Unix(),
	}
	if t, err := unixOf(c.CreateTime); err == nil {
		ev.Created = t
	}
	switch c.Status {
	case captureCompleted:
		ev.Kind = payments.EventPaymentSucceeded
	case captureDeclined, captureFailed:
		ev.Kind = payments.EventPaymentFailed
		p.DeclineCode, p.Message = c.Status, "PayPal declined the capture"
		if c.StatusDetails != nil && c.StatusDetails.Reason != "" {
			p.DeclineCode = c.StatusDetails.Reason
		}
	default:
		// PENDING: not money yet; a distinct inbox key so that the
		// completed capture later is not taken for a duplicate
		ev.Kind = payments.EventIgnored
		ev.ID += ":" + strings.ToLower(c.Status)
	}
	return ev, nil
}

// declined is the failed-payment event of an order whose capture PayPal
// refused with INSTRUMENT_DECLINED; the order is read for its invoice and
// amount.
func (g *Gateway) declined(ctx context.Context, orderRef string, declineErr error) (*payments.Event, error) {
	var order orderJSON
	if err := g.call(ctx, "show order "+orderRef, http.MethodGet, "/v2/checkout/orders/"+url.PathEscape(orderRef), nil, "", &order); err != nil {
		return nil, fmt.Errorf("%w (after: %w)", err, declineErr)
	}
	var ae *APIError
	errors.As(declineErr, &ae)
	p := &payments.PaymentEvent{DeclineCode: ae.Issue, Message: ae.Description}
	if p.Message == "" {
		p.Message = ae.Message
	}
	if len(order.PurchaseUnits) > 0 {
		unit := order.PurchaseUnits[0]
		p.Invoice = unit.CustomID
		if unit.Amount != nil {
			amount, currency, err := fromPayPal(*unit.Amount)
			if err != nil {
				return nil, fmt.Errorf("paypal: order %s: %w", orderRef, err)
			}
			p.Amount, p.Currency = amount, currency
		}
	}
	// each decline is its own event: the buyer may try another source
	attempt := ae.DebugID
	if attempt == "" {
		attempt = rand.Text()
	}
	return &payments.Event{
		Gateway: payments.PayPal,
		ID:      "capture-declined:" + orderRef + ":" + attempt,
		Type:    "PAYMENT.CAPTURE.DECLINED",
		Kind:    payments.EventPaymentFailed,
		Created: time.Now().Unix(),
		Payment: p,
	}, nil
}

// paymentOf reads a capture (from the API or a webhook) as a payment.
func paymentOf(c captureJSON) (*payments.PaymentEvent, error) {
	if c.ID == "" || c.Amount == nil {
		return nil, errors.New("capture without id or amount")
	}
	amount, currency, err := fromPayPal(*c.Amount)
	if err != nil {
		return nil, fmt.Errorf("capture %s: %w", c.ID, err)
	}
	p := &payments.PaymentEvent{Invoice: c.CustomID, Ref: c.ID, Amount: amount, Currency: currency}
	if b := c.SellerReceivableBreakdown; b != nil && b.PayPalFee != nil {
		fee, feeCurrency, err := fromPayPal(*b.PayPalFee)
		if err != nil {
			return nil, fmt.Errorf("capture %s fee: %w", c.ID, err)
		}
		// a fee charged in another currency (a cross-currency payment) is
		// not an amount of this payment's currency
		if feeCurrency == currency {
			p.Fee = fee
		}
	}
	return p, nil
}
