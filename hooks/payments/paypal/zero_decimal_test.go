package paypal_test

import (
	"testing"

	"github.com/ezscale/hostbase/hooks/payments"
)

// Amounts are ISO 4217 minor units; PayPal's values have the decimals
// PayPal allows, which for HUF and TWD are none although ISO gives them two.
func TestAmountsRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		currency string
		minor    int64
		sent     string
		fee      int64
		refund   int64
		sentBack string
	}{
		// 3.49% of 1500 is 52, plus the fake's fixed 40
		{"JPY", 1500, "1500", 92, 500, "500"},
		// 1500.00 HUF goes as "1500" and comes back as 150000
		{"HUF", 150000, "1500", 9200, 50000, "500"},
		{"KWD", 12345, "12.345", 430 + 490, 1005, "1.005"},
		{"EUR", 5, "0.05", 5, 5, "0.05"},
	} {
		t.Run(tc.currency, func(t *testing.T) {
			gw, fake := newGateway(t)
			ev := paid(t, gw, paymentRequest(tc.minor, tc.currency, "pay:inv_7f3k2m9q1w5e8r4:1"))
			_, body := lastRequest(t, fake, "POST", "/v2/checkout/orders")
			if got := get(body, "purchase_units.0.amount.value"); got != tc.sent {
				t.Errorf("order amount %v, want %q", got, tc.sent)
			}
			if ev.Payment.Amount != tc.minor || ev.Payment.Currency != tc.currency || ev.Payment.Fee != tc.fee {
				t.Errorf("payment %+v, want %d %s fee %d", *ev.Payment, tc.minor, tc.currency, tc.fee)
			}
			rf, err := gw.Refund(ctx(t), payments.RefundRequest{PaymentRef: ev.Payment.Ref, Amount: tc.refund, Currency: tc.currency,
				CreditNote: "cn_1", IdempotencyKey: "refund:cn_1:txn_1"})
			if err != nil {
				t.Fatal(err)
			}
			_, body = lastRequest(t, fake, "POST", "/v2/payments/captures/"+ev.Payment.Ref+"/refund")
			if got := get(body, "amount.value"); got != tc.sentBack || rf.Amount != tc.refund {
				t.Errorf("refund sent %v and came back as %d, want %q and %d", got, rf.Amount, tc.sentBack, tc.refund)
			}
		})
	}
}
