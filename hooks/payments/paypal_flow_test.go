package payments_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest/paypalfake"
	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/payments/paypal"
)

// TestPayPalCheckoutFromOrderToCapture walks a PayPal payment through the
// routes: the order, the buyer's approval at the fake PayPal, the return
// to /api/hb/paypal/return that captures, a reload of that page, and the
// capture's webhook, verified through PayPal's verify call: one payment.
func TestPayPalCheckoutFromOrderToCapture(t *testing.T) {
	w := newWorld(t)
	fake := paypalfake.Start(t)
	gw, err := paypal.New(paypal.Config{ClientID: paypalfake.ClientID, Secret: paypalfake.Secret, APIBase: fake.URL(), WebhookID: paypalfake.WebhookID, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	payments.UseGateway(w.app, gw)
	inv := w.invoice(t, w.alice, 1299, "2026-03-01")

	code, body := w.app.Do(t, "POST", "/api/hb/invoices/"+inv.Id+"/pay", w.aliceTok, map[string]any{"gateway": "paypal"})
	if code != 200 {
		t.Fatalf("pay with paypal: %d %s", code, body)
	}
	var res struct {
		Next struct{ Type, URL string } `json:"next"`
	}
	_ = json.Unmarshal(body, &res)
	approve, err := url.Parse(res.Next.URL)
	if err != nil || res.Next.Type != "redirect" {
		t.Fatalf("next %+v", res.Next)
	}
	order := approve.Query().Get("token")
	if err := fake.Approve(order); err != nil {
		t.Fatal(err)
	}

	// PayPal sends the buyer back; capturing twice (a reload) is one payment.
	for range 2 {
		req := httptest.NewRequest(http.MethodGet, "/api/hb/paypal/return?invoice="+inv.Id+"&token="+order+"&PayerID=BUYER1", nil)
		rec := httptest.NewRecorder()
		w.app.ServeHTTP(rec, req)
		if rec.Code != http.StatusSeeOther || !strings.HasSuffix(rec.Header().Get("Location"), "/client/invoices/"+inv.Id+"?payment=success") {
			t.Fatalf("return: %d %s", rec.Code, rec.Header().Get("Location"))
		}
	}
	got := w.inv(t, inv.Id)
	if got.Status() != collections.InvoiceStatusPaid || count(t, w.app, collections.Transactions, "gateway = 'paypal'") != 1 {
		t.Fatalf("invoice %s with %d paypal transactions", got.Status(), count(t, w.app, collections.Transactions, "gateway = 'paypal'"))
	}
	txn, _ := w.app.FindFirstRecordByFilter(collections.Transactions, "gateway = 'paypal'")
	if collections.WrapTransaction(txn).Fee() <= 0 {
		t.Fatal("PayPal's fee was not recorded")
	}

	// The capture's webhook, verified by PayPal: nothing more to do.
	capture := fake.CaptureResource(collections.WrapTransaction(txn).GatewayRef())
	wbody, header := fake.Event("PAYMENT.CAPTURE.COMPLETED", capture)
	if code, resp := w.postTo(t, "/api/hb/webhooks/paypal", wbody, header); code != 200 {
		t.Fatalf("capture webhook: %d %s", code, resp)
	}
	if n := count(t, w.app, collections.Transactions, ""); n != 1 {
		t.Fatalf("%d transactions after the webhook, want 1", n)
	}
	// A forged one is refused before anything is stored.
	forged := header.Clone()
	forged.Set(paypalfake.HeaderTransmissionSig, "forged")
	events := count(t, w.app, collections.GatewayEvents, "")
	if code, _ := w.postTo(t, "/api/hb/webhooks/paypal", wbody, forged); code != 400 || count(t, w.app, collections.GatewayEvents, "") != events {
		t.Fatalf("a forged PayPal webhook answered %d", code)
	}
	// Someone else's order id on the return page does nothing.
	req := httptest.NewRequest(http.MethodGet, "/api/hb/paypal/return?invoice=someoneelse0001&token="+order, nil)
	rec := httptest.NewRecorder()
	w.app.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotFound {
		t.Fatalf("a mismatched return: %d", rec.Code)
	}
}
