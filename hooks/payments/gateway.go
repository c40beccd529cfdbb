package payments

import (
	"context"
	"errors"
	"net/http"
)

// Gateway names, as stored in transactions.gateway and gateway_events.gateway.
const (
	Stripe = "stripe"
	PayPal = "paypal"
	Credit = "credit"
	Manual = "manual"
)

// ErrNotSupported is returned by a gateway asked for what it cannot do
// (PayPal has no saved cards here; account credit has no webhooks).
var ErrNotSupported = errors.New("payments: not supported by this gateway")

// ErrBadWebhook wraps every reason a webhook is refused before anything is
// stored: a bad or missing signature, a stale timestamp, a body that is not
// the gateway's JSON. The webhook route answers it with 400.
var ErrBadWebhook = errors.New("payments: webhook refused")

// Gateway is one way of taking money. The online gateways (stripe, paypal)
// implement it in their sub-packages; every call that moves money carries
// an idempotency key derived from our record ids, and a repeated key never
// moves money twice.
type Gateway interface {
	// Name is the gateway's name (Stripe, PayPal).
	Name() string
	// StartPayment starts paying an invoice and says where to send the
	// customer (a hosted payment page).
	StartPayment(ctx context.Context, req PaymentRequest) (Redirect, error)
	// ChargeSaved charges a saved payment method off-session (auto-charge
	// on the due date). A decline is a ChargeResult with Declined set, not
	// an error; an error means the outcome is unknown and the same
	// idempotency key must be used to try again.
	ChargeSaved(ctx context.Context, req ChargeRequest) (ChargeResult, error)
	// Refund returns money of one payment (PaymentRef) to the payer.
	Refund(ctx context.Context, req RefundRequest) (RefundResult, error)
	// ParseWebhook verifies a webhook's signature on the raw body and turns
	// it into an Event. Verification failures wrap ErrBadWebhook. An event
	// type we do not act on is an Event of kind EventIgnored.
	ParseWebhook(ctx context.Context, header http.Header, body []byte) (*Event, error)
}

// Customer is who pays, as a gateway needs them.
type Customer struct {
	ID    string // hostbase customer record id
	Email string
	Name  string
	// GatewayRef is the customer's id at the gateway (customers.stripe_customer_id),
	// "" when they have none yet.
	GatewayRef string
}

// PaymentRequest asks a gateway to take payment of an invoice.
type PaymentRequest struct {
	Invoice       string // invoice record id (metadata.hostbase_invoice)
	InvoiceNumber string
	Customer      Customer
	Amount        int64 // minor units: the invoice's amount due
	Currency      string
	Description   string
	// SuccessURL and CancelURL are where the gateway sends the customer
	// back; PayPal returns to ours (ReturnURL) to capture first.
	SuccessURL string
	CancelURL  string
	// SaveMethod asks the gateway to keep the method for auto-charge.
	SaveMethod bool
	// IdempotencyKey is derived from the invoice and the attempt.
	IdempotencyKey string
}

// Redirect is where a customer goes to pay or to save a method.
type Redirect struct {
	URL string
	// Ref is the gateway's id of what was created (Checkout Session, PayPal
	// order), kept on the payment attempt.
	Ref string
	// CustomerRef is set when the gateway created a customer for this
	// request: store it on the customer.
	CustomerRef string
}

// ChargeRequest charges a saved method off-session.
type ChargeRequest struct {
	Invoice        string
	InvoiceNumber  string
	Customer       Customer
	MethodRef      string // payment_methods.gateway_ref
	Amount         int64
	Currency       string
	IdempotencyKey string // "charge:<invoice>:<attempt>"
}

// ChargeResult is what an off-session charge came to.
type ChargeResult struct {
	// Ref is the gateway's payment id (Stripe PaymentIntent): the
	// transaction's gateway_ref, the same one its webhook carries.
	Ref      string
	Amount   int64
	Currency string
	Fee      int64
	// Succeeded: the money is taken. Declined: it will not be (DeclineCode
	// and Message say why). Neither: it is processing or needs the
	// customer (3-D Secure); the webhook will tell.
	Succeeded      bool
	Declined       bool
	RequiresAction bool
	DeclineCode    string
	Message        string
}

// RefundRequest refunds part or all of one payment.
type RefundRequest struct {
	PaymentRef string // the payment's gateway_ref
	Amount     int64
	Currency   string
	// CreditNote is the credit note the refund settles (Stripe refund
	// metadata.hostbase_credit_note, PayPal custom_id): webhooks of the
	// refund are matched to it.
	CreditNote     string
	Reason         string
	IdempotencyKey string // "refund:<credit note>:<payment transaction>"
}

// RefundResult is the refund the gateway made.
type RefundResult struct {
	Ref     string
	Amount  int64
	Pending bool // accepted, not settled yet
	Failed  bool
	Message string
}

// MethodSaver is a gateway that saves payment methods through a hosted
// page (Stripe Checkout in setup mode) and removes them.
type MethodSaver interface {
	StartSaveMethod(ctx context.Context, req SaveMethodRequest) (Redirect, error)
	RemoveMethod(ctx context.Context, methodRef string) error
}

// SaveMethodRequest asks for a hosted page to save a method.
type SaveMethodRequest struct {
	Customer   Customer
	SuccessURL string
	CancelURL  string
}

// Capturer is a gateway whose customer comes back to us to finish the
// payment (PayPal: capture the approved order). Capture is idempotent per
// order: capturing a captured order returns its payment.
type Capturer interface {
	Capture(ctx context.Context, orderRef string) (*Event, error)
}
