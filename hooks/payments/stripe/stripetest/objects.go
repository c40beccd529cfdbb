package stripetest

import (
	"maps"
	"strings"
	"time"
)

// The builders below return the fields of Stripe objects (API version
// 2024-06-20) that Hostbase reads, with realistic values elsewhere; change
// or add fields on the returned map as a test needs. Ids of related objects
// the caller did not name are fresh. Amounts are minor units.

// PaymentIntent is a succeeded PaymentIntent for an invoice (metadata
// hostbase_invoice, hostbase_customer), as payment_intent.succeeded carries.
func PaymentIntent(id, invoice, customer string, amount int64, currency string) map[string]any {
	return map[string]any{
		"id":                 id,
		"object":             "payment_intent",
		"amount":             amount,
		"amount_capturable":  0,
		"amount_received":    amount,
		"currency":           strings.ToLower(currency),
		"customer":           nil,
		"created":            time.Now().Unix(),
		"description":        "Invoice " + invoice,
		"last_payment_error": nil,
		"latest_charge":      NewID("ch"),
		"livemode":           false,
		"metadata":           meta("hostbase_invoice", invoice, "hostbase_customer", customer),
		"payment_method":     NewID("pm"),
		"setup_future_usage": nil,
		"status":             "succeeded",
	}
}

// FailedPaymentIntent is a PaymentIntent whose payment was declined, as
// payment_intent.payment_failed carries.
func FailedPaymentIntent(id, invoice, customer string, amount int64, currency, declineCode, message string) map[string]any {
	pi := PaymentIntent(id, invoice, customer, amount, currency)
	pi["amount_received"] = 0
	pi["status"] = "requires_payment_method"
	pi["last_payment_error"] = map[string]any{
		"type":         "card_error",
		"code":         "card_declined",
		"decline_code": declineCode,
		"message":      message,
	}
	return pi
}

// CheckoutSession is a completed, paid payment-mode Checkout Session for an
// invoice, paid by paymentIntent.
func CheckoutSession(id, invoice, customer, paymentIntent string, amount int64, currency string) map[string]any {
	return map[string]any{
		"id":                  id,
		"object":              "checkout.session",
		"mode":                "payment",
		"status":              "complete",
		"payment_status":      "paid",
		"amount_subtotal":     amount,
		"amount_total":        amount,
		"currency":            strings.ToLower(currency),
		"customer":            nil,
		"client_reference_id": invoice,
		"created":             time.Now().Unix(),
		"livemode":            false,
		"metadata":            meta("hostbase_invoice", invoice, "hostbase_customer", customer),
		"payment_intent":      paymentIntent,
		"setup_intent":        nil,
		"url":                 nil,
	}
}

// SetupCheckoutSession is a completed setup-mode Checkout Session of a
// customer (customerRef is their Stripe id), which saved a method through
// setupIntent.
func SetupCheckoutSession(id, customer, customerRef, setupIntent string) map[string]any {
	return map[string]any{
		"id":             id,
		"object":         "checkout.session",
		"mode":           "setup",
		"status":         "complete",
		"payment_status": "no_payment_required",
		"amount_total":   nil,
		"currency":       nil,
		"customer":       customerRef,
		"created":        time.Now().Unix(),
		"livemode":       false,
		"metadata":       meta("hostbase_customer", customer),
		"payment_intent": nil,
		"setup_intent":   setupIntent,
		"url":            nil,
	}
}

// Charge is a succeeded charge of a PaymentIntent, its balance transaction
// named by id only (as in charge.succeeded); set "balance_transaction" to a
// BalanceTransaction to embed one.
func Charge(id, paymentIntent string, amount int64, currency string) map[string]any {
	return map[string]any{
		"id":                  id,
		"object":              "charge",
		"amount":              amount,
		"amount_captured":     amount,
		"amount_refunded":     0,
		"balance_transaction": NewID("txn"),
		"captured":            true,
		"created":             time.Now().Unix(),
		"currency":            strings.ToLower(currency),
		"customer":            nil,
		"livemode":            false,
		"metadata":            map[string]any{},
		"paid":                true,
		"payment_intent":      paymentIntent,
		"refunded":            false,
		"status":              "succeeded",
	}
}

// ChargeWithRefunds is Charge refunded by refunds (Refund maps), listed in
// charge.refunds as a charge.refunded event of a test carries them.
func ChargeWithRefunds(id, paymentIntent string, amount int64, currency string, refunds ...map[string]any) map[string]any {
	ch := Charge(id, paymentIntent, amount, currency)
	var refunded int64
	data := make([]any, 0, len(refunds))
	for _, r := range refunds {
		if a, ok := r["amount"].(int64); ok {
			refunded += a
		}
		r = maps.Clone(r)
		r["charge"] = id
		data = append(data, r)
	}
	ch["amount_refunded"] = refunded
	ch["refunded"] = refunded >= amount
	ch["refunds"] = map[string]any{
		"object":   "list",
		"data":     data,
		"has_more": false,
		"url":      "/v1/charges/" + id + "/refunds",
	}
	return ch
}

// Refund is a refund of a PaymentIntent settling a credit note ("" for
// none), with status succeeded, pending or failed.
func Refund(id, paymentIntent, creditNote string, amount int64, currency, status string) map[string]any {
	m := map[string]any{}
	if creditNote != "" {
		m["hostbase_credit_note"] = creditNote
	}
	return map[string]any{
		"id":             id,
		"object":         "refund",
		"amount":         amount,
		"charge":         NewID("ch"),
		"created":        time.Now().Unix(),
		"currency":       strings.ToLower(currency),
		"metadata":       m,
		"payment_intent": paymentIntent,
		"reason":         nil,
		"status":         status,
	}
}

// Dispute is a chargeback of a PaymentIntent; status is Stripe's
// (needs_response when opened, won or lost when closed).
func Dispute(id, paymentIntent string, amount int64, currency, status string) map[string]any {
	return map[string]any{
		"id":                   id,
		"object":               "dispute",
		"amount":               amount,
		"charge":               NewID("ch"),
		"created":              time.Now().Unix(),
		"currency":             strings.ToLower(currency),
		"is_charge_refundable": false,
		"livemode":             false,
		"metadata":             map[string]any{},
		"payment_intent":       paymentIntent,
		"reason":               "fraudulent",
		"status":               status,
	}
}

// PaymentMethod is a card attached to a Stripe customer (customerRef; ""
// for a detached card, whose customer is null).
func PaymentMethod(id, customerRef, brand, last4 string, expMonth, expYear int) map[string]any {
	var customer any
	if customerRef != "" {
		customer = customerRef
	}
	return map[string]any{
		"id":       id,
		"object":   "payment_method",
		"type":     "card",
		"created":  time.Now().Unix(),
		"customer": customer,
		"livemode": false,
		"metadata": map[string]any{},
		"card": map[string]any{
			"brand":     brand,
			"country":   "US",
			"exp_month": expMonth,
			"exp_year":  expYear,
			"funding":   "credit",
			"last4":     last4,
		},
		"billing_details": map[string]any{},
	}
}

// BalanceTransaction is a charge's balance transaction with Stripe's fee,
// for embedding as a charge's "balance_transaction".
func BalanceTransaction(id string, amount, fee int64, currency string) map[string]any {
	return map[string]any{
		"id":       id,
		"object":   "balance_transaction",
		"amount":   amount,
		"fee":      fee,
		"net":      amount - fee,
		"currency": strings.ToLower(currency),
		"status":   "pending",
		"type":     "charge",
		"created":  time.Now().Unix(),
	}
}

func meta(kv ...string) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}
