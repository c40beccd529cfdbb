package dunning

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/lifecycle"
)

// overdueInvoice is an unpaid invoice past its due date.
type overdueInvoice struct {
	ID     string `db:"id"`
	Number string `db:"number"`
	DueAt  string `db:"due_at"`
}

// dunningRun is one day's dunning within a billing run.
type dunningRun struct {
	app  core.App
	day  billing.RunDay
	base Policy
}

// runStep is the billing run's dunning step: for every overdue invoice of a
// customer not exempt, the latest reminder due, then suspension or
// termination of the services it bills once their day has come. Each step
// commits with its record in dunning_steps, so a repeated, concurrent or
// late run does each once; a run after skipped days sends only the latest
// reminder due and still suspends or terminates. The emails follow the
// commits. A failing invoice is a problem of the report, not of the run.
func runStep(ctx context.Context, app core.App, day billing.RunDay) error {
	base, err := LoadPolicy(app)
	if err != nil {
		day.Report.Problem("dunning: %v", err)
		return nil
	}
	invoices, err := overdueInvoices(app, day)
	if err != nil {
		return err
	}
	r := &dunningRun{app: app, day: day, base: base}
	for _, o := range invoices {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		if err := r.invoice(o); err != nil {
			day.Report.Problem("dunning invoice %s: %v", o.Number, err)
		}
	}
	return r.sendEmails(ctx)
}

func overdueInvoices(app core.App, day billing.RunDay) ([]overdueInvoice, error) {
	f := collections.InvoiceFields
	var out []overdueInvoice
	err := app.DB().Select("i."+f.ID, "i."+f.Number, "i."+f.DueAt).From(collections.Invoices+" i").
		InnerJoin(collections.Customers+" c", dbx.NewExp("c.id = i."+f.Customer)).
		Where(dbx.HashExp{"i." + f.Status: string(collections.InvoiceStatusUnpaid), "i." + f.Kind: string(collections.InvoiceKindInvoice),
			"c." + collections.CustomerFields.DunningExempt: false}).
		AndWhere(dbx.NewExp("i."+f.AmountDue+" > 0 AND i."+f.DueAt+" != '' AND i."+f.DueAt+" < {:asOf}", dbx.Params{"asOf": storedDate(day.AsOf)})).
		// A top-up nobody paid for is no debt: it is not dunned.
		AndWhere(dbx.NewExp("NOT EXISTS (SELECT 1 FROM {{"+collections.InvoiceItems+"}} li WHERE li.invoice = i.id AND li.kind = {:topup})",
			dbx.Params{"topup": string(collections.InvoiceItemKindTopup)})).
		OrderBy("i."+f.DueAt, "i."+f.Number).All(&out)
	if err != nil {
		return nil, fmt.Errorf("find overdue invoices: %w", err)
	}
	return out, nil
}

// invoice does what is due today for one overdue invoice.
func (r *dunningRun) invoice(o overdueInvoice) error {
	p, exempt, err := ForInvoice(r.app, r.base, o.ID)
	if err != nil || exempt {
		return err
	}
	dueOn, err := parseStoredDate(o.DueAt)
	if err != nil {
		return err
	}
	days := dueOn.DaysUntil(r.day.AsOf)
	if remindOn, ok := latestReminder(p.RemindAfterDays, days); ok {
		if err := r.remind(o, remindOn); err != nil {
			return err
		}
	}
	var act func(overdueInvoice, string) error
	switch {
	case p.TerminateAfterDays > 0 && days >= p.TerminateAfterDays:
		act = r.terminate
	case p.SuspendAfterDays > 0 && days >= p.SuspendAfterDays:
		act = r.suspend
	default:
		return nil
	}
	services, err := billedServices(r.app, o.ID)
	if err != nil {
		return err
	}
	var errs []error
	for _, s := range services {
		if err := act(o, s.ID); err != nil {
			errs = append(errs, fmt.Errorf("service %s: %w", s.ID, err))
		}
	}
	return errors.Join(errs...)
}

// latestReminder is the last of the reminder days that has come; a run
// after skipped days sends that one, not every one it missed.
func latestReminder(remindDays []int, daysOverdue int) (int, bool) {
	days := sortedDays(remindDays)
	i, found := slices.BinarySearch(days, daysOverdue)
	if found {
		return days[i], true
	}
	if i == 0 {
		return 0, false
	}
	return days[i-1], true
}

func (r *dunningRun) remind(o overdueInvoice, daysOverdue int) error {
	step := remindStep(daysOverdue)
	var recorded bool
	err := r.app.RunInTransaction(func(tx core.App) error {
		inv, err := collections.FindInvoice(tx, o.ID)
		if err != nil || !overdue(inv) {
			return err
		}
		if done, err := stepDone(tx, o.ID, "", step); err != nil || done {
			return err
		}
		recorded = true
		return recordStep(tx, inv, "", step, r.day.AsOf, map[string]any{"email": overdueKey(o.ID, daysOverdue)})
	})
	if err == nil && recorded {
		r.day.Report.Count("reminders", 1)
	}
	return err
}

func (r *dunningRun) reason(inv *collections.Invoice) lifecycle.Reason {
	return lifecycle.Reason{ActorName: ActorName, Why: ReasonPrefix + inv.Number(), Now: r.day.Now}
}

// suspend suspends one service of an overdue invoice. A service dunning
// already suspended for another invoice gets the step too (without an
// email), so that it comes back only once every such invoice is paid; one
// suspended by staff for another reason is left to staff.
func (r *dunningRun) suspend(o overdueInvoice, serviceID string) error {
	var changed bool
	err := r.app.RunInTransaction(func(tx core.App) error {
		inv, err := collections.FindInvoice(tx, o.ID)
		if err != nil || !overdue(inv) {
			return err
		}
		if done, err := stepDone(tx, o.ID, serviceID, stepSuspend); err != nil || done {
			return err
		}
		svc, err := collections.FindService(tx, serviceID)
		if err != nil || svc.DunningExempt() {
			return err
		}
		detail := map[string]any{}
		switch {
		case svc.Status() == collections.ServiceStatusActive:
			if changed, err = lifecycle.Suspend(tx, serviceID, r.reason(inv)); err != nil {
				return err
			}
			detail["email"] = suspendedKey(o.ID, serviceID)
		case svc.Status() == collections.ServiceStatusSuspended && suspendedByDunning(svc):
			detail["already_suspended"] = true
		default:
			return nil
		}
		return recordStep(tx, inv, serviceID, stepSuspend, r.day.AsOf, detail)
	})
	if err == nil && changed {
		r.day.Report.Count("suspended", 1)
	}
	return err
}

// terminate ends one service of an invoice unpaid past the termination day,
// whether it is active or suspended.
func (r *dunningRun) terminate(o overdueInvoice, serviceID string) error {
	var changed bool
	err := r.app.RunInTransaction(func(tx core.App) error {
		inv, err := collections.FindInvoice(tx, o.ID)
		if err != nil || !overdue(inv) {
			return err
		}
		if done, err := stepDone(tx, o.ID, serviceID, stepTerminate); err != nil || done {
			return err
		}
		svc, err := collections.FindService(tx, serviceID)
		if err != nil || svc.DunningExempt() {
			return err
		}
		if s := svc.Status(); s != collections.ServiceStatusActive && s != collections.ServiceStatusSuspended {
			return nil
		}
		if changed, err = lifecycle.Terminate(tx, serviceID, r.reason(inv)); err != nil {
			return err
		}
		return recordStep(tx, inv, serviceID, stepTerminate, r.day.AsOf, map[string]any{"email": terminatedKey(o.ID, serviceID)})
	})
	if err == nil && changed {
		r.day.Report.Count("terminated", 1)
	}
	return err
}

func suspendedByDunning(svc *collections.Service) bool {
	return strings.HasPrefix(svc.SuspendReason(), ReasonPrefix)
}
