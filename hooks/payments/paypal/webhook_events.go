package paypal

import (
	"encoding/json"
	"errors"

	"github.com/ezscale/hostbase/hooks/payments"
)

// PayPal event types this gateway acts on; every other type is
// EventIgnored (stored, not acted on).
const (
	typeCaptureCompleted = "PAYMENT.CAPTURE.COMPLETED"
	typeCaptureDenied    = "PAYMENT.CAPTURE.DENIED"
	typeCaptureDeclined  = "PAYMENT.CAPTURE.DECLINED"
	typeCaptureRefunded  = "PAYMENT.CAPTURE.REFUNDED"
	typeCaptureReversed  = "PAYMENT.CAPTURE.REVERSED"
	typeDisputeCreated   = "CUSTOMER.DISPUTE.CREATED"
	typeDisputeResolved  = "CUSTOMER.DISPUTE.RESOLVED"
)

// mapEvent sets ev's Kind and the part matching it from the event's
// resource.
func mapEvent(ev *payments.Event, env envelope) error {
	switch env.EventType {
	case typeCaptureCompleted, typeCaptureDenied, typeCaptureDeclined:
		var c captureJSON
		if err := json.Unmarshal(env.Resource, &c); err != nil {
			return err
		}
		p, err := paymentOf(c)
		if err != nil {
			return err
		}
		ev.Kind, ev.Payment = payments.EventPaymentSucceeded, p
		if env.EventType != typeCaptureCompleted {
			// DENIED: a capture held as PENDING (an eCheck, a review)
			// did not go through; DECLINED: the funding source refused
			ev.Kind = payments.EventPaymentFailed
			p.DeclineCode, p.Message = c.Status, env.Summary
			if c.StatusDetails != nil && c.StatusDetails.Reason != "" {
				p.DeclineCode = c.StatusDetails.Reason
			}
		}
	case typeCaptureRefunded, typeCaptureReversed:
		// A reversal is PayPal taking the money back without our asking
		// (a bank chargeback or a reversed funding source). Its resource
		// is a refund of the capture, final and not contestable, so it is
		// an EventRefunded whose refund has no credit note; a dispute the
		// seller may still win arrives as CUSTOMER.DISPUTE.CREATED.
		var rf refundJSON
		if err := json.Unmarshal(env.Resource, &rf); err != nil {
			return err
		}
		r, err := refundOf(rf)
		if err != nil {
			return err
		}
		if env.EventType == typeCaptureReversed {
			r.CreditNote = ""
		}
		ev.Kind, ev.Refunds = payments.EventRefunded, []payments.RefundEvent{r}
	case typeDisputeCreated, typeDisputeResolved:
		var d disputeJSON
		if err := json.Unmarshal(env.Resource, &d); err != nil {
			return err
		}
		de, err := disputeOf(d)
		if err != nil {
			return err
		}
		ev.Kind, ev.Dispute = payments.EventDisputeOpened, de
		if env.EventType == typeDisputeResolved {
			ev.Kind = payments.EventDisputeClosed
		}
	default:
		ev.Kind = payments.EventIgnored
	}
	return nil
}

func refundOf(rf refundJSON) (payments.RefundEvent, error) {
	if rf.ID == "" || rf.Amount == nil {
		return payments.RefundEvent{}, errors.New("refund without id or amount")
	}
	captureID := rf.capturedID()
	if captureID == "" {
		return payments.RefundEvent{}, errors.New("refund " + rf.ID + " has no link rel \"up\" to its capture")
	}
	amount, currency, err := fromPayPal(*rf.Amount)
	if err != nil {
		return payments.RefundEvent{}, err
	}
	return payments.RefundEvent{
		PaymentRef: captureID,
		Ref:        rf.ID,
		Amount:     amount,
		Currency:   currency,
		CreditNote: rf.CustomID,
		Succeeded:  rf.Status == "COMPLETED",
	}, nil
}

// disputeJSON is a Disputes v1 dispute, as its webhooks carry it.
type disputeJSON struct {
	DisputeID            string `json:"dispute_id"`
	Reason               string `json:"reason"`
	Status               string `json:"status"`
	DisputedTransactions []struct {
		SellerTransactionID string `json:"seller_transaction_id"`
	} `json:"disputed_transactions"`
	DisputeAmount  *moneyJSON `json:"dispute_amount"`
	DisputeOutcome *struct {
		OutcomeCode string `json:"outcome_code"`
	} `json:"dispute_outcome"`
}

// Dispute outcomes: who kept the money. RESOLVED_WITH_PAYOUT is PayPal
// paying the buyer from its own funds, and a cancelled claim leaves the
// payment alone, so both are won; ACCEPTED is the seller accepting the
// claim. DENIED and NONE say neither, so Won and Lost stay false and
// Status says what PayPal reported.
var (
	disputeWon  = map[string]bool{"RESOLVED_SELLER_FAVOUR": true, "RESOLVED_WITH_PAYOUT": true, "CANCELED_BY_BUYER": true}
	disputeLost = map[string]bool{"RESOLVED_BUYER_FAVOUR": true, "ACCEPTED": true}
)

func disputeOf(d disputeJSON) (*payments.DisputeEvent, error) {
	if d.DisputeID == "" {
		return nil, errors.New("dispute without dispute_id")
	}
	de := &payments.DisputeEvent{Ref: d.DisputeID, Reason: d.Reason, Status: d.Status}
	if len(d.DisputedTransactions) > 0 {
		// the seller's transaction id of a PayPal Checkout payment is the
		// capture id, our payment's Ref
		de.PaymentRef = d.DisputedTransactions[0].SellerTransactionID
	}
	if d.DisputeAmount != nil {
		amount, currency, err := fromPayPal(*d.DisputeAmount)
		if err != nil {
			return nil, err
		}
		de.Amount, de.Currency = amount, currency
	}
	if d.DisputeOutcome != nil {
		de.Won = disputeWon[d.DisputeOutcome.OutcomeCode]
		de.Lost = disputeLost[d.DisputeOutcome.OutcomeCode]
	}
	return de, nil
}
