package stripe

import (
	"context"
	"errors"
	"fmt"

	stripego "github.com/stripe/stripe-go/v79"

	"github.com/ezscale/hostbase/hooks/payments"
)

// Refund refunds part or all of a PaymentIntent, keyed by
// req.IdempotencyKey and tagged with the credit note it settles so that the
// refund's webhooks find it.
func (g *Gateway) Refund(ctx context.Context, req payments.RefundRequest) (payments.RefundResult, error) {
	switch {
	case req.PaymentRef == "":
		return payments.RefundResult{}, errors.New("stripe: refund without a payment")
	case req.Amount <= 0:
		return payments.RefundResult{}, fmt.Errorf("stripe: refund of %s: amount %d is not positive", req.PaymentRef, req.Amount)
	case req.IdempotencyKey == "":
		return payments.RefundResult{}, fmt.Errorf("stripe: refund of %s: no idempotency key", req.PaymentRef)
	}
	params := &stripego.RefundParams{
		PaymentIntent: stripego.String(req.PaymentRef),
		Amount:        stripego.Int64(req.Amount),
	}
	if req.CreditNote != "" {
		params.Metadata = map[string]string{MetaCreditNote: req.CreditNote}
	}
	if reason, ok := refundReason(req.Reason); ok {
		params.Reason = stripego.String(reason)
	}
	params.Context = ctx
	params.SetIdempotencyKey(req.IdempotencyKey)
	r, err := g.api.Refunds.New(params)
	if err != nil {
		return payments.RefundResult{}, callError("refund "+req.PaymentRef, err)
	}
	res := payments.RefundResult{Ref: r.ID, Amount: r.Amount}
	switch r.Status {
	case stripego.RefundStatusPending, stripego.RefundStatusRequiresAction:
		res.Pending = true
	case stripego.RefundStatusFailed, stripego.RefundStatusCanceled:
		res.Failed = true
		res.Message = "refund " + string(r.Status)
		if r.FailureReason != "" {
			res.Message += ": " + string(r.FailureReason)
		}
	}
	return res, nil
}

// refundReason maps our free-text reason to one of the three Stripe
// accepts; any other value would make Stripe refuse the refund, so it is
// left out (our credit note keeps the words).
func refundReason(reason string) (string, bool) {
	switch reason {
	case string(stripego.RefundReasonDuplicate), string(stripego.RefundReasonFraudulent), string(stripego.RefundReasonRequestedByCustomer):
		return reason, true
	}
	return "", false
}
