package dunning_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/dunning"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/hbtest/mailpit"
	"github.com/ezscale/hostbase/hooks/money"
)

func TestMain(m *testing.M) { hbtest.Main(m) }

// shop is a small shop for the dunning tests: a seller in Berlin with the
// default dunning policy (reminders +1, +3, +7; suspension +14;
// termination +45), one product and its customers.
type shop struct {
	app     *hbtest.App
	product string
}

func seedShop(app *hbtest.App) error {
	s, err := app.FindFirstRecordByFilter("settings", "id != ''")
	if err != nil {
		return err
	}
	s.Load(map[string]any{"company_name": "Northwind", "company_country": "DE", "company_email": "billing@northwind.example",
		"storefront_url": "https://northwind.example", "timezone": "Europe/Berlin", "invoice_days_in_advance": 7})
	return app.Save(s)
}

func newShop(t *testing.T) *shop {
	t.Helper()
	app := hbtest.NewApp(t, hbtest.SeedDir(t, "dunning-shop", seedShop))
	dunning.Register(app)
	g := hbtest.Make(t, app, "product_groups", map[string]any{"name": "VPS", "slug": "vps"})
	return &shop{app: app, product: newProduct(t, app, g.Id, "VPS S", "")}
}

func newProduct(t *testing.T, app core.App, group, name, overrides string) string {
	t.Helper()
	fields := map[string]any{"name": name, "slug": strings.ToLower(strings.ReplaceAll(name, " ", "-")), "kind": "vps", "group": group,
		"pricing": `{"USD":{"annual":{"price":12000,"setup":0}}}`}
	if overrides != "" {
		fields["overrides"] = overrides
	}
	return hbtest.Make(t, app, "products", fields).Id
}

// mailTo points the shop's mail at a real mailpit SMTP server.
func (sh *shop) mailTo(mp *mailpit.Server) {
	s := sh.app.Settings()
	s.Meta.SenderAddress, s.Meta.SenderName = "billing@northwind.example", "Northwind"
	s.SMTP.Enabled, s.SMTP.Host, s.SMTP.Port = true, mp.SMTPHost(), mp.SMTPPort()
	sh.app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		e.Mailer = &mailer.SMTPClient{Host: mp.SMTPHost(), Port: mp.SMTPPort()}
		return e.Next()
	})
}

func (sh *shop) customer(t *testing.T, name string, fields map[string]any) string {
	t.Helper()
	all := map[string]any{"name": name, "email": name + "@example.com", "country": "DE"}
	for k, v := range fields {
		all[k] = v
	}
	return hbtest.Make(t, sh.app, "customers", all).Id
}

// service makes an active annual service, first due on due: the run a week
// before issues its invoice.
func (sh *shop) service(t *testing.T, customer, product, due, hostname string, fields map[string]any) string {
	t.Helper()
	d := day(t, due)
	all := map[string]any{"customer": customer, "product": product, "status": "active", "cycle": "annual", "currency": "USD",
		"recurring_amount": 12000, "anchor_date": stored(d), "next_due_date": stored(d), "next_invoice_date": stored(d.AddDays(-7)),
		"hostname": hostname}
	for k, v := range fields {
		all[k] = v
	}
	return hbtest.Make(t, sh.app, "services", all).Id
}

// addon adds an annual addon to the service, billed with it from due.
func (sh *shop) addon(t *testing.T, service, customer, due string) string {
	t.Helper()
	d := day(t, due)
	a := hbtest.Make(t, sh.app, "addons", map[string]any{"name": "Backups", "pricing": `{"USD":{"annual":{"price":1200,"setup":0}}}`})
	return hbtest.Make(t, sh.app, "service_addons", map[string]any{"service": service, "customer": customer, "addon": a.Id,
		"status": "active", "cycle": "annual", "currency": "USD", "quantity": 1, "recurring_amount": 1200,
		"anchor_date": stored(d), "next_due_date": stored(d), "next_invoice_date": stored(d.AddDays(-7))}).Id
}

func day(t testing.TB, s string) money.Date {
	t.Helper()
	d, err := money.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func stored(d money.Date) string { return d.String() + " 00:00:00.000Z" }

// run is the daily billing run as of asOf, which must have no problems.
func run(t *testing.T, app core.App, asOf money.Date) *billing.Report {
	t.Helper()
	r, err := billing.Run(context.Background(), app, billing.RunOptions{AsOf: asOf, Wait: true,
		Now: asOf.Start(time.UTC).Add(9 * time.Hour)})
	if err != nil {
		t.Fatalf("run as of %s: %v", asOf, err)
	}
	if len(r.Problems) > 0 {
		t.Fatalf("run as of %s had problems: %v", asOf, r.Problems)
	}
	return r
}

// invoiceOf returns the one invoice billing the service.
func invoiceOf(t *testing.T, app core.App, service string) *collections.Invoice {
	t.Helper()
	var ids []string
	err := app.DB().Select("invoice").Distinct(true).From("invoice_items").Where(dbx.HashExp{"service": service}).Column(&ids)
	if err != nil || len(ids) != 1 {
		t.Fatalf("invoices of service %s: %v, %v", service, ids, err)
	}
	inv, err := collections.FindInvoice(app, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// steps lists an invoice's dunning steps as "step" or "step service".
func steps(t *testing.T, app core.App, invoice string) []string {
	t.Helper()
	var rows []struct {
		Step    string `db:"step"`
		Service string `db:"service"`
	}
	if err := app.DB().Select("step", "service").From("dunning_steps").Where(dbx.HashExp{"invoice": invoice}).
		OrderBy("happened_on", "step", "service").All(&rows); err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, r := range rows {
		if r.Service != "" {
			r.Step += " " + r.Service
		}
		out = append(out, r.Step)
	}
	return out
}

func service(t *testing.T, app core.App, id string) *collections.Service {
	t.Helper()
	s, err := collections.FindService(app, id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// pay pays the invoice in full from account credit, as of the day: the
// billing engine marks it paid and runs the paid hooks.
// With mp, it waits for the receipt.
func pay(t *testing.T, app core.App, mp *mailpit.Server, inv *collections.Invoice, on money.Date) {
	t.Helper()
	err := app.RunInTransaction(func(tx core.App) error {
		if _, err := billing.AddCredit(tx, billing.CreditEntry{Customer: inv.CustomerID(), Currency: inv.Currency(), Amount: inv.AmountDue(),
			Kind: collections.CreditEntryKindTopup, Note: "Bank transfer"}); err != nil {
			return err
		}
		_, err := billing.ApplyCredit(tx, inv.Id, on)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if paid, _ := collections.FindInvoice(app, inv.Id); paid.Status() != collections.InvoiceStatusPaid {
		t.Fatalf("invoice %s is %s after paying", inv.Number(), paid.Status())
	}
	if mp != nil {
		// The receipt goes out in the background: the app must outlive it.
		mp.WaitFor(t, func(m mailpit.Message) bool {
			return strings.Contains(m.Subject, "Payment received for invoice "+inv.Number())
		}, 10*time.Second)
	}
}

// mails returns the subjects of the mails to addr whose subject contains
// part, waiting a moment for mailpit to store what was sent.
func mails(t *testing.T, mp *mailpit.Server, addr, part string) []string {
	t.Helper()
	time.Sleep(200 * time.Millisecond)
	msgs, err := mp.Messages(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		if m.HasRecipient(addr) && containsFold(m.Subject, part) {
			out = append(out, m.Subject)
		}
	}
	return out
}

func containsFold(s, part string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(part))
}

// mailText returns the text part of the one mail to addr whose subject
// contains part.
func mailText(t *testing.T, mp *mailpit.Server, addr, part string) string {
	t.Helper()
	msgs, err := mp.Messages(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.HasRecipient(addr) && containsFold(m.Subject, part) {
			full, err := mp.Message(t.Context(), m.ID)
			if err != nil {
				t.Fatal(err)
			}
			return full.Text
		}
	}
	t.Fatalf("no mail to %s about %q", addr, part)
	return ""
}

type auditRow struct {
	Action    string `db:"action"`
	ActorName string `db:"actor_name"`
	After     string `db:"after"`
}

func audits(t *testing.T, app core.App, service string) []auditRow {
	t.Helper()
	var rows []auditRow
	if err := app.DB().Select("action", "actor_name", "after").From("audit_log").
		Where(dbx.HashExp{"target_collection": "services", "target_id": service}).OrderBy("created", "id").All(&rows); err != nil {
		t.Fatal(err)
	}
	return rows
}
