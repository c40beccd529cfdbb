package stripe

import (
	stripego "github.com/stripe/stripe-go/v79"

	"github.com/ezscale/hostbase/hooks/payments"
)

// disputeChanged is a chargeback opened or closed against a payment.
func disputeChanged(e *stripego.Event, ev *payments.Event) error {
	d, err := decodeObject[stripego.Dispute](e, "dispute")
	if err != nil {
		return err
	}
	paymentRef := intentID(d.PaymentIntent)
	if paymentRef == "" && d.Charge != nil {
		paymentRef = d.Charge.ID
	}
	de := &payments.DisputeEvent{
		PaymentRef: paymentRef,
		Ref:        d.ID,
		Amount:     d.Amount,
		Currency:   upper(d.Currency),
		Reason:     string(d.Reason),
		Status:     string(d.Status),
	}
	ev.Dispute = de
	if e.Type == stripego.EventTypeChargeDisputeClosed {
		ev.Kind = payments.EventDisputeClosed
		de.Won = d.Status == stripego.DisputeStatusWon
		de.Lost = d.Status == stripego.DisputeStatusLost
		return nil
	}
	ev.Kind = payments.EventDisputeOpened
	return nil
}
