package stripe

import (
	"context"

	stripego "github.com/stripe/stripe-go/v79"

	"github.com/ezscale/hostbase/hooks/payments"
)

// chargeRefunded lists every refund of the charge. Since API version
// 2022-11-15 a charge no longer embeds its refunds, so when the event has
// none they are listed from Stripe; that failing is an error (not a refusal):
// Stripe retries the delivery, and no refund goes unrecorded.
func (g *Gateway) chargeRefunded(ctx context.Context, e *stripego.Event, ev *payments.Event) error {
	ch, err := decodeObject[stripego.Charge](e, "charge")
	if err != nil {
		return err
	}
	var refunds []*stripego.Refund
	if ch.Refunds != nil {
		refunds = ch.Refunds.Data
	}
	if len(refunds) == 0 {
		params := &stripego.RefundListParams{Charge: stripego.String(ch.ID)}
		params.Context = ctx
		it := g.api.Refunds.List(params)
		for it.Next() {
			refunds = append(refunds, it.Refund())
		}
		if err := it.Err(); err != nil {
			return callError("list refunds of charge "+ch.ID, err)
		}
	}
	paymentRef := chargePaymentRef(ch)
	ev.Kind = payments.EventRefunded
	for _, r := range refunds {
		ev.Refunds = append(ev.Refunds, refundEvent(r, paymentRef, ch.Currency))
	}
	return nil
}

// refundChanged is one refund created or settled (or failed).
func refundChanged(e *stripego.Event, ev *payments.Event) error {
	r, err := decodeObject[stripego.Refund](e, "refund")
	if err != nil {
		return err
	}
	paymentRef := intentID(r.PaymentIntent)
	if paymentRef == "" && r.Charge != nil {
		paymentRef = r.Charge.ID
	}
	ev.Kind = payments.EventRefunded
	ev.Refunds = []payments.RefundEvent{refundEvent(r, paymentRef, r.Currency)}
	return nil
}

func refundEvent(r *stripego.Refund, paymentRef string, currency stripego.Currency) payments.RefundEvent {
	if r.Currency != "" {
		currency = r.Currency
	}
	return payments.RefundEvent{
		PaymentRef: paymentRef,
		Ref:        r.ID,
		Amount:     r.Amount,
		Currency:   upper(currency),
		CreditNote: r.Metadata[MetaCreditNote],
		Succeeded:  r.Status == stripego.RefundStatusSucceeded,
	}
}

// chargePaymentRef is the payment a charge belongs to: its PaymentIntent,
// or the charge itself for the rare charge made without one.
func chargePaymentRef(ch *stripego.Charge) string {
	if id := intentID(ch.PaymentIntent); id != "" {
		return id
	}
	return ch.ID
}
