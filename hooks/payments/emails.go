package payments

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/notify"
)

// Template keys of the payments emails (emails/templates).
const (
	EmailPaymentFailed        = "payment_failed"
	EmailStaffDisputeOpened   = "staff_dispute_opened"
	EmailStaffRefundUnmatched = "staff_refund_unmatched"
)

// The emails go after the commit of what they tell, once each (a dedupe
// key of record ids), and only when mail is set up. A failure is logged in
// email_log and the app log; money never waits on mail.

// sendPaymentFailed tells the customer an off-session charge was declined.
func sendPaymentFailed(app core.App, attemptID string) {
	attempt, err := collections.FindPaymentAttempt(app, attemptID)
	if err != nil {
		return
	}
	inv, customer, data, ok := invoiceMail(app, attempt.InvoiceID())
	if !ok || inv.Status() != collections.InvoiceStatusUnpaid {
		return
	}
	data.Payment = notify.Payment{Amount: attempt.Amount(), Currency: attempt.Currency(), Method: methodLabel(app, attempt.PaymentMethodID()), Reference: attempt.Error()}
	logMail(app, notify.Send(app, notify.Message{Template: EmailPaymentFailed, To: customer.Email(), ToName: customer.Name(), Customer: customer.Id,
		Data: data, DedupeKey: EmailPaymentFailed + ":" + attempt.Id, RelatedCollection: collections.Invoices, RelatedID: inv.Id}))
}

// alertStaffDispute tells the company a payment is disputed.
func alertStaffDispute(app core.App, txnID string) {
	staffMail(app, EmailStaffDisputeOpened, txnID)
}

// alertStaffUnmatchedRefund asks the company for the credit note of a
// partial refund made in a gateway's dashboard.
func alertStaffUnmatchedRefund(app core.App, txnID string) {
	staffMail(app, EmailStaffRefundUnmatched, txnID)
}

func staffMail(app core.App, template, txnID string) {
	txn, err := collections.FindTransaction(app, txnID)
	if err != nil {
		return
	}
	_, _, data, ok := invoiceMail(app, txn.InvoiceID())
	if !ok || data.Company.Email == "" {
		return
	}
	data.Payment = notify.Payment{Amount: txn.Amount(), Currency: txn.Currency(), Method: gatewayLabel(string(txn.Gateway())), Reference: txn.GatewayRef()}
	logMail(app, notify.Send(app, notify.Message{Template: template, To: data.Company.Email, ToName: data.Company.Name,
		Data: data, DedupeKey: template + ":" + txn.Id, RelatedCollection: collections.Transactions, RelatedID: txn.Id}))
}

func invoiceMail(app core.App, invoiceID string) (*collections.Invoice, *collections.Customer, notify.Data, bool) {
	if !app.Settings().SMTP.Enabled {
		return nil, nil, notify.Data{}, false
	}
	inv, err := collections.FindInvoice(app, invoiceID)
	if err != nil {
		return nil, nil, notify.Data{}, false
	}
	customer, err := collections.FindCustomer(app, inv.CustomerID())
	if err != nil {
		return nil, nil, notify.Data{}, false
	}
	data, err := billing.InvoiceData(app, inv, customer)
	if err != nil {
		logMail(app, err)
		return nil, nil, notify.Data{}, false
	}
	return inv, customer, data, true
}

func logMail(app core.App, err error) {
	if err != nil {
		app.Logger().Warn("payments email", "error", err)
	}
}

// methodLabel is a saved method as its owner knows it: "Visa ending 4242".
func methodLabel(app core.App, methodID string) string {
	if methodID == "" {
		return ""
	}
	pm, err := collections.FindPaymentMethod(app, methodID)
	if err != nil || pm.Last4() == "" {
		return ""
	}
	brand := pm.Brand()
	if brand == "" {
		brand = "card"
	}
	return brand + " ending " + pm.Last4()
}

func gatewayLabel(name string) string {
	switch name {
	case Stripe:
		return "Stripe"
	case PayPal:
		return "PayPal"
	case Credit:
		return "account credit"
	}
	return "bank transfer"
}
