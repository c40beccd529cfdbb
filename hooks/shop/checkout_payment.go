package shop

import (
	"context"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/payments"
)

// nextStep is where the storefront sends the customer after the checkout:
// the gateway's hosted page (redirect) or the order's page.
type nextStep struct {
	Kind string `json:"kind"`
	URL  string `json:"url"`
}

// paymentStart is how the payment of an order's first invoice began.
type paymentStart struct {
	// Status is the invoice's: unpaid or paid.
	Status string
	Next   nextStep
	// Instructions are the bank transfer details, for the manual gateway.
	Instructions string
	// Notice says why an unpaid order was not sent to pay (account credit
	// fell short since the checkout); "" otherwise.
	Notice string
}

// paymentLocks serialise starting the payment of one order, so that a
// double-submitted checkout opens one hosted payment page, not two.
var paymentLocks keyLocks

// orderPage is the client area's page of an order.
func orderPage(order string) nextStep {
	return nextStep{Kind: "page", URL: "/client/orders/" + order}
}

// startPayment starts paying an order's first invoice with the order's
// gateway, once: card and PayPal through payments.PayInvoice (the hosted
// page to redirect to), account credit applied at once, bank transfer
// instructions. A repeat (an idempotent retry, or after a crash between
// the order's commit and this call) starts it only if no payment at the
// gateway is under way; otherwise it sends the customer to the order's
// page, where the invoice can be paid again. Errors are the gateway's
// (unreachable): the order stands and a retry resumes here.
func startPayment(ctx context.Context, app core.App, order *collections.Order) (paymentStart, error) {
	unlock := paymentLocks.lock(order.Id)
	defer unlock()

	inv, err := collections.FindInvoice(app, order.InvoiceID())
	if err != nil {
		return paymentStart{}, err
	}
	page := orderPage(order.Id)
	if inv.Status() == collections.InvoiceStatusPaid || inv.AmountDue() <= 0 {
		return paymentStart{Status: string(collections.InvoiceStatusPaid), Next: page}, nil
	}
	unpaid := paymentStart{Status: string(inv.Status()), Next: page}
	gateway := order.Gateway()
	switch gateway {
	case payments.Stripe, payments.PayPal:
		under, err := paymentUnderWay(app, inv.Id, gateway)
		if err != nil || under {
			return unpaid, err
		}
	}
	next, err := payments.PayInvoice(ctx, app, inv.Id, payments.PayOptions{Gateway: gateway})
	var pe *payments.PayError
	if errors.As(err, &pe) {
		// The order stands; its page offers to pay another way.
		unpaid.Notice = pe.Message
		return unpaid, nil
	}
	if err != nil {
		return paymentStart{}, err
	}
	switch next.Type {
	case "redirect":
		unpaid.Next = nextStep{Kind: "redirect", URL: next.URL}
		return unpaid, nil
	case "paid":
		return paymentStart{Status: string(collections.InvoiceStatusPaid), Next: page}, nil
	}
	if gateway == payments.Manual {
		unpaid.Instructions = next.Text
	} else {
		unpaid.Notice = next.Text
	}
	return unpaid, nil
}

// paymentUnderWay reports whether an invoice has a payment at gateway
// begun and not failed.
func paymentUnderWay(app core.App, invoice, gateway string) (bool, error) {
	f := collections.PaymentAttemptFields
	var n int
	err := app.DB().Select("count(*)").From(collections.PaymentAttempts).
		Where(dbx.HashExp{f.Invoice: invoice, f.Gateway: gateway}).
		AndWhere(dbx.In(f.Status, string(collections.PaymentAttemptStatusPending), string(collections.PaymentAttemptStatusRequiresAction),
			string(collections.PaymentAttemptStatusSucceeded))).Row(&n)
	return n > 0, err
}
