package paypal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/ezscale/hostbase/hooks/payments"
)

// maxNoteToPayer is PayPal's limit on a refund's note_to_payer.
const maxNoteToPayer = 255

type refundRequestJSON struct {
	Amount      moneyJSON `json:"amount"`
	CustomID    string    `json:"custom_id,omitempty"`
	NoteToPayer string    `json:"note_to_payer,omitempty"`
}

// Refund refunds Amount of the capture PaymentRef. custom_id carries the
// credit note, so that the PAYMENT.CAPTURE.REFUNDED webhook finds it; the
// IdempotencyKey is the PayPal-Request-Id, so a retry returns the first
// refund instead of refunding twice. PayPal refusing the refund (more than
// is left, an unknown capture) is an error naming PayPal's issue, e.g.
// REFUND_AMOUNT_EXCEEDED.
func (g *Gateway) Refund(ctx context.Context, req payments.RefundRequest) (payments.RefundResult, error) {
	switch {
	case req.PaymentRef == "":
		return payments.RefundResult{}, errors.New("paypal: refund: no capture id")
	case req.Amount <= 0:
		return payments.RefundResult{}, fmt.Errorf("paypal: refund of capture %s: amount %d is not positive", req.PaymentRef, req.Amount)
	case req.IdempotencyKey == "":
		return payments.RefundResult{}, fmt.Errorf("paypal: refund of capture %s: no idempotency key", req.PaymentRef)
	case len(req.CreditNote) > maxField:
		return payments.RefundResult{}, fmt.Errorf("paypal: refund of capture %s: credit note id %q is longer than PayPal's custom_id allows", req.PaymentRef, req.CreditNote)
	}
	amount, err := toPayPal(req.Amount, req.Currency)
	if err != nil {
		return payments.RefundResult{}, err
	}
	body := refundRequestJSON{Amount: amount, CustomID: req.CreditNote, NoteToPayer: truncate(req.Reason, maxNoteToPayer)}
	var rf refundJSON
	path := "/v2/payments/captures/" + url.PathEscape(req.PaymentRef) + "/refund"
	if err := g.callJSON(ctx, "refund capture "+req.PaymentRef, http.MethodPost, path, body, req.IdempotencyKey, &rf); err != nil {
		return payments.RefundResult{}, err
	}
	if rf.ID == "" || rf.Amount == nil {
		return payments.RefundResult{}, fmt.Errorf("paypal: refund of capture %s: PayPal's answer has no refund id or amount", req.PaymentRef)
	}
	refunded, _, err := fromPayPal(*rf.Amount)
	if err != nil {
		return payments.RefundResult{}, fmt.Errorf("paypal: refund %s: %w", rf.ID, err)
	}
	res := payments.RefundResult{Ref: rf.ID, Amount: refunded}
	if rf.StatusDetails != nil {
		res.Message = rf.StatusDetails.Reason
	}
	switch rf.Status {
	case "COMPLETED":
	case "PENDING":
		res.Pending = true
	case "FAILED", "CANCELLED":
		res.Failed = true
		if res.Message == "" {
			res.Message = "PayPal reports the refund " + rf.Status
		}
	default:
		return res, fmt.Errorf("paypal: refund %s has status %q", rf.ID, rf.Status)
	}
	return res, nil
}
