package stripe

import (
	"context"
	"strings"

	stripego "github.com/stripe/stripe-go/v79"

	"github.com/ezscale/hostbase/hooks/payments"
)

// checkoutCompleted reads a finished Checkout Session: a paid payment-mode
// session is the invoice's payment, known by its PaymentIntent (the id
// payment_intent.succeeded and refunds carry too); a setup-mode session is
// a saved method.
func (g *Gateway) checkoutCompleted(ctx context.Context, e *stripego.Event, ev *payments.Event) error {
	s, err := decodeObject[stripego.CheckoutSession](e, "checkout.session")
	if err != nil {
		return err
	}
	switch s.Mode {
	case stripego.CheckoutSessionModePayment:
		// Unpaid: an asynchronous method (bank debit) is still on its way;
		// checkout.session.async_payment_succeeded follows.
		if s.PaymentStatus != stripego.CheckoutSessionPaymentStatusPaid || s.Metadata[MetaInvoice] == "" {
			return nil
		}
		if s.PaymentIntent == nil || s.PaymentIntent.ID == "" {
			return badWebhook("%s: paid session %s has no payment_intent", e.Type, s.ID)
		}
		p := &payments.PaymentEvent{
			Invoice:     s.Metadata[MetaInvoice],
			Customer:    s.Metadata[MetaCustomer],
			Ref:         s.PaymentIntent.ID,
			Amount:      s.AmountTotal,
			Currency:    upper(s.Currency),
			CustomerRef: customerID(s.Customer),
		}
		if pi := s.PaymentIntent; pi.SetupFutureUsage != "" && pi.PaymentMethod != nil {
			p.MethodRef = pi.PaymentMethod.ID
		}
		ev.Kind, ev.Payment = payments.EventPaymentSucceeded, p
	case stripego.CheckoutSessionModeSetup:
		if m := g.setupMethod(ctx, s); m != nil {
			ev.Kind, ev.Method = payments.EventMethodSaved, m
		}
	}
	return nil
}

// setupMethod is the card a setup-mode session saved. The event names the
// SetupIntent only by id, so it is fetched with its PaymentMethod; when that
// fails the event is ignored, since payment_method.attached reports the same
// card.
func (g *Gateway) setupMethod(ctx context.Context, s *stripego.CheckoutSession) *payments.MethodEvent {
	si := s.SetupIntent
	if si == nil || si.ID == "" {
		return nil
	}
	if si.PaymentMethod == nil || si.PaymentMethod.Object == "" {
		params := &stripego.SetupIntentParams{}
		params.Context = ctx
		params.AddExpand("payment_method")
		fetched, err := g.api.SetupIntents.Get(si.ID, params)
		if err != nil || fetched.PaymentMethod == nil || fetched.PaymentMethod.ID == "" {
			return nil
		}
		si = fetched
	}
	m := methodEvent(si.PaymentMethod)
	m.Customer = s.Metadata[MetaCustomer]
	if ref := customerID(s.Customer); ref != "" {
		m.CustomerRef = ref
	} else if m.CustomerRef == "" {
		m.CustomerRef = customerID(si.Customer)
	}
	return m
}

// paymentIntentSucceeded is an invoice payment, from Checkout or from an
// off-session charge; intents without our invoice id are not ours.
func paymentIntentSucceeded(e *stripego.Event, ev *payments.Event) error {
	pi, err := decodeObject[stripego.PaymentIntent](e, "payment_intent")
	if err != nil || pi.Metadata[MetaInvoice] == "" {
		return err
	}
	p := intentPayment(pi)
	p.Amount = pi.AmountReceived
	if pi.SetupFutureUsage != "" && pi.PaymentMethod != nil {
		p.MethodRef = pi.PaymentMethod.ID
	}
	ev.Kind, ev.Payment = payments.EventPaymentSucceeded, p
	return nil
}

// paymentIntentFailed is a failed attempt to pay an invoice, with the
// issuer's reason.
func paymentIntentFailed(e *stripego.Event, ev *payments.Event) error {
	pi, err := decodeObject[stripego.PaymentIntent](e, "payment_intent")
	if err != nil || pi.Metadata[MetaInvoice] == "" {
		return err
	}
	p := intentPayment(pi)
	p.Amount = pi.Amount
	if le := pi.LastPaymentError; le != nil {
		p.DeclineCode = declineCode(le)
		p.Message = le.Msg
	}
	ev.Kind, ev.Payment = payments.EventPaymentFailed, p
	return nil
}

func intentPayment(pi *stripego.PaymentIntent) *payments.PaymentEvent {
	p := &payments.PaymentEvent{
		Invoice:     pi.Metadata[MetaInvoice],
		Customer:    pi.Metadata[MetaCustomer],
		Ref:         pi.ID,
		Currency:    upper(pi.Currency),
		CustomerRef: customerID(pi.Customer),
	}
	if ch := pi.LatestCharge; ch != nil && ch.BalanceTransaction != nil {
		p.Fee = ch.BalanceTransaction.Fee
	}
	return p
}

// chargeFee reports the fee Stripe took on a payment once the charge's
// balance transaction exists. Amount and Fee are in the balance
// transaction's (settlement) currency, which may differ from the invoice's.
// The balance transaction is usually only an id in the event; fetching it
// is best effort, and a later charge.updated brings another chance.
func (g *Gateway) chargeFee(ctx context.Context, e *stripego.Event, ev *payments.Event) error {
	ch, err := decodeObject[stripego.Charge](e, "charge")
	if err != nil {
		return err
	}
	paymentRef := intentID(ch.PaymentIntent)
	bt := ch.BalanceTransaction
	if paymentRef == "" || bt == nil || bt.ID == "" {
		return nil
	}
	if bt.Object == "" {
		params := &stripego.BalanceTransactionParams{}
		params.Context = ctx
		fetched, err := g.api.BalanceTransactions.Get(bt.ID, params)
		if err != nil {
			return nil
		}
		bt = fetched
	}
	ev.Kind = payments.EventFee
	ev.Payment = &payments.PaymentEvent{
		Invoice:     ch.Metadata[MetaInvoice],
		Customer:    ch.Metadata[MetaCustomer],
		Ref:         paymentRef,
		Amount:      bt.Amount,
		Currency:    upper(bt.Currency),
		Fee:         bt.Fee,
		CustomerRef: customerID(ch.Customer),
	}
	return nil
}

func customerID(c *stripego.Customer) string {
	if c == nil {
		return ""
	}
	return c.ID
}

func intentID(pi *stripego.PaymentIntent) string {
	if pi == nil {
		return ""
	}
	return pi.ID
}

// upper is the ISO 4217 form of Stripe's lower-case currency.
func upper(c stripego.Currency) string { return strings.ToUpper(string(c)) }
