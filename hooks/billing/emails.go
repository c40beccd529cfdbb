package billing

import (
	"context"
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/routine"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/notify"
)

// The billing emails. Each is sent once per document and event (a dedupe
// key of record ids), after the transaction that made the document commits:
// a mail cannot be rolled back. Invoices written with SQL (renewals, orders,
// plan changes, top-ups) are announced by SendInvoiceCreated, which their
// callers call after the commit and the daily run calls again for any
// invoice of the last week still unannounced (a crash between commit and
// mail); receipts, credit notes and credit additions follow the records'
// after-commit hooks. Emails go out only when SMTP is configured.

// Template keys of the billing emails (emails/templates).
const (
	EmailInvoiceCreated  = "invoice_created"
	EmailInvoiceReminder = "invoice_reminder"
	EmailInvoicePaid     = "invoice_paid"
	EmailCreditNote      = "credit_note_issued"
	EmailCreditAdded     = "credit_added"
)

// announceWindow is how far back the daily run looks for unannounced
// invoices.
const announceWindow = 7

func emailsEnabled(app core.App) bool { return app.Settings().SMTP.Enabled }

// SendInvoiceCreated emails the customer a new invoice (once).
func SendInvoiceCreated(app core.App, invoiceID string) error {
	return sendInvoiceEmail(app, EmailInvoiceCreated, invoiceID, EmailInvoiceCreated+":"+invoiceID)
}

func sendInvoiceEmail(app core.App, template, invoiceID, key string) error {
	if !emailsEnabled(app) {
		return nil
	}
	inv, err := collections.FindInvoice(app, invoiceID)
	if err != nil {
		return err
	}
	customer, err := collections.FindCustomer(app, inv.CustomerID())
	if err != nil {
		return err
	}
	data, err := invoiceData(app, inv, customer)
	if err != nil {
		return err
	}
	if inv.Kind() == collections.InvoiceKindCreditNote {
		data.CreditNote = notify.CreditNote{ID: inv.Id, Number: inv.Number(), Currency: inv.Currency(), Total: inv.Total(),
			IssuedAt: humanDate(inv.IssuedAt().String()), Reason: inv.Notes()}
		if rel, err := collections.FindInvoice(app, inv.RelatedInvoiceID()); err == nil {
			data.CreditNote.InvoiceNumber = rel.Number()
		}
		data.Links.CreditNote = data.Links.Invoice
	}
	if template == EmailInvoicePaid {
		data.Payment = notify.Payment{Amount: inv.Total() - inv.AmountDue(), Currency: inv.Currency(), PaidAt: humanDate(inv.PaidAt().String())}
	}
	return notify.Send(app, notify.Message{Template: template, To: customer.Email(), ToName: customer.Name(), Customer: customer.Id,
		Data: data, DedupeKey: key, RelatedCollection: collections.Invoices, RelatedID: inv.Id})
}

// InvoiceData is what an email about an invoice renders: the company, the
// customer, the invoice with its lines, and the links to it.
func InvoiceData(app core.App, inv *collections.Invoice, customer *collections.Customer) (notify.Data, error) {
	return invoiceData(app, inv, customer)
}

func invoiceData(app core.App, inv *collections.Invoice, customer *collections.Customer) (notify.Data, error) {
	company, err := notify.LoadCompany(app)
	if err != nil {
		return notify.Data{}, err
	}
	d := notify.Data{
		Company:  company,
		Customer: notify.Customer{Name: customer.Name(), Email: customer.Email()},
		Invoice: notify.Invoice{ID: inv.Id, Number: inv.Number(), Currency: inv.Currency(), Total: inv.Total(), AmountDue: inv.AmountDue(),
			IssuedAt: humanDate(inv.IssuedAt().String()), DueAt: humanDate(inv.DueAt().String()), PaidAt: humanDate(inv.PaidAt().String())},
	}
	var lines []struct {
		Description string `db:"description"`
		Amount      int64  `db:"amount"`
		Tax         int64  `db:"tax_amount"`
	}
	f := collections.InvoiceItemFields
	if err := app.DB().Select(f.Description, f.Amount, f.TaxAmount).From(collections.InvoiceItems).
		Where(dbx.HashExp{f.Invoice: inv.Id}).OrderBy(f.Sort).All(&lines); err != nil {
		return d, err
	}
	for _, l := range lines {
		d.Invoice.Lines = append(d.Invoice.Lines, notify.InvoiceLine{Description: l.Description, Amount: l.Amount})
	}
	if base := strings.TrimRight(company.URL, "/"); base != "" {
		d.Links.ClientArea = base + "/client/"
		d.Links.Invoice = base + "/client/invoices/" + inv.Id
	}
	return d, nil
}

// humanDate turns a stored date into "14 March 2026"; "" stays "".
func humanDate(stored string) string {
	d, err := parseStoredDate(stored)
	if err != nil || d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year)
}

// emailStep is the daily run's mail: invoices still unannounced, and the
// reminders settings.dunning.remind_before_days asks for (an unpaid
// invoice due in that many days). Failures are reported, not fatal: the
// next run tries again.
func emailStep(ctx context.Context, app core.App, asOf money.Date, report *Report) error {
	if !emailsEnabled(app) {
		return nil
	}
	inv := collections.InvoiceFields
	var unannounced []string
	err := app.DB().Select("i.id").From(collections.Invoices + " i").
		Where(dbx.HashExp{"i." + inv.Kind: string(collections.InvoiceKindInvoice)}).
		AndWhere(dbx.In("i."+inv.Status, string(collections.InvoiceStatusUnpaid), string(collections.InvoiceStatusPaid))).
		AndWhere(dbx.NewExp("i."+inv.IssuedAt+" >= {:from} AND i."+inv.IssuedAt+" <= {:to}", dbx.Params{"from": storedDate(asOf.AddDays(-announceWindow)), "to": storedDate(asOf)})).
		AndWhere(dbx.NewExp("NOT EXISTS (SELECT 1 FROM {{" + collections.EmailLog + "}} l WHERE l.dedupe_key = '" + EmailInvoiceCreated + ":' || i.id AND l.status = 'sent')")).
		Column(&unannounced)
	if err != nil {
		return fmt.Errorf("find unannounced invoices: %w", err)
	}
	for _, id := range unannounced {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		if err := SendInvoiceCreated(app, id); err != nil {
			report.fail("email invoice %s: %v", id, err)
			continue
		}
		report.Emails++
	}

	var dunning struct {
		RemindBeforeDays []int `json:"remind_before_days"`
	}
	rec, err := app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		return err
	}
	_ = collections.WrapCompanySettings(rec).UnmarshalDunning(&dunning)
	for _, days := range dunning.RemindBeforeDays {
		if days <= 0 {
			continue
		}
		var due []string
		err := app.DB().Select("id").From(collections.Invoices).
			Where(dbx.HashExp{inv.Status: string(collections.InvoiceStatusUnpaid), inv.Kind: string(collections.InvoiceKindInvoice), inv.DueAt: storedDate(asOf.AddDays(days))}).
			AndWhere(dbx.NewExp("[[" + inv.AmountDue + "]] > 0")).Column(&due)
		if err != nil {
			return err
		}
		for _, id := range due {
			if err := sendInvoiceEmail(app, EmailInvoiceReminder, id, fmt.Sprintf("%s:%s:%d", EmailInvoiceReminder, id, days)); err != nil {
				report.fail("remind invoice %s: %v", id, err)
				continue
			}
			report.Emails++
		}
	}
	return nil
}

// registerEmails sends receipts, credit notes and credit additions after
// their transactions commit, in the background: a slow mail server must
// not hold up a payment's response. Send logs every failure in email_log.
func registerEmails(app core.App) {
	app.OnRecordAfterUpdateSuccess(collections.Invoices).BindFunc(func(e *core.RecordEvent) error {
		inv := collections.WrapInvoice(e.Record)
		was := e.Record.Original().GetString(collections.InvoiceFields.Status)
		// The goroutine gets copies: the event and its record stay their
		// caller's to change.
		id, app := inv.Id, e.App
		switch {
		case inv.Kind() == collections.InvoiceKindInvoice && inv.Status() == collections.InvoiceStatusPaid && was != string(collections.InvoiceStatusPaid) && inv.Total() > 0:
			background(app, func() error { return sendInvoiceEmail(app, EmailInvoicePaid, id, EmailInvoicePaid+":"+id) })
		case inv.Kind() == collections.InvoiceKindCreditNote && inv.Number() != "":
			background(app, func() error { return sendInvoiceEmail(app, EmailCreditNote, id, EmailCreditNote+":"+id) })
		}
		return e.Next()
	})
	app.OnRecordAfterCreateSuccess(collections.CreditLedger).BindFunc(func(e *core.RecordEvent) error {
		// A copy for the goroutine: the record stays its caller's to change.
		entry := collections.WrapCreditEntry(e.Record.Fresh())
		if app := e.App; entry.Amount() > 0 && emailsEnabled(app) {
			background(app, func() error { return sendCreditAdded(app, entry) })
		}
		return e.Next()
	})
}

func background(app core.App, send func() error) {
	routine.FireAndForget(func() {
		if err := send(); err != nil {
			app.Logger().Warn("billing email", "error", err)
		}
	})
}

func sendCreditAdded(app core.App, entry *collections.CreditEntry) error {
	customer, err := collections.FindCustomer(app, entry.CustomerID())
	if err != nil {
		return err
	}
	company, err := notify.LoadCompany(app)
	if err != nil {
		return err
	}
	balance, err := Balance(app, entry.CustomerID(), entry.Currency())
	if err != nil {
		return err
	}
	data := notify.Data{Company: company, Customer: notify.Customer{Name: customer.Name(), Email: customer.Email()},
		Credit: notify.Credit{Amount: entry.Amount(), Currency: entry.Currency(), Balance: balance, Note: entry.Note()}}
	if base := strings.TrimRight(company.URL, "/"); base != "" {
		data.Links.ClientArea = base + "/client/"
	}
	return notify.Send(app, notify.Message{Template: EmailCreditAdded, To: customer.Email(), ToName: customer.Name(), Customer: customer.Id,
		Data: data, DedupeKey: EmailCreditAdded + ":" + entry.Id, RelatedCollection: collections.CreditLedger, RelatedID: entry.Id})
}
