package payments

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/dunning"
	"github.com/ezscale/hostbase/hooks/money"
)

// autoChargeStep is the billing run's auto-charge: every unpaid invoice
// whose customer has a default saved card is charged off-session on the
// dunning policy's retry days (due day, +3, +5 by default). Each retry day
// is one attempt with its own idempotency key ("charge:<invoice>:<n>"),
// committed before the gateway is called; a run repeated, or resumed after
// a crash, charges that attempt at most once. A run after skipped days
// makes the latest missed attempt, once.
func autoChargeStep(ctx context.Context, app core.App, day billing.RunDay) error {
	base, err := dunning.LoadPolicy(app)
	if err != nil {
		return err
	}
	maxRetry := 0
	for _, d := range base.RetryDays {
		maxRetry = max(maxRetry, d)
	}
	inv := collections.InvoiceFields
	pm := collections.PaymentMethodFields
	var due []struct {
		ID     string `db:"id"`
		Method string `db:"method"`
	}
	// Invoices due today or in the last retry window (a product's override
	// may retry later: 60 days bounds it).
	err = app.DB().NewQuery("SELECT i.id AS id, m.id AS method FROM {{" + collections.Invoices + "}} i JOIN {{" + collections.PaymentMethods + "}} m ON m." + pm.Customer + " = i." + inv.Customer +
		" AND m." + pm.IsDefault + " = 1 AND m." + pm.RemovedAt + " = '' AND m." + pm.Gateway + " = 'stripe'" +
		" WHERE i." + inv.Kind + " = 'invoice' AND i." + inv.Status + " = 'unpaid' AND i." + inv.AmountDue + " > 0" +
		" AND i." + inv.DueAt + " <= {:to} AND i." + inv.DueAt + " >= {:from} ORDER BY i." + inv.DueAt + ", i.id").
		Bind(dbx.Params{"to": billing.StoredDate(day.AsOf), "from": billing.StoredDate(day.AsOf.AddDays(-max(maxRetry, 60)))}).All(&due)
	if err != nil {
		return fmt.Errorf("find invoices to charge: %w", err)
	}
	gw := GatewayFor(app, Stripe)
	if gw == nil || len(due) == 0 {
		return nil
	}
	for _, d := range due {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		outcome, err := autoCharge(ctx, app, gw, base, d.ID, d.Method, day)
		if err != nil {
			day.Report.Problem("auto-charge invoice %s: %v", d.ID, err)
			continue
		}
		if outcome != "" {
			day.Report.Count(outcome, 1)
		}
	}
	return nil
}

// autoCharge makes the attempt due today for one invoice, if any, and
// returns what came of it ("charges_succeeded", "charges_declined", …).
func autoCharge(ctx context.Context, app core.App, gw Gateway, base dunning.Policy, invoiceID, methodID string, day billing.RunDay) (string, error) {
	// Exempt from dunning is spared reminders and suspension, not the
	// charge of a card its owner saved to pay with.
	policy, _, err := dunning.ForInvoice(app, base, invoiceID)
	if err != nil {
		return "", err
	}
	inv, err := collections.FindInvoice(app, invoiceID)
	if err != nil {
		return "", err
	}
	slot := latestRetry(policy.RetryDays, billing.DayOf(inv.DueAt().String()), day.AsOf)
	if slot == 0 {
		return "", nil
	}
	key := fmt.Sprintf("charge:%s:%d", inv.Id, slot)

	var attempt *collections.PaymentAttempt
	err = app.RunInTransaction(func(tx core.App) error {
		inv, err := collections.FindInvoice(tx, invoiceID)
		if err != nil || inv.Status() != collections.InvoiceStatusUnpaid || inv.AmountDue() <= 0 {
			return err
		}
		rec, err := tx.FindFirstRecordByData(collections.PaymentAttempts, collections.PaymentAttemptFields.IdempotencyKey, key)
		switch {
		case err == nil:
			if a := collections.WrapPaymentAttempt(rec); a.Status() == collections.PaymentAttemptStatusPending {
				attempt = a // a crash left it unanswered: ask again with its key
			}
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		attempt, err = newAttempt(tx, inv, Stripe, methodID, key, day.AsOf)
		return err
	})
	if err != nil || attempt == nil {
		return "", err
	}
	customer, err := collections.FindCustomer(app, inv.CustomerID())
	if err != nil {
		return "", err
	}
	method, err := collections.FindPaymentMethod(app, attempt.PaymentMethodID())
	if err != nil {
		return "", err
	}
	res, err := gw.ChargeSaved(ctx, ChargeRequest{
		Invoice: inv.Id, InvoiceNumber: inv.Number(),
		Customer:  Customer{ID: customer.Id, Email: customer.Email(), Name: customer.Name(), GatewayRef: customer.StripeCustomerID()},
		MethodRef: method.GatewayRef(), Amount: attempt.Amount(), Currency: attempt.Currency(), IdempotencyKey: attempt.IdempotencyKey(),
	})
	if err != nil {
		return "", err // the attempt stays pending; the next run asks again with its key
	}
	outcome := "charges_pending"
	err = app.RunInTransaction(func(tx core.App) error {
		a, err := collections.FindPaymentAttempt(tx, attempt.Id)
		if err != nil {
			return err
		}
		if res.Ref != "" {
			a.SetGatewayRef(res.Ref)
		}
		switch {
		case res.Succeeded:
			outcome = "charges_succeeded"
			a.SetStatus(collections.PaymentAttemptStatusSucceeded)
			if err := tx.Save(a); err != nil {
				return err
			}
			amount := res.Amount
			if amount <= 0 {
				amount = attempt.Amount()
			}
			_, err = RecordPayment(tx, Payment{Gateway: Stripe, Ref: res.Ref, Invoice: inv.Id, Customer: inv.CustomerID(),
				Amount: amount, Currency: attempt.Currency(), Fee: res.Fee, Now: day.Now})
			return err
		case res.Declined:
			outcome = "charges_declined"
			a.SetStatus(collections.PaymentAttemptStatusFailed)
			a.SetError(truncate(declineText(res.DeclineCode, res.Message), 2000))
		case res.RequiresAction:
			outcome = "charges_requiring_action"
			a.SetStatus(collections.PaymentAttemptStatusRequiresAction)
		}
		return tx.Save(a)
	})
	if err != nil {
		return "", err
	}
	if outcome == "charges_declined" || outcome == "charges_requiring_action" {
		sendPaymentFailed(app, attempt.Id)
	}
	return outcome, nil
}

// latestRetry is the number (from 1) of the latest retry day on or before
// asOf, or 0 before the first.
func latestRetry(retryDays []int, dueOn, asOf money.Date) int {
	slot := 0
	for i, d := range retryDays {
		if !dueOn.AddDays(d).After(asOf) {
			slot = i + 1
		}
	}
	return slot
}
