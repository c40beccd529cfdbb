package stripe

import (
	stripego "github.com/stripe/stripe-go/v79"

	"github.com/ezscale/hostbase/hooks/payments"
)

// methodAttached is a method saved on a Stripe customer (by Checkout in
// setup mode, or by a payment with setup_future_usage).
func methodAttached(e *stripego.Event, ev *payments.Event) error {
	pm, err := decodeObject[stripego.PaymentMethod](e, "payment_method")
	if err != nil {
		return err
	}
	ev.Kind, ev.Method = payments.EventMethodSaved, methodEvent(pm)
	return nil
}

// methodDetached is a method removed from its customer. The object's
// customer is already null; the customer it left is in previous_attributes.
func methodDetached(e *stripego.Event, ev *payments.Event) error {
	pm, err := decodeObject[stripego.PaymentMethod](e, "payment_method")
	if err != nil {
		return err
	}
	m := methodEvent(pm)
	if m.CustomerRef == "" {
		if prev, ok := e.Data.PreviousAttributes["customer"].(string); ok {
			m.CustomerRef = prev
		}
	}
	ev.Kind, ev.Method = payments.EventMethodRemoved, m
	return nil
}

// methodEvent describes a PaymentMethod; for a method that is not a card
// the brand is its type (sepa_debit, link…).
func methodEvent(pm *stripego.PaymentMethod) *payments.MethodEvent {
	m := &payments.MethodEvent{
		Ref:         pm.ID,
		CustomerRef: customerID(pm.Customer),
		Customer:    pm.Metadata[MetaCustomer],
		Brand:       string(pm.Type),
	}
	if c := pm.Card; c != nil {
		m.Brand = string(c.Brand)
		m.Last4 = c.Last4
		m.ExpMonth = int(c.ExpMonth)
		m.ExpYear = int(c.ExpYear)
	}
	return m
}
