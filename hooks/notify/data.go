package notify

// Data is what every template renders: the billing code fills the parts a
// notification needs and leaves the rest zero. Amounts are int64 minor units
// of the currency beside them, formatted by the templates' money function;
// dates are strings as the customer should read them (e.g. "14 March 2026"),
// already in the company's timezone.
type Data struct {
	Company    Company
	Customer   Customer
	Invoice    Invoice
	Payment    Payment
	CreditNote CreditNote
	Credit     Credit
	Service    Service
	Job        Job
	Ticket     Ticket
	Affiliate  Affiliate
	Links      Links
}

// Company is the sender, from the settings record (see LoadCompany).
type Company struct {
	Name  string
	Email string
	URL   string
}

// Customer is the addressee.
type Customer struct {
	Name  string
	Email string
}

// Invoice is the invoice a notification is about.
type Invoice struct {
	ID        string
	Number    string
	Currency  string
	Total     int64
	AmountDue int64
	IssuedAt  string
	DueAt     string
	PaidAt    string
	// Lines are listed by invoice_created when present.
	Lines []InvoiceLine
}

// InvoiceLine is one line of an invoice, in the invoice's currency.
type InvoiceLine struct {
	Description string
	Amount      int64
}

// Payment is the payment a receipt (invoice_paid) acknowledges.
type Payment struct {
	Amount    int64
	Currency  string
	Method    string // as the customer knows it, e.g. "Visa ending 4242", "PayPal"
	Reference string // the gateway's reference, if any
	PaidAt    string
}

// CreditNote is an issued credit note and the invoice it credits.
type CreditNote struct {
	ID            string
	Number        string
	Currency      string
	Total         int64 // positive: the amount credited
	IssuedAt      string
	Reason        string
	InvoiceNumber string
}

// Credit is an addition to the customer's account credit.
type Credit struct {
	Amount   int64
	Currency string
	Balance  int64 // after the addition
	Note     string
}

// Service is the service a notification is about (a suspension, a
// termination) or, for an invoice's notification, one service it bills.
type Service struct {
	ID            string
	Name          string // the product's name, e.g. "VPS M"
	Hostname      string
	Status        string // services.status, e.g. "suspended"
	SuspendReason string
	SuspendedAt   string
	TerminatedAt  string
	// SuspendOn and TerminateOn are the days the service will be suspended
	// or terminated unless its invoice is paid; "" when no such day is set.
	SuspendOn   string
	TerminateOn string
	// IP, ExtraIPs, Username and Credentials are what the panel made, for
	// the welcome email.
	IP          string
	ExtraIPs    []string
	Username    string
	Credentials []Credential
}

// Credential is one login detail of a service, e.g. "Root password".
type Credential struct {
	Label string
	Value string
}

// Job is a provisioning job staff are told about.
type Job struct {
	ID        string
	Action    string // e.g. "create", "suspend"
	Attempts  int64
	ErrorKind string // retryable, permanent, invalid_config, not_found, unsupported
	Error     string
	Plugin    string
	Server    string // the server's name
	// Link is the job in the dashboard.
	Link string
}

// Links are absolute URLs into the client area.
type Links struct {
	Invoice    string
	CreditNote string
	ClientArea string
}

// Ticket is the support ticket a notification is about.
type Ticket struct {
	ID         string
	Ref        string // the public reference, shown as #REF
	Subject    string
	Department string // the department's name
	Priority   string
	Status     string
	// Author names who wrote the reply: a member of staff or the customer.
	Author string
	// Reply is the message's text, its markdown rendered to plain text,
	// one line per element, so that the email keeps its line breaks.
	Reply []string
	// Link is the ticket in the client area (customer emails) or in the
	// dashboard (staff emails).
	Link string
	// AutoCloseDays is how long a ticket waited for the customer before
	// it was closed; ReopenDays how long a reply still reopens it.
	AutoCloseDays int64
	ReopenDays    int64
}

// Affiliate is an affiliate's commissions or payout a notification is
// about, in Currency.
type Affiliate struct {
	Code string
	// Amount is the commissions approved, or the payout's amount;
	// Commissions how many commissions it holds.
	Amount      int64
	Currency    string
	Commissions int
	// Method is how a payout is made: "credit" (account credit) or
	// "manual" (sent by the company); Reference and Note are what billing
	// staff wrote when they paid or refused it.
	Method    string
	Reference string
	Note      string
	// Details are the payout details the affiliate gave (staff emails).
	Details string
	// Link is the affiliate dashboard (affiliate emails) or the staff
	// pages' payout queue (staff emails).
	Link string
}
