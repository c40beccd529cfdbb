package payments_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/payments/stripe/stripetest"
)

// Saving a card goes through Stripe Checkout in setup mode: the customer
// gets a Stripe customer and a hosted page, and the completed session's
// webhook stores the card. No card data passes through Hostbase.
func TestSavingACardThroughCheckoutInSetupMode(t *testing.T) {
	w := newWorld(t)
	if code, _ := w.app.Do(t, "POST", "/api/hb/payment-methods/setup", "", nil); code != 401 {
		t.Fatalf("a visitor asked to save a card: %d", code)
	}
	code, body := w.app.Do(t, "POST", "/api/hb/payment-methods/setup", w.aliceTok, nil)
	var res struct {
		Next struct{ Type, URL string } `json:"next"`
	}
	if code != 200 || json.Unmarshal(body, &res) != nil || res.Next.Type != "redirect" || !strings.HasPrefix(res.Next.URL, "http") {
		t.Fatalf("setup: %d %s", code, body)
	}
	alice, _ := collections.FindCustomer(w.app, w.alice)
	if alice.StripeCustomerID() == "" {
		t.Fatal("no Stripe customer remembered for alice")
	}
	w.deliverOK(t, "checkout.session.completed", stripetest.SetupCheckoutSession(stripetest.NewID("cs"), w.alice, alice.StripeCustomerID(), stripetest.NewID("seti")))
	if n := count(t, w.app, collections.PaymentMethods, "customer = {:c} AND is_default = 1 AND removed_at = ''", map[string]any{"c": w.alice}); n != 1 {
		t.Fatalf("%d default cards saved for alice, want 1", n)
	}
	if n := count(t, w.app, collections.PaymentMethods, "customer != {:c}", map[string]any{"c": w.alice}); n != 0 {
		t.Fatalf("%d cards saved for someone else", n)
	}
}
