package stripetest_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	stripego "github.com/stripe/stripe-go/v79"
	"github.com/stripe/stripe-go/v79/webhook"

	"github.com/ezscale/hostbase/hooks/payments/stripe/stripetest"
)

func TestAPIVersionIsStripeGos(t *testing.T) {
	if stripetest.APIVersion != stripego.APIVersion {
		t.Fatalf("APIVersion %s, stripe-go speaks %s", stripetest.APIVersion, stripego.APIVersion)
	}
}

func TestSignedEventsVerify(t *testing.T) {
	body := stripetest.EventWithID(t, "evt_fixed", "charge.refunded",
		stripetest.ChargeWithRefunds("ch_1", "pi_1", 1000, "EUR", stripetest.Refund("re_1", "pi_1", "cn_1", 400, "EUR", "succeeded")))
	at := time.Now().Add(-time.Minute)
	h := stripetest.Sign(body, stripetest.WebhookSecret, at)
	e, err := webhook.ConstructEvent(body, h.Get("Stripe-Signature"), stripetest.WebhookSecret)
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != "evt_fixed" || e.Type != "charge.refunded" || e.Object != "event" || e.APIVersion != stripego.APIVersion {
		t.Errorf("event %s %s %s %s", e.ID, e.Type, e.Object, e.APIVersion)
	}
	if !strings.HasPrefix(h.Get("Stripe-Signature"), "t="+strconv.FormatInt(at.Unix(), 10)+",v1=") {
		t.Errorf("header %q not signed at %d", h.Get("Stripe-Signature"), at.Unix())
	}
	if _, err := webhook.ConstructEvent(body, h.Get("Stripe-Signature"), "whsec_other"); err == nil {
		t.Error("another secret verified the signature")
	}
	if got := e.GetObjectValue("refunds", "data", "0", "metadata", "hostbase_credit_note"); got != "cn_1" {
		t.Errorf("refund credit note %q", got)
	}
	if got := e.GetObjectValue("amount_refunded"); got != "400" {
		t.Errorf("amount_refunded %q, want 400", got)
	}
	if got := e.GetObjectValue("currency"); got != "eur" {
		t.Errorf("currency %q, want Stripe's lower case", got)
	}
}

func TestEventsGetFreshIDs(t *testing.T) {
	id := func() string {
		body, h := stripetest.SignedEvent(t, "payment_intent.succeeded", stripetest.PaymentIntent("pi_1", "inv1", "c1", 100, "USD"))
		e, err := webhook.ConstructEvent(body, h.Get("Stripe-Signature"), stripetest.WebhookSecret)
		if err != nil {
			t.Fatal(err)
		}
		return e.ID
	}
	a, b := id(), id()
	if a == b || !strings.HasPrefix(a, "evt_") {
		t.Errorf("ids %q %q, want two different evt_ ids", a, b)
	}
}
