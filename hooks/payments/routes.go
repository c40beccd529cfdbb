package payments

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/request"
)

func registerRoutes(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/hb")
		g.POST("/webhooks/{gateway}", webhookRoute)
		g.GET("/gateways", gatewaysRoute)
		g.POST("/invoices/{id}/pay", payRoute).Bind(apis.RequireAuth(collections.Customers))
		g.GET("/paypal/return", paypalReturnRoute)
		g.POST("/invoices/{id}/payments", manualPaymentRoute)
		g.POST("/invoices/{id}/refund", refundRoute)
		g.POST("/credit-notes/{id}/refund", creditNoteRefundRoute)
		g.POST("/payment-methods/setup", setupMethodRoute).Bind(apis.RequireAuth(collections.Customers))
		g.POST("/payment-methods/{id}/default", defaultMethodRoute).Bind(apis.RequireAuth(collections.Customers))
		g.DELETE("/payment-methods/{id}", removeMethodRoute).Bind(apis.RequireAuth(collections.Customers, collections.Staff, core.CollectionNameSuperusers))
		return se.Next()
	})
}

// gatewaysRoute: GET /api/hb/gateways — the ways a customer can pay now.
func gatewaysRoute(e *core.RequestEvent) error {
	return e.JSON(http.StatusOK, map[string]any{"gateways": EnabledGateways(e.App)})
}

// payRoute: POST /api/hb/invoices/{id}/pay {"gateway": "stripe", "save_method": true}
// — the invoice's customer pays it; answers {"next": {...}} as the checkout does.
func payRoute(e *core.RequestEvent) error {
	var body struct {
		Gateway    string `json:"gateway"`
		SaveMethod bool   `json:"save_method"`
	}
	if err := request.ReadJSON(e, &body); err != nil {
		return err
	}
	inv, err := collections.FindInvoice(e.App, e.Request.PathValue("id"))
	if err != nil || inv.CustomerID() != e.Auth.Id || inv.Status() == collections.InvoiceStatusDraft {
		return e.NotFoundError("No such invoice.", nil)
	}
	next, err := PayInvoice(e.Request.Context(), e.App, inv.Id, PayOptions{Gateway: body.Gateway, SaveMethod: body.SaveMethod})
	var pe *PayError
	if errors.As(err, &pe) {
		return request.FieldError(e, pe.Field, pe.Code, pe.Message)
	}
	if err != nil {
		e.App.Logger().Error("payments: start payment", "invoice", inv.Id, "error", err)
		return e.Error(http.StatusBadGateway, "The payment provider could not be reached; try again in a minute.", nil)
	}
	return e.JSON(http.StatusOK, map[string]any{"invoice": inv.Id, "next": next})
}

// paypalReturnRoute: GET /api/hb/paypal/return?invoice=ID&token=ORDER — PayPal
// sends the buyer back here after approving; we capture the order and send
// them on to the invoice. The capture is idempotent, and so is recording
// it: a reload or the capture webhook changes nothing more.
func paypalReturnRoute(e *core.RequestEvent) error {
	invoice := e.Request.URL.Query().Get("invoice")
	order := e.Request.URL.Query().Get("token")
	page := siteURL(e.App) + "/client/invoices/" + invoice
	gw, ok := GatewayFor(e.App, PayPal).(Capturer)
	if !ok || order == "" || invoice == "" || attemptInvoice(e.App, PayPal, order) != invoice {
		return e.NotFoundError("No such PayPal payment.", nil)
	}
	ev, err := gw.Capture(e.Request.Context(), order)
	if err != nil {
		e.App.Logger().Error("payments: paypal capture", "order", order, "error", err)
		return e.Redirect(http.StatusSeeOther, page+"?payment=error")
	}
	if _, err := Ingest(e.Request.Context(), e.App, ev); err != nil {
		return err
	}
	switch ev.Kind {
	case EventPaymentSucceeded:
	case EventPaymentFailed:
		return e.Redirect(http.StatusSeeOther, page+"?payment=failed")
	default: // held for review at PayPal: its webhook settles it
		return e.Redirect(http.StatusSeeOther, page+"?payment=processing")
	}
	return e.Redirect(http.StatusSeeOther, page+"?payment=success")
}

// manualPaymentRoute: POST /api/hb/invoices/{id}/payments
// {"amount": 5000, "reference": "bank ref 123", "note": "..."} — billing staff
// record a bank transfer; part payments are fine, overpayment goes to credit.
func manualPaymentRoute(e *core.RequestEvent) error {
	if !request.IsBillingStaff(e) {
		return e.ForbiddenError("Only billing staff may record payments.", nil)
	}
	var body struct {
		Amount    json.RawMessage `json:"amount"`
		Reference string          `json:"reference"`
		Note      string          `json:"note"`
	}
	if err := request.ReadJSON(e, &body); err != nil {
		return err
	}
	amount, err := request.MinorUnits(e, "amount", body.Amount)
	if err != nil {
		return err
	}
	if amount <= 0 {
		return request.FieldError(e, "amount", "validation_out_of_range", "A payment is a positive amount of minor units.")
	}
	ref := strings.TrimSpace(body.Reference)
	if ref == "" || len(ref) > 200 {
		return request.FieldError(e, "reference", "validation_required", "Give the transfer's reference (up to 200 characters): it keeps a payment from being recorded twice.")
	}
	inv, err := collections.FindInvoice(e.App, e.Request.PathValue("id"))
	if err != nil || inv.Kind() != collections.InvoiceKindInvoice || inv.Status() == collections.InvoiceStatusDraft {
		return e.NotFoundError("No such invoice.", nil)
	}
	var out PaymentOutcome
	err = e.App.RunInTransaction(func(tx core.App) error {
		var err error
		out, err = RecordPayment(tx, Payment{Gateway: Manual, Ref: ref, Invoice: inv.Id, Amount: amount, Currency: inv.Currency(),
			Staff: staffID(e), Note: strings.TrimSpace(body.Note), Now: types.NowDateTime()})
		return err
	})
	if err != nil {
		return err
	}
	if out.Duplicate {
		return request.FieldError(e, "reference", "validation_duplicate", "A payment with this reference is recorded already.")
	}
	inv, err = collections.FindInvoice(e.App, inv.Id)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"transaction": out.Transaction, "applied": out.Applied, "to_credit": out.ToCredit,
		"status": inv.Status(), "amount_due": inv.AmountDue()})
}

// refundRoute: POST /api/hb/invoices/{id}/refund
// {"to": "gateway" | "credit", "lines": [{"item": ID, "amount": 500}], "reason": "..."}
// — billing staff refund a paid invoice in part or whole: a credit note,
// and the money back through the gateways it came from or to credit.
func refundRoute(e *core.RequestEvent) error {
	if !request.IsBillingStaff(e) {
		return e.ForbiddenError("Only billing staff may refund.", nil)
	}
	var body struct {
		To    string `json:"to"`
		Lines []struct {
			Item   string          `json:"item"`
			Amount json.RawMessage `json:"amount"`
		} `json:"lines"`
		Reason string `json:"reason"`
	}
	if err := request.ReadJSON(e, &body); err != nil {
		return err
	}
	if body.To != billing.RefundToGateway && body.To != billing.RefundToCredit {
		return request.FieldError(e, "to", "validation_invalid", `Refund to "gateway" (the card or PayPal it came from) or "credit" (account credit).`)
	}
	inv, err := collections.FindInvoice(e.App, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("No such invoice.", nil)
	}
	today := billingDay(e.App)
	req := billing.CreditNoteRequest{Invoice: inv.Id, Reason: strings.TrimSpace(body.Reason), RefundTo: body.To, Staff: staffID(e), Today: today, Now: types.NowDateTime()}
	for i, l := range body.Lines {
		amount, err := request.MinorUnits(e, fmt.Sprintf("lines.%d.amount", i), l.Amount)
		if err != nil {
			return err
		}
		req.Lines = append(req.Lines, billing.CreditNoteLine{Item: l.Item, Amount: amount})
	}
	var cn *collections.Invoice
	err = e.App.RunInTransaction(func(tx core.App) error {
		var err error
		if cn, err = billing.IssueCreditNote(tx, req); err != nil {
			return err
		}
		if body.To == billing.RefundToGateway {
			// Refused here, the credit note is rolled back with it.
			_, err = planRefunds(tx, cn.Id, req.Now)
		}
		return err
	})
	var ce *billing.CreditNoteError
	if errors.As(err, &ce) {
		return request.FieldError(e, ce.Field, ce.Code, ce.Message)
	}
	if errors.Is(err, ErrNotRefundable) {
		return request.FieldError(e, "to", "validation_not_refundable", err.Error())
	}
	if err != nil {
		return err
	}
	if body.To == billing.RefundToGateway {
		if err := RefundCreditNote(e.Request.Context(), e.App, cn.Id, today); err != nil {
			e.App.Logger().Error("payments: refund", "credit_note", cn.Id, "error", err)
			return e.JSON(http.StatusAccepted, map[string]any{"credit_note": cn.Id, "number": cn.Number(), "status": "pending",
				"message": "The credit note is issued; the gateway has not confirmed the refund yet (" + err.Error() + "). Retry with POST /api/hb/credit-notes/" + cn.Id + "/refund."})
		}
	}
	return creditNoteJSON(e, cn.Id)
}

// creditNoteRefundRoute: POST /api/hb/credit-notes/{id}/refund — resumes the
// gateway refund of an open credit note (after a gateway outage or a crash).
func creditNoteRefundRoute(e *core.RequestEvent) error {
	if !request.IsBillingStaff(e) {
		return e.ForbiddenError("Only billing staff may refund.", nil)
	}
	id := e.Request.PathValue("id")
	if cn, err := collections.FindInvoice(e.App, id); err != nil || cn.Kind() != collections.InvoiceKindCreditNote {
		return e.NotFoundError("No such credit note.", nil)
	}
	err := RefundCreditNote(e.Request.Context(), e.App, id, billingDay(e.App))
	if errors.Is(err, ErrNotRefundable) {
		return request.FieldError(e, "credit_note", "validation_not_refundable", err.Error())
	}
	if err != nil {
		return e.Error(http.StatusBadGateway, "The gateway did not confirm the refund: "+err.Error(), nil)
	}
	return creditNoteJSON(e, id)
}

func creditNoteJSON(e *core.RequestEvent, id string) error {
	cn, err := collections.FindInvoice(e.App, id)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"credit_note": cn.Id, "number": cn.Number(), "total": cn.Total(), "status": cn.Status(), "amount_due": cn.AmountDue()})
}

// setupMethodRoute: POST /api/hb/payment-methods/setup — a hosted page
// (Stripe Checkout in setup mode) where the customer saves a card; the
// webhook records it. Card data never touches our server.
func setupMethodRoute(e *core.RequestEvent) error {
	saver, ok := GatewayFor(e.App, Stripe).(MethodSaver)
	if !ok || !GatewayEnabled(e.App, Stripe) {
		return request.FieldError(e, "gateway", "validation_unavailable", "Saving a card is not available in this shop.")
	}
	customer, err := collections.FindCustomer(e.App, e.Auth.Id)
	if err != nil {
		return err
	}
	page := siteURL(e.App) + "/client/payment-methods"
	redirect, err := saver.StartSaveMethod(e.Request.Context(), SaveMethodRequest{
		Customer:   Customer{ID: customer.Id, Email: customer.Email(), Name: customer.Name(), GatewayRef: customer.StripeCustomerID()},
		SuccessURL: page + "?saved=1", CancelURL: page,
	})
	if err != nil {
		e.App.Logger().Error("payments: save method", "customer", customer.Id, "error", err)
		return e.Error(http.StatusBadGateway, "The payment provider could not be reached; try again in a minute.", nil)
	}
	if redirect.CustomerRef != "" {
		if err := e.App.RunInTransaction(func(tx core.App) error { return rememberStripeCustomer(tx, customer.Id, redirect.CustomerRef) }); err != nil {
			return err
		}
	}
	return e.JSON(http.StatusOK, map[string]any{"next": Next{Type: "redirect", URL: redirect.URL}})
}

// defaultMethodRoute: POST /api/hb/payment-methods/{id}/default.
func defaultMethodRoute(e *core.RequestEvent) error {
	pm, err := collections.FindPaymentMethod(e.App, e.Request.PathValue("id"))
	if err != nil || pm.CustomerID() != e.Auth.Id || !pm.RemovedAt().IsZero() {
		return e.NotFoundError("No such payment method.", nil)
	}
	if err := e.App.RunInTransaction(func(tx core.App) error { return MakeDefault(tx, pm.Id) }); err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"payment_method": pm.Id, "is_default": true})
}

// removeMethodRoute: DELETE /api/hb/payment-methods/{id} — the customer (or
// billing staff) removes a saved card: detached at the gateway, kept here
// as removed (past attempts name it), never charged again.
func removeMethodRoute(e *core.RequestEvent) error {
	pm, err := collections.FindPaymentMethod(e.App, e.Request.PathValue("id"))
	owner := err == nil && e.Auth.Collection().Name == collections.Customers && pm.CustomerID() == e.Auth.Id
	if err != nil || !(owner || request.IsBillingStaff(e)) || !pm.RemovedAt().IsZero() {
		return e.NotFoundError("No such payment method.", nil)
	}
	if saver, ok := GatewayFor(e.App, string(pm.Gateway())).(MethodSaver); ok {
		if err := saver.RemoveMethod(e.Request.Context(), pm.GatewayRef()); err != nil {
			e.App.Logger().Error("payments: remove method", "method", pm.Id, "error", err)
			return e.Error(http.StatusBadGateway, "The payment provider could not be reached; try again in a minute.", nil)
		}
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		return RemoveMethod(tx, string(pm.Gateway()), pm.GatewayRef(), types.NowDateTime())
	})
	if err != nil {
		return err
	}
	return e.NoContent(http.StatusNoContent)
}

func staffID(e *core.RequestEvent) string {
	if e.Auth != nil && e.Auth.Collection().Name == collections.Staff {
		return e.Auth.Id
	}
	return ""
}
