package paypal_test

import (
	"errors"
	"testing"

	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/payments/paypal"
)

func refundRequest(captureID string, amount int64, key string) payments.RefundRequest {
	return payments.RefundRequest{
		PaymentRef:     captureID,
		Amount:         amount,
		Currency:       "USD",
		CreditNote:     "cn_9x8y7z",
		Reason:         "Downgraded VPS Large to Small",
		IdempotencyKey: key,
	}
}

func TestRefundPartialThenFullThenTooMuch(t *testing.T) {
	gw, fake := newGateway(t)
	capture := paid(t, gw, paymentRequest(1234, "USD", "pay:inv_7f3k2m9q1w5e8r4:1")).Payment.Ref

	part, err := gw.Refund(ctx(t), refundRequest(capture, 500, "refund:cn_1:txn_1"))
	if err != nil {
		t.Fatal(err)
	}
	if part.Ref == "" || part.Amount != 500 || part.Pending || part.Failed {
		t.Fatalf("partial refund %+v", part)
	}
	sent, body := lastRequest(t, fake, "POST", "/v2/payments/captures/"+capture+"/refund")
	if sent.Header.Get("PayPal-Request-Id") != "refund:cn_1:txn_1" || get(body, "custom_id") != "cn_9x8y7z" ||
		get(body, "amount.value") != "5.00" || get(body, "amount.currency_code") != "USD" ||
		get(body, "note_to_payer") != "Downgraded VPS Large to Small" {
		t.Errorf("refund request %v %s", sent.Header, sent.Body)
	}

	again, err := gw.Refund(ctx(t), refundRequest(capture, 500, "refund:cn_1:txn_1"))
	if err != nil || again.Ref != part.Ref {
		t.Fatalf("retry with the same key: %+v, %v; want refund %s again", again, err, part.Ref)
	}

	_, err = gw.Refund(ctx(t), refundRequest(capture, 735, "refund:cn_2:txn_1"))
	var ae *paypal.APIError
	if !errors.As(err, &ae) || ae.Status != 422 || ae.Issue != "REFUND_AMOUNT_EXCEEDED" {
		t.Fatalf("refund of more than is left: %v, want 422 REFUND_AMOUNT_EXCEEDED", err)
	}

	rest, err := gw.Refund(ctx(t), refundRequest(capture, 734, "refund:cn_2:txn_1"))
	if err != nil || rest.Amount != 734 || rest.Ref == part.Ref {
		t.Fatalf("refund of the rest: %+v, %v", rest, err)
	}
	if got := fake.CaptureResource(capture)["status"]; got != "REFUNDED" {
		t.Errorf("capture status %v, want REFUNDED", got)
	}

	_, err = gw.Refund(ctx(t), refundRequest(capture, 1, "refund:cn_3:txn_1"))
	if !errors.As(err, &ae) || ae.Status != 422 {
		t.Fatalf("refund of a fully refunded capture: %v, want a 422", err)
	}
}

func TestRefundStatuses(t *testing.T) {
	gw, fake := newGateway(t)
	capture := paid(t, gw, paymentRequest(10000, "USD", "pay:inv_7f3k2m9q1w5e8r4:1")).Payment.Ref

	fake.NextRefundStatus("PENDING")
	pending, err := gw.Refund(ctx(t), refundRequest(capture, 1000, "refund:cn_1:txn_1"))
	if err != nil || !pending.Pending || pending.Failed || pending.Message != "ECHECK" {
		t.Fatalf("pending refund %+v, %v", pending, err)
	}
	fake.NextRefundStatus("FAILED")
	failed, err := gw.Refund(ctx(t), refundRequest(capture, 1000, "refund:cn_2:txn_1"))
	if err != nil || !failed.Failed || failed.Pending || failed.Message == "" {
		t.Fatalf("failed refund %+v, %v", failed, err)
	}
}

func TestRefundUnknownCapture(t *testing.T) {
	gw, _ := newGateway(t)
	_, err := gw.Refund(ctx(t), refundRequest("3C679366HH908993F", 100, "refund:cn_1:txn_1"))
	var ae *paypal.APIError
	if !errors.As(err, &ae) || ae.Status != 404 || ae.Name != "RESOURCE_NOT_FOUND" || ae.DebugID == "" {
		t.Fatalf("refund of an unknown capture: %v, want PayPal's 404 RESOURCE_NOT_FOUND with its debug_id", err)
	}
}

func TestRefundRefusesBadRequests(t *testing.T) {
	gw, fake := newGateway(t)
	for name, req := range map[string]payments.RefundRequest{
		"no capture": refundRequest("", 100, "k"),
		"no amount":  refundRequest("CAP", 0, "k"),
		"no key":     refundRequest("CAP", 100, ""),
	} {
		if _, err := gw.Refund(ctx(t), req); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if n := count(fake, "POST", "/v2/payments/captures/"); n != 0 {
		t.Errorf("%d refunds sent", n)
	}
}
