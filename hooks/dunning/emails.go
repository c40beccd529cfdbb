package dunning

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/notify"
)

// Template keys of dunning's emails (emails/templates).
const (
	EmailInvoiceOverdue    = "invoice_overdue"
	EmailServiceSuspended  = "service_suspended"
	EmailServiceTerminated = "service_terminated"
)

// Each step that emails stores its email's dedupe key in its detail, so
// that the email goes out once and a failed one (or one a crash left
// unsent after the commit) is tried again by the runs of the next
// emailRetryDays days.
const emailRetryDays = 3

func overdueKey(invoiceID string, daysOverdue int) string {
	return fmt.Sprintf("%s:%s:%d", EmailInvoiceOverdue, invoiceID, daysOverdue)
}

func suspendedKey(invoiceID, serviceID string) string {
	return EmailServiceSuspended + ":" + invoiceID + ":" + serviceID
}

func terminatedKey(invoiceID, serviceID string) string {
	return EmailServiceTerminated + ":" + invoiceID + ":" + serviceID
}

type pendingEmail struct {
	Invoice string `db:"invoice"`
	Service string `db:"service"`
	Step    string `db:"step"`
	Key     string `db:"email"`
}

// sendEmails sends the emails of the recent steps not yet sent, when SMTP
// is configured.
func (r *dunningRun) sendEmails(ctx context.Context) error {
	if !r.app.Settings().SMTP.Enabled {
		return nil
	}
	var pending []pendingEmail
	err := r.app.DB().NewQuery(`
		SELECT s.invoice, s.service, s.step, json_extract(s.detail, '$.email') AS email
		FROM {{` + collections.DunningSteps + `}} s
		WHERE s.happened_on >= {:from}
		  AND (s.step LIKE '` + stepRemindPrefix + `%' OR s.step IN ('` + stepSuspend + `', '` + stepTerminate + `'))
		  AND COALESCE(json_extract(s.detail, '$.email'), '') != ''
		  AND NOT EXISTS (SELECT 1 FROM {{` + collections.EmailLog + `}} l
		                  WHERE l.dedupe_key = json_extract(s.detail, '$.email') AND l.status = 'sent')
		ORDER BY s.happened_on, s.created`).
		Bind(dbx.Params{"from": storedDate(r.day.AsOf.AddDays(-emailRetryDays))}).All(&pending)
	if err != nil {
		return fmt.Errorf("find unsent dunning emails: %w", err)
	}
	for _, pe := range pending {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		sent, err := r.send(pe)
		if err != nil {
			r.day.Report.Problem("dunning email %s: %v", pe.Key, err)
			continue
		}
		if sent {
			r.day.Report.Emails++
		}
	}
	return nil
}

// send emails one step's notice, unless what it announces no longer holds
// (the invoice was paid, the service is back).
func (r *dunningRun) send(pe pendingEmail) (bool, error) {
	inv, err := collections.FindInvoice(r.app, pe.Invoice)
	if err != nil {
		return false, err
	}
	customer, err := collections.FindCustomer(r.app, inv.CustomerID())
	if err != nil {
		return false, err
	}
	p, _, err := ForInvoice(r.app, r.base, inv.Id)
	if err != nil {
		return false, err
	}
	dueOn, err := parseStoredDate(inv.DueAt().String())
	if err != nil {
		return false, err
	}
	data, err := invoiceData(r.app, inv, customer, dueOn)
	if err != nil {
		return false, err
	}
	loc := r.day.Policy.Location

	var template string
	switch {
	case strings.HasPrefix(pe.Step, stepRemindPrefix):
		if !overdue(inv) {
			return false, nil
		}
		template = EmailInvoiceOverdue
		daysOverdue, err := strconv.Atoi(strings.TrimPrefix(pe.Step, stepRemindPrefix))
		if err != nil {
			return false, err
		}
		if data.Service, err = nextAtRisk(r.app, inv.Id, p, dueOn, daysOverdue); err != nil {
			return false, err
		}
	case pe.Step == stepSuspend:
		template = EmailServiceSuspended
		svc, err := collections.FindService(r.app, pe.Service)
		if err != nil {
			return false, err
		}
		if svc.Status() != collections.ServiceStatusSuspended {
			return false, nil
		}
		if data.Service, err = serviceData(r.app, svc, loc); err != nil {
			return false, err
		}
		if p.TerminateAfterDays > 0 {
			data.Service.TerminateOn = humanDay(dueOn.AddDays(p.TerminateAfterDays))
		}
	case pe.Step == stepTerminate:
		template = EmailServiceTerminated
		svc, err := collections.FindService(r.app, pe.Service)
		if err != nil {
			return false, err
		}
		if data.Service, err = serviceData(r.app, svc, loc); err != nil {
			return false, err
		}
	default:
		return false, fmt.Errorf("no email for step %q", pe.Step)
	}
	related, relatedID := collections.Invoices, inv.Id
	if pe.Service != "" {
		related, relatedID = collections.Services, pe.Service
	}
	err = notify.Send(r.app, notify.Message{Template: template, To: customer.Email(), ToName: customer.Name(), Customer: customer.Id,
		Data: data, DedupeKey: pe.Key, RelatedCollection: related, RelatedID: relatedID})
	return err == nil, err
}

// nextAtRisk is, for an overdue notice sent daysOverdue days after the due
// date, the first service the invoice bills that dunning will act on next,
// with the day it will: what "what happens next" tells the customer. It is
// zero when dunning will not touch any of them.
func nextAtRisk(app core.App, invoiceID string, p Policy, dueOn money.Date, daysOverdue int) (notify.Service, error) {
	services, err := billedServices(app, invoiceID)
	if err != nil {
		return notify.Service{}, err
	}
	for _, s := range services {
		if s.Exempt {
			continue
		}
		var out notify.Service
		if s.Status == string(collections.ServiceStatusActive) && p.SuspendAfterDays > daysOverdue {
			out.SuspendOn = humanDay(dueOn.AddDays(p.SuspendAfterDays))
		}
		if (s.Status == string(collections.ServiceStatusActive) || s.Status == string(collections.ServiceStatusSuspended)) && p.TerminateAfterDays > daysOverdue {
			out.TerminateOn = humanDay(dueOn.AddDays(p.TerminateAfterDays))
		}
		if out.SuspendOn == "" && out.TerminateOn == "" {
			continue
		}
		out.ID, out.Name, out.Hostname, out.Status = s.ID, s.Name, s.Hostname, s.Status
		return out, nil
	}
	return notify.Service{}, nil
}
