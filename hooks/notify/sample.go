package notify

import (
	"strings"

	"github.com/ezscale/hostbase/emails"
)

// SampleData returns plausible data for the template key, with every
// optional part filled so that every branch of a template renders: what
// an override is checked against when saved, and what a preview shows. It
// reports false for a key that has no default template.
func SampleData(key string) (Data, bool) {
	if _, ok := emails.Default(key); !ok {
		return Data{}, false
	}
	d := Data{
		Company:  Company{Name: "Example Hosting", Email: "billing@hosting.example", URL: "https://hosting.example"},
		Customer: Customer{Name: "Jane Doe", Email: "jane@customer.example"},
		Invoice: Invoice{
			ID: "inv0000000000001", Number: "INV-2026-000123", Currency: "EUR",
			Total: 2380, AmountDue: 2380,
			IssuedAt: "1 March 2026", DueAt: "15 March 2026",
			Lines: []InvoiceLine{
				{Description: "VPS M (vps1.customer.example), 1 March 2026 – 31 March 2026", Amount: 1500},
				{Description: "Extra IPv4 address", Amount: 500},
				{Description: "VAT 19%", Amount: 380},
			},
		},
		Payment: Payment{Amount: 2380, Currency: "EUR", Method: "Visa ending 4242", Reference: "pi_3Pabc123", PaidAt: "10 March 2026"},
		CreditNote: CreditNote{
			ID: "inv0000000000002", Number: "CN-2026-000007", Currency: "EUR", Total: 1190,
			IssuedAt: "12 March 2026", Reason: "Downgrade to VPS S", InvoiceNumber: "INV-2026-000123",
		},
		Credit: Credit{Amount: 5000, Currency: "EUR", Balance: 7500, Note: "Top-up by bank transfer"},
		Service: Service{
			ID: "svc0000000000001", Name: "VPS M", Hostname: "vps1.customer.example", Status: "active",
			SuspendReason: "Overdue invoice INV-2026-000123", SuspendedAt: "29 March 2026", TerminatedAt: "29 April 2026",
			SuspendOn: "29 March 2026", TerminateOn: "29 April 2026",
			IP: "203.0.113.10", ExtraIPs: []string{"203.0.113.11"}, Username: "root",
			Credentials: []Credential{{Label: "Root password", Value: "s3cret-Example-pw"}},
		},
		Job: Job{ID: "job0000000000001", Action: "create", Attempts: 8, ErrorKind: "retryable",
			Error: "retryable: the panel answered 503 Service Unavailable", Plugin: "virtfusion", Server: "vf-ams-1",
			Link: "https://hosting.example/_/#/collections?collection=provisioning_jobs&recordId=job0000000000001"},
		Ticket: Ticket{
			ID: "tck000000000001", Ref: "K7Q2ZX9A", Subject: "Cannot reach my VPS over SSH", Department: "Technical support",
			Priority: "high", Status: "answered", Author: "Sam Support",
			Reply:         []string{"Hello Jane,", "", "We restarted the SSH service on vps1.customer.example.", "Please try again."},
			Link:          "https://hosting.example/client/tickets/tck000000000001",
			AutoCloseDays: 7, ReopenDays: 14,
		},
		Affiliate: Affiliate{
			Code: "JANE2026", Amount: 4250, Currency: "EUR", Commissions: 3, Method: "manual",
			Reference: "SEPA 2026-03-31-17", Note: "Payout details missing: add your IBAN.", Details: "IBAN DE89 3704 0044 0532 0130 00",
			Link: "https://hosting.example/client/affiliate",
		},
		Links: Links{
			Invoice:    "https://hosting.example/client/invoices/inv0000000000001",
			CreditNote: "https://hosting.example/client/invoices/inv0000000000002",
			ClientArea: "https://hosting.example/client/",
		},
	}
	switch key {
	case "service_suspended":
		d.Service.Status = "suspended"
	case "service_terminated":
		d.Service.Status = "terminated"
	}
	switch key {
	case "payment_failed":
		d.Payment.Reference = "Your card has insufficient funds."
	case "staff_dispute_opened":
		d.Payment = Payment{Amount: 2380, Currency: "EUR", Method: "Stripe", Reference: "du_1Pabc123"}
	case "staff_refund_unmatched":
		d.Payment = Payment{Amount: 700, Currency: "EUR", Method: "Stripe", Reference: "re_1Pabc123"}
	}
	switch key {
	case "ticket_opened", "staff_ticket_opened":
		d.Ticket.Status, d.Ticket.Author = "open", "Jane Doe"
		d.Ticket.Reply = []string{"Since this morning, ssh to vps1.customer.example times out.", "Ping still answers."}
	case "staff_ticket_reply":
		d.Ticket.Status, d.Ticket.Author = "customer_reply", "Jane Doe"
		d.Ticket.Reply = []string{"Thanks, it works again."}
	case "ticket_auto_closed":
		d.Ticket.Status = "closed"
	}
	if strings.HasPrefix(key, "staff_ticket_") {
		d.Ticket.Link = "https://hosting.example/_/#/collections?collection=tickets&recordId=tck000000000001"
	}
	if key == "staff_affiliate_payout_requested" {
		d.Affiliate.Link = "https://hosting.example/staff/payouts"
	}
	if key == "invoice_paid" {
		d.Invoice.AmountDue = 0
		d.Invoice.PaidAt = d.Payment.PaidAt
	}
	return d, true
}
