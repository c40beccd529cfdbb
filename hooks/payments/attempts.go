package payments

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/money"
)

// newAttempt writes the next payment attempt of an invoice at a gateway,
// pending, inside tx. Its idempotency key (key, or one derived from the
// invoice and the attempt number) is and it is committed before the gateway is called, so
// that a retry after a crash reuses the key: at most one charge per
// attempt can exist.
func newAttempt(tx core.App, inv *collections.Invoice, gateway, method, key string, scheduled money.Date) (*collections.PaymentAttempt, error) {
	f := collections.PaymentAttemptFields
	var last int64
	if err := tx.DB().Select("coalesce(max(" + f.Attempt + "), 0)").From(collections.PaymentAttempts).
		Where(dbx.HashExp{f.Invoice: inv.Id, f.Gateway: gateway}).Row(&last); err != nil {
		return nil, err
	}
	a, err := collections.NewPaymentAttempt(tx)
	if err != nil {
		return nil, err
	}
	a.SetInvoiceID(inv.Id)
	a.SetCustomerID(inv.CustomerID())
	a.SetGateway(collections.PaymentAttemptGateway(gateway))
	a.SetAttempt(last + 1)
	if key == "" {
		key = fmt.Sprintf("pay:%s:%s:%d", inv.Id, gateway, last+1)
	}
	a.SetIdempotencyKey(key)
	a.SetAmount(inv.AmountDue())
	a.SetCurrency(inv.Currency())
	a.SetStatus(collections.PaymentAttemptStatusPending)
	a.SetPaymentMethodID(method)
	if !scheduled.IsZero() {
		t, _ := types.ParseDateTime(billing.StoredDate(scheduled))
		a.SetScheduledFor(t)
	}
	if err := tx.Save(a); err != nil {
		return nil, fmt.Errorf("record payment attempt: %w", err)
	}
	return a, nil
}

// attemptInvoice is the invoice of the attempt a gateway knows by ref.
func attemptInvoice(tx core.App, gateway, ref string) string {
	f := collections.PaymentAttemptFields
	var id string
	_ = tx.DB().Select(f.Invoice).From(collections.PaymentAttempts).Where(dbx.HashExp{f.Gateway: gateway, f.GatewayRef: ref}).Limit(1).Row(&id)
	return id
}

// settleAttempts marks the attempt that paid (by its ref) succeeded and,
// once the invoice is paid, closes its other open attempts at the gateway.
func settleAttempts(tx core.App, gateway, invoice, ref string, paid bool) error {
	f := collections.PaymentAttemptFields
	q := tx.DB().Select(f.ID).From(collections.PaymentAttempts).
		Where(dbx.HashExp{f.Invoice: invoice, f.Gateway: gateway}).
		AndWhere(dbx.In(f.Status, string(collections.PaymentAttemptStatusPending), string(collections.PaymentAttemptStatusRequiresAction)))
	if !paid {
		q = q.AndWhere(dbx.HashExp{f.GatewayRef: ref})
	}
	var ids []string
	if err := q.Column(&ids); err != nil {
		return err
	}
	for _, id := range ids {
		r, err := tx.FindRecordById(collections.PaymentAttempts, id)
		if err != nil {
			return err
		}
		a := collections.WrapPaymentAttempt(r)
		a.SetStatus(collections.PaymentAttemptStatusSucceeded)
		if a.GatewayRef() == "" {
			a.SetGatewayRef(ref)
		}
		if err := tx.Save(a); err != nil {
			return err
		}
	}
	return nil
}

// rememberStripeCustomer stores a customer's Stripe id the first time a
// payment tells it.
func rememberStripeCustomer(tx core.App, customerID, ref string) error {
	c, err := collections.FindCustomer(tx, customerID)
	if err != nil || c.StripeCustomerID() != "" {
		return err
	}
	c.SetStripeCustomerID(ref)
	return tx.Save(c)
}

// declineText is a decline as staff and the customer read it.
func declineText(code, message string) string {
	switch {
	case message != "" && code != "":
		return message + " (" + code + ")"
	case message != "":
		return message
	case code != "":
		return code
	}
	return "declined"
}

// billingToday is the billing day of now, in the company's timezone.
func billingToday(app core.App, now types.DateTime) (money.Date, error) {
	p, err := billing.LoadPolicy(app)
	if err != nil {
		return money.Date{}, err
	}
	return money.DateOf(now.Time(), p.Location), nil
}
