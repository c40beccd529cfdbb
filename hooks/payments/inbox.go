package payments

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// Inbox statuses of gateway_events.
const (
	StatusProcessed = "processed"
	StatusIgnored   = "ignored"
	StatusFailed    = "failed"
)

// IngestResult is what became of one delivered event.
type IngestResult struct {
	// Status is the event's status in the inbox after this delivery.
	Status string
	// Duplicate: the event was handled before; this delivery changed nothing.
	Duplicate bool
	// Retry: a failure that may mend itself (an event that arrived before
	// the one it depends on, a database error); the route answers 5xx so
	// that the gateway delivers it again.
	Retry bool
	// Note says why an event was ignored or failed.
	Note string
}

// permanent are refusals no redelivery mends: the event is kept as ignored,
// with the reason, and money is untouched.
var permanent = []error{ErrUnknownInvoice, ErrCurrencyMismatch, ErrWrongCustomer, ErrUnknownCustomer, ErrRefundExceeds}

// Ingest stores a verified event in the inbox and processes it, once.
//
// The inbox row and the event's effects are written in one transaction,
// keyed by (gateway, event id): a duplicate delivery, concurrent or late,
// finds the row processed and changes nothing, and a crash leaves neither,
// so the gateway's redelivery starts afresh. A failed event is kept with
// its error (in a second transaction, once the first rolled back) and is
// processed again when delivered again.
func Ingest(ctx context.Context, app core.App, ev *Event) (IngestResult, error) {
	if ev == nil || ev.Gateway == "" || ev.ID == "" {
		return IngestResult{}, fmt.Errorf("%w: an event without gateway or id", ErrBadWebhook)
	}
	now := types.NowDateTime()
	// A redelivery of a handled event is answered from a read, without
	// taking the write lock; the transaction below checks again.
	if status := handledStatus(app, ev); status != "" {
		return IngestResult{Status: status, Duplicate: true}, nil
	}
	res, after, err := batcherOf(app).apply(ctx, ev, now)
	if err == nil {
		for _, fn := range after {
			fn(app)
		}
		return res, nil
	}

	// The effects rolled back; keep the event and why.
	status, retry := StatusFailed, true
	for _, p := range permanent {
		if errors.Is(err, p) {
			status, retry = StatusIgnored, false
		}
	}
	keepErr := app.RunInTransaction(func(tx core.App) error {
		rec, err2 := inboxRow(tx, ev)
		if err2 != nil {
			return err2
		}
		if rec.Status() == collections.GatewayEventStatusProcessed || rec.Status() == collections.GatewayEventStatusIgnored {
			return nil // a concurrent delivery got through meanwhile
		}
		rec.SetStatus(collections.GatewayEventStatus(status))
		rec.SetError(truncate(err.Error(), 5000))
		rec.SetAttempts(rec.Attempts() + 1)
		return tx.Save(rec)
	})
	if keepErr != nil {
		app.Logger().Error("payments: could not keep a failed event", "gateway", ev.Gateway, "event", ev.ID, "error", keepErr)
	}
	app.Logger().Warn("payments: event not applied", "gateway", ev.Gateway, "event", ev.ID, "type", ev.Type, "status", status, "error", err)
	return IngestResult{Status: status, Retry: retry, Note: err.Error()}, nil
}

// handledStatus is the inbox status of an event processed or ignored
// before, or "".
func handledStatus(app core.App, ev *Event) string {
	f := collections.GatewayEventFields
	var status string
	_ = app.DB().Select(f.Status).From(collections.GatewayEvents).
		Where(dbx.HashExp{f.Gateway: ev.Gateway, f.EventID: ev.ID}).
		AndWhere(dbx.In(f.Status, StatusProcessed, StatusIgnored)).Limit(1).Row(&status)
	return status
}

// ingestInTx writes one event's inbox row and effects inside tx.
func ingestInTx(ctx context.Context, tx core.App, ev *Event, now types.DateTime, after *[]func(core.App)) (IngestResult, error) {
	if status := handledStatus(tx, ev); status != "" {
		return IngestResult{Status: status, Duplicate: true}, nil
	}
	rec, err := inboxRow(tx, ev)
	if err != nil {
		return IngestResult{}, err
	}
	status, note, err := apply(ctx, tx, ev, now, after)
	if err != nil {
		return IngestResult{}, err
	}
	rec.SetStatus(collections.GatewayEventStatus(status))
	rec.SetError(truncate(note, 5000))
	rec.SetAttempts(rec.Attempts() + 1)
	rec.SetProcessedAt(now)
	return IngestResult{Status: status, Note: note}, tx.Save(rec)
}

// inboxRow is the event's inbox row: the stored one, or a new one (not yet
// saved: it is saved once, with its outcome).
func inboxRow(tx core.App, ev *Event) (*collections.GatewayEvent, error) {
	f := collections.GatewayEventFields
	var id string
	err := tx.DB().Select(f.ID).From(collections.GatewayEvents).Where(dbx.HashExp{f.Gateway: ev.Gateway, f.EventID: ev.ID}).Limit(1).Row(&id)
	if err == nil {
		return collections.FindGatewayEvent(tx, id)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	row, err := collections.NewGatewayEvent(tx)
	if err != nil {
		return nil, err
	}
	row.SetGateway(collections.GatewayEventGateway(ev.Gateway))
	row.SetEventID(ev.ID)
	row.SetType(truncate(ev.Type, 100))
	row.SetStatus(collections.GatewayEventStatusReceived)
	if len(ev.Payload) > 0 {
		row.Set(f.Payload, types.JSONRaw(ev.Payload))
	}
	return row, nil
}

// apply does what an event means, inside tx, and returns the inbox status
// and a note. Work that must wait for the commit (emails) goes to after.
func apply(ctx context.Context, tx core.App, ev *Event, now types.DateTime, after *[]func(core.App)) (string, string, error) {
	switch ev.Kind {
	case EventPaymentSucceeded:
		return applyPayment(tx, ev, now, after)
	case EventPaymentFailed:
		return applyPaymentFailed(tx, ev, after)
	case EventRefunded:
		return applyRefunds(tx, ev, now, after)
	case EventDisputeOpened, EventDisputeClosed:
		return applyDispute(tx, ev, now, after)
	case EventMethodSaved:
		if ev.Method == nil {
			return StatusIgnored, "no method in the event", nil
		}
		if _, err := SaveMethod(tx, ev.Gateway, *ev.Method); err != nil {
			return "", "", err
		}
		return StatusProcessed, "", nil
	case EventMethodRemoved:
		if ev.Method == nil {
			return StatusIgnored, "no method in the event", nil
		}
		return StatusProcessed, "", RemoveMethod(tx, ev.Gateway, ev.Method.Ref, now)
	case EventFee:
		return applyFee(tx, ev)
	}
	return StatusIgnored, "not an event Hostbase acts on", nil
}

func applyPayment(tx core.App, ev *Event, now types.DateTime, after *[]func(core.App)) (string, string, error) {
	p := ev.Payment
	if p == nil || p.Ref == "" || p.Amount <= 0 {
		return StatusIgnored, "no payment in the event", nil
	}
	invoice := p.Invoice
	if invoice == "" {
		invoice = attemptInvoice(tx, ev.Gateway, p.Ref)
	}
	if invoice == "" {
		return StatusIgnored, "the payment names no Hostbase invoice", nil
	}
	out, err := RecordPayment(tx, Payment{
		Gateway: ev.Gateway, Ref: p.Ref, Invoice: invoice, Customer: p.Customer,
		Amount: p.Amount, Currency: p.Currency, Fee: p.Fee, Now: now,
	})
	if err != nil {
		return "", "", err
	}
	if out.Duplicate {
		return StatusProcessed, "payment recorded before (transaction " + out.Transaction + ")", nil
	}
	if err := settleAttempts(tx, ev.Gateway, invoice, p.Ref, out.Paid); err != nil {
		return "", "", err
	}
	if p.CustomerRef != "" && ev.Gateway == Stripe {
		if err := rememberStripeCustomer(tx, out.Invoice.CustomerID(), p.CustomerRef); err != nil {
			return "", "", err
		}
	}
	note := ""
	if out.ToCredit > 0 {
		note = minorString(out.ToCredit, out.Invoice.Currency()) + " to account credit"
	}
	return StatusProcessed, note, nil
}

func applyPaymentFailed(tx core.App, ev *Event, after *[]func(core.App)) (string, string, error) {
	p := ev.Payment
	if p == nil || p.Ref == "" {
		return StatusIgnored, "no payment in the event", nil
	}
	f := collections.PaymentAttemptFields
	rec, err := tx.FindFirstRecordByFilter(collections.PaymentAttempts, f.Gateway+" = {:g} && "+f.GatewayRef+" = {:ref}", dbx.Params{"g": ev.Gateway, "ref": p.Ref})
	if errors.Is(err, sql.ErrNoRows) {
		return StatusIgnored, "a failed payment Hostbase did not start off-session", nil
	}
	if err != nil {
		return "", "", err
	}
	attempt := collections.WrapPaymentAttempt(rec)
	if attempt.Status() != collections.PaymentAttemptStatusPending && attempt.Status() != collections.PaymentAttemptStatusRequiresAction {
		return StatusProcessed, "attempt settled before", nil
	}
	attempt.SetStatus(collections.PaymentAttemptStatusFailed)
	attempt.SetError(truncate(declineText(p.DeclineCode, p.Message), 2000))
	if err := tx.Save(attempt); err != nil {
		return "", "", err
	}
	*after = append(*after, func(app core.App) { sendPaymentFailed(app, attempt.Id) })
	return StatusProcessed, "", nil
}

func applyRefunds(tx core.App, ev *Event, now types.DateTime, after *[]func(core.App)) (string, string, error) {
	if len(ev.Refunds) == 0 {
		return StatusIgnored, "no refund in the event", nil
	}
	var notes []string
	today, err := billingToday(tx, now)
	if err != nil {
		return "", "", err
	}
	for _, r := range ev.Refunds {
		if !r.Succeeded {
			continue // recorded when it succeeds
		}
		out, err := RecordRefund(tx, RefundRecord{
			Gateway: ev.Gateway, PaymentRef: r.PaymentRef, Ref: r.Ref, Amount: r.Amount, Currency: r.Currency,
			CreditNote: r.CreditNote, Succeeded: true, Now: now, Today: today,
		})
		if err != nil {
			return "", "", err
		}
		if out.Unmatched {
			notes = append(notes, "refund "+r.Ref+" made at the gateway needs a credit note")
			txn := out.Transaction
			*after = append(*after, func(app core.App) { alertStaffUnmatchedRefund(app, txn) })
		}
	}
	return StatusProcessed, joinNotes(notes), nil
}

func applyDispute(tx core.App, ev *Event, now types.DateTime, after *[]func(core.App)) (string, string, error) {
	if ev.Dispute == nil || ev.Dispute.Ref == "" {
		return StatusIgnored, "no dispute in the event", nil
	}
	closed := ev.Kind == EventDisputeClosed
	out, err := RecordDispute(tx, ev.Gateway, *ev.Dispute, closed, now)
	if err != nil {
		return "", "", err
	}
	if out.Opened {
		if err := suspendForDispute(tx, out.Invoice, now); err != nil {
			return "", "", err
		}
		txn := out.Transaction
		*after = append(*after, func(app core.App) { alertStaffDispute(app, txn) })
	}
	return StatusProcessed, "", nil
}

func applyFee(tx core.App, ev *Event) (string, string, error) {
	p := ev.Payment
	if p == nil || p.Ref == "" {
		return StatusIgnored, "no payment in the event", nil
	}
	id, err := transactionByRef(tx, ev.Gateway, p.Ref)
	if err != nil {
		return "", "", err
	}
	if id == "" {
		// The fee of a payment not recorded yet: the gateway redelivers.
		return "", "", fmt.Errorf("%w: fee for %s before its payment", ErrUnknownPayment, p.Ref)
	}
	txn, err := collections.FindTransaction(tx, id)
	if err != nil {
		return "", "", err
	}
	if txn.Fee() == p.Fee {
		return StatusProcessed, "", nil
	}
	// A fee settled in another currency than the payment's is not an
	// amount of the payment's currency: keep the payment's as it was.
	if p.Currency != "" && !strings.EqualFold(p.Currency, txn.Currency()) {
		return StatusIgnored, "fee in " + p.Currency + ", payment in " + txn.Currency(), nil
	}
	txn.SetFee(p.Fee)
	return StatusProcessed, "", tx.Save(txn)
}

func joinNotes(notes []string) string {
	out := ""
	for i, n := range notes {
		if i > 0 {
			out += "; "
		}
		out += n
	}
	return out
}
