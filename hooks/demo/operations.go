package demo

import (
	"fmt"

	"github.com/ezscale/hostbase/collections"
)

// settings fills in the company details of the one settings record the
// migrations create: a German company selling in USD, EUR and GBP.
func (s *seeder) settings() error {
	all, err := s.app.FindAllRecords(collections.Settings)
	if err != nil {
		return fmt.Errorf("demo: read settings: %w", err)
	}
	if len(all) == 0 {
		return fmt.Errorf("demo: there is no settings record; run the migrations first")
	}
	st := collections.WrapCompanySettings(all[0])
	st.SetCompanyName(s.company)
	st.SetCompanyLegalName(s.company + " GmbH")
	st.SetCompanyEmail("hello@" + mailDomain)
	st.SetCompanyPhone("+49 911 5550 1200")
	st.SetCompanyAddressLine1("Musterstraße 42")
	st.SetCompanyAddressLine2("3. OG")
	st.SetCompanyCity("Nürnberg")
	st.SetCompanyState("Bayern")
	st.SetCompanyPostcode("90402")
	st.SetCompanyCountry("DE")
	st.SetCompanyTaxID("DE123456789")
	st.SetCompanyRegistration("HRB 12345, Amtsgericht Nürnberg")
	st.SetTimezone("Europe/Berlin")
	st.SetBaseCurrency("USD")
	st.SetGateways(map[string]bool{"stripe": true, "paypal": true, "credit": true, "manual": true})
	st.SetBankTransferInstructions(fmt.Sprintf(`Please transfer the amount due to:

Account holder: %s GmbH
Bank: Musterbank Nürnberg
IBAN: DE89 3704 0044 0532 0130 00
BIC: COBADEFFXXX

Use your invoice number (e.g. INV-2026-000123) as the payment reference so that we can match your payment. SEPA transfers usually arrive within one business day; the service starts once the payment has arrived.`, s.company))
	return s.save(st, "company")
}

// emailTemplateSpecs are the default notification emails: markdown bodies
// with Go template fields.
var emailTemplateSpecs = []struct {
	key, description, subject, body string
}{
	{
		key: "invoice.created", description: "Sent when an invoice is issued (new orders and renewals).",
		subject: "Invoice {{.Invoice.Number}} from {{.Company.Name}}",
		body: `Hello {{.Customer.Name}},

a new invoice is ready for you.

| | |
|---|---|
| Invoice | **{{.Invoice.Number}}** |
| Amount due | **{{.Invoice.AmountDue}}** |
| Due date | {{.Invoice.DueAt}} |

[View and pay the invoice]({{.Invoice.URL}})

If you saved a card, it is charged automatically on the due date and there is
nothing for you to do.

Thank you for hosting with {{.Company.Name}}.`,
	},
	{
		key: "invoice.paid", description: "Sent when an invoice is paid in full.",
		subject: "Payment received for invoice {{.Invoice.Number}}",
		body: `Hello {{.Customer.Name}},

thank you! We received your payment of **{{.Invoice.Total}}** for invoice
{{.Invoice.Number}}.

[Download the paid invoice (PDF)]({{.Invoice.URL}})

Services on this invoice are set up or renewed automatically; you will get a
separate email for any new service.

{{.Company.Name}}`,
	},
	{
		key: "invoice.reminder", description: "Sent before and after the due date of an unpaid invoice.",
		subject: "Reminder: invoice {{.Invoice.Number}} is due {{.Invoice.DueAt}}",
		body: `Hello {{.Customer.Name}},

this is a friendly reminder that invoice **{{.Invoice.Number}}** over
**{{.Invoice.AmountDue}}** is due on {{.Invoice.DueAt}}.

[Pay the invoice now]({{.Invoice.URL}})

Services with overdue invoices are suspended after a short grace period, so
please pay soon to keep them running.

If you have already paid, please ignore this email: bank transfers can take a
few days to reach us.

{{.Company.Name}} Billing`,
	},
	{
		key: "service.welcome", description: "Sent when a service has been set up, with its access details.",
		subject: "Your {{.Service.ProductName}} is ready",
		body: `Hello {{.Customer.Name}},

good news: **{{.Service.ProductName}}** is set up and running.

| | |
|---|---|
| Host name | {{.Service.Hostname}} |
| IP address | {{.Service.IP}} |
| Username | {{.Service.Username}} |

For your security the password is not included in this email: open the service
in the client area to see it once or set a new one.

[Manage your service]({{.Service.URL}})

Our knowledge base explains how to connect and get started. If you need a hand,
reply to this email or open a ticket.

{{.Company.Name}}`,
	},
	{
		key: "ticket.reply", description: "Sent to the customer when staff reply to a ticket.",
		subject: "[#{{.Ticket.Ref}}] {{.Ticket.Subject}}",
		body: `Hello {{.Customer.Name}},

{{.Message.AuthorName}} replied to your ticket **{{.Ticket.Subject}}**:

---

{{.Message.Body}}

---

Reply to this email or [view the ticket]({{.Ticket.URL}}) to answer.

{{.Company.Name}} {{.Ticket.Department}}`,
	},
	{
		key: "credit.added", description: "Sent when account credit is added.",
		subject: "{{.Credit.Amount}} credit added to your account",
		body: `Hello {{.Customer.Name}},

**{{.Credit.Amount}}** has been added to your account credit{{if .Credit.Note}} ({{.Credit.Note}}){{end}}.

Your balance is now **{{.Credit.Balance}}**. Credit is applied automatically
to your next invoices.

[View your account]({{.Customer.URL}})

{{.Company.Name}}`,
	},
}

// emailTemplates creates the default templates. A template whose key
// already exists is left as it is: it may have been edited.
func (s *seeder) emailTemplates() error {
	for _, spec := range emailTemplateSpecs {
		existing, err := s.findBy(collections.EmailTemplates, collections.EmailTemplateFields.Key, spec.key)
		if err != nil {
			return err
		}
		if existing != nil {
			continue
		}
		t, err := collections.NewEmailTemplate(s.app)
		if err != nil {
			return err
		}
		t.SetKey(spec.key)
		t.SetDescription(spec.description)
		t.SetSubject(spec.subject)
		t.SetBody(spec.body)
		t.SetActive(true)
		if err := s.save(t, spec.key); err != nil {
			return err
		}
	}
	return nil
}
