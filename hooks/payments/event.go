package payments

// EventKind is what a gateway event means to us, whatever the gateway
// calls it.
type EventKind string

const (
	// EventPaymentSucceeded: money was taken for an invoice (Stripe
	// checkout.session.completed in payment mode, payment_intent.succeeded;
	// PayPal PAYMENT.CAPTURE.COMPLETED).
	EventPaymentSucceeded EventKind = "payment_succeeded"
	// EventPaymentFailed: a charge for an invoice failed.
	EventPaymentFailed EventKind = "payment_failed"
	// EventRefunded: money of a payment went back (charge.refunded,
	// PAYMENT.CAPTURE.REFUNDED); Refunds lists each refund.
	EventRefunded EventKind = "refunded"
	// EventDisputeOpened / EventDisputeClosed: a chargeback.
	EventDisputeOpened EventKind = "dispute_opened"
	EventDisputeClosed EventKind = "dispute_closed"
	// EventMethodSaved / EventMethodRemoved: a saved card came or went
	// (payment_method.attached / detached, a setup-mode checkout).
	EventMethodSaved   EventKind = "method_saved"
	EventMethodRemoved EventKind = "method_removed"
	// EventFee: the gateway reports the fee of a payment after the fact.
	EventFee EventKind = "fee"
	// EventIgnored: a type we store and do not act on.
	EventIgnored EventKind = "ignored"
)

// Event is one gateway event, verified and normalised. Gateway, ID and
// Type are always set; the part matching Kind is set.
type Event struct {
	Gateway string
	ID      string // the gateway's event id: the inbox key with Gateway
	Type    string // the gateway's own type name
	Kind    EventKind
	// Created is the event's time at the gateway (Unix seconds); events
	// may arrive out of order.
	Created int64
	Payload []byte // the raw body, stored in gateway_events.payload

	Payment *PaymentEvent
	Refunds []RefundEvent
	Dispute *DisputeEvent
	Method  *MethodEvent
}

// PaymentEvent is a payment (or a failed one) for an invoice.
type PaymentEvent struct {
	Invoice  string // metadata.hostbase_invoice / custom_id: our invoice id
	Customer string // metadata.hostbase_customer, when present
	// Ref is the payment's id: Stripe PaymentIntent id, PayPal capture id.
	Ref      string
	Amount   int64
	Currency string // ISO 4217, upper case
	Fee      int64
	// CustomerRef is the payer's id at the gateway (Stripe customer).
	CustomerRef string
	// MethodRef is the method paid with, when the gateway saved it.
	MethodRef   string
	DeclineCode string
	Message     string
}

// RefundEvent is one refund of a payment.
type RefundEvent struct {
	PaymentRef string // the refunded payment's Ref
	Ref        string // the refund's id
	Amount     int64
	Currency   string
	// CreditNote is our credit note id when we asked for the refund.
	CreditNote string
	Succeeded  bool
}

// DisputeEvent is a chargeback against a payment.
type DisputeEvent struct {
	PaymentRef string
	Ref        string // the dispute's id
	Amount     int64
	Currency   string
	Reason     string
	// Status is the gateway's; Won and Lost are set when it closed.
	Status string
	Won    bool
	Lost   bool
}

// MethodEvent is a saved payment method.
type MethodEvent struct {
	CustomerRef string // the gateway's customer id
	Customer    string // ours, when the gateway object carries it
	Ref         string
	Brand       string
	Last4       string
	ExpMonth    int
	ExpYear     int
}
