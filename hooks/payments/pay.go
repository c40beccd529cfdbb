package payments

import (
	"context"
	"fmt"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/notify"
)

// Next is where a customer goes after asking to pay: the stable contract
// of the checkout and pay routes.
type Next struct {
	Type string `json:"type"` // redirect | paid | instructions
	URL  string `json:"url,omitempty"`
	Text string `json:"text,omitempty"`
}

// PayError is a payment the route refuses; Field names the field at fault.
type PayError struct{ Field, Code, Message string }

func (e *PayError) Error() string { return e.Field + ": " + e.Message }

// PayOptions are a customer's choices when paying.
type PayOptions struct {
	Gateway    string
	SaveMethod bool
}

// PayInvoice starts paying an unpaid invoice with a gateway and says where
// the customer goes next: to the gateway's page (an attempt is recorded
// first, with its idempotency key), nowhere (account credit paid it), or
// to the bank transfer instructions. The checkout calls it for an order's
// first invoice.
func PayInvoice(ctx context.Context, app core.App, invoiceID string, opts PayOptions) (Next, error) {
	inv, err := collections.FindInvoice(app, invoiceID)
	if err != nil || inv.Kind() != collections.InvoiceKindInvoice {
		return Next{}, &PayError{"invoice", "validation_not_found", "No such invoice."}
	}
	if inv.Status() != collections.InvoiceStatusUnpaid || inv.AmountDue() <= 0 {
		return Next{}, &PayError{"invoice", "validation_not_payable", fmt.Sprintf("Invoice %s is %s: nothing to pay.", inv.Number(), inv.Status())}
	}
	if !GatewayEnabled(app, opts.Gateway) {
		return Next{}, &PayError{"gateway", "validation_unavailable", fmt.Sprintf("%q is not a payment method this shop takes; choose one of %s.", opts.Gateway, strings.Join(EnabledGateways(app), ", "))}
	}
	switch opts.Gateway {
	case Credit:
		return payWithCredit(app, inv)
	case Manual:
		return Next{Type: "instructions", Text: transferInstructions(app, inv)}, nil
	}
	gw := GatewayFor(app, opts.Gateway)
	customer, err := collections.FindCustomer(app, inv.CustomerID())
	if err != nil {
		return Next{}, err
	}
	var attempt *collections.PaymentAttempt
	if err := app.RunInTransaction(func(tx core.App) error {
		var err error
		attempt, err = newAttempt(tx, inv, opts.Gateway, "", "", billingDay(tx))
		return err
	}); err != nil {
		return Next{}, err
	}
	urls := returnURLs(app, inv.Id, opts.Gateway)
	redirect, err := gw.StartPayment(ctx, PaymentRequest{
		Invoice: inv.Id, InvoiceNumber: inv.Number(),
		Customer: Customer{ID: customer.Id, Email: customer.Email(), Name: customer.Name(), GatewayRef: customer.StripeCustomerID()},
		Amount:   inv.AmountDue(), Currency: inv.Currency(), Description: "Invoice " + inv.Number(),
		SuccessURL: urls.success, CancelURL: urls.cancel, SaveMethod: opts.SaveMethod,
		IdempotencyKey: attempt.IdempotencyKey(),
	})
	if err != nil {
		failAttempt(app, attempt.Id, err.Error())
		return Next{}, fmt.Errorf("%s: %w", gatewayLabel(opts.Gateway), err)
	}
	err = app.RunInTransaction(func(tx core.App) error {
		a, err := collections.FindPaymentAttempt(tx, attempt.Id)
		if err != nil {
			return err
		}
		a.SetGatewayRef(redirect.Ref)
		if err := tx.Save(a); err != nil {
			return err
		}
		if redirect.CustomerRef != "" && opts.Gateway == Stripe {
			return rememberStripeCustomer(tx, customer.Id, redirect.CustomerRef)
		}
		return nil
	})
	if err != nil {
		return Next{}, err
	}
	return Next{Type: "redirect", URL: redirect.URL}, nil
}

// payWithCredit pays what the customer's credit covers.
func payWithCredit(app core.App, inv *collections.Invoice) (Next, error) {
	var applied int64
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		applied, err = billing.ApplyCredit(tx, inv.Id, billingDay(tx))
		return err
	})
	if err != nil {
		return Next{}, err
	}
	if applied == 0 {
		return Next{}, &PayError{"gateway", "validation_no_credit", "There is no account credit in " + inv.Currency() + " to pay with."}
	}
	inv, err = collections.FindInvoice(app, inv.Id)
	if err != nil {
		return Next{}, err
	}
	if inv.Status() == collections.InvoiceStatusPaid {
		return Next{Type: "paid"}, nil
	}
	return Next{Type: "instructions", Text: fmt.Sprintf("%s of account credit was applied; %s is left to pay on invoice %s.",
		minorString(applied, inv.Currency()), minorString(inv.AmountDue(), inv.Currency()), inv.Number())}, nil
}

// transferInstructions are the company's bank details with what to quote.
func transferInstructions(app core.App, inv *collections.Invoice) string {
	text := ""
	if rec, err := app.FindFirstRecordByFilter(collections.Settings, "id != ''"); err == nil {
		text = strings.TrimSpace(collections.WrapCompanySettings(rec).BankTransferInstructions())
	}
	if text == "" {
		text = "Pay by bank transfer to the account on the invoice."
	}
	return fmt.Sprintf("%s\n\nAmount: %s\nReference: %s", text, minorString(inv.AmountDue(), inv.Currency()), inv.Number())
}

func failAttempt(app core.App, attemptID, message string) {
	_ = app.RunInTransaction(func(tx core.App) error {
		a, err := collections.FindPaymentAttempt(tx, attemptID)
		if err != nil {
			return err
		}
		a.SetStatus(collections.PaymentAttemptStatusFailed)
		a.SetError(truncate(message, 2000))
		return tx.Save(a)
	})
}

type returnPair struct{ success, cancel string }

// returnURLs are where a gateway sends the customer back: the invoice in
// the client area, or for PayPal our capture route first.
func returnURLs(app core.App, invoiceID, gateway string) returnPair {
	base := siteURL(app)
	page := base + "/client/invoices/" + invoiceID
	if gateway == PayPal {
		return returnPair{success: base + "/api/hb/paypal/return?invoice=" + invoiceID, cancel: page + "?payment=cancelled"}
	}
	return returnPair{success: page + "?payment=success", cancel: page + "?payment=cancelled"}
}

// siteURL is the storefront's address: settings.storefront_url, else the
// app's URL.
func siteURL(app core.App) string {
	if c, err := notify.LoadCompany(app); err == nil && c.URL != "" {
		return strings.TrimRight(c.URL, "/")
	}
	return strings.TrimRight(app.Settings().Meta.AppURL, "/")
}

// billingDay is today in the company's timezone.
func billingDay(app core.App) (d money.Date) {
	d, _ = billingToday(app, types.NowDateTime())
	return d
}
