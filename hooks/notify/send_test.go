package notify_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/emails"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/hbtest/mailpit"
	"github.com/ezscale/hostbase/hooks/notify"
)

// Every default template, rendered with its sample data, reaches the
// customer with its subject, the sender, an HTML part and a text part, and
// is logged as sent.
func TestEveryTemplateArrivesWithHTMLAndText(t *testing.T) {
	mp := mailpit.Start(t)
	app := newApp(t, mp)

	expect := map[string][]string{
		"invoice_created":                  {"INV-2026-000123", "23.80 EUR", "15 March 2026", "VPS M (vps1.customer.example)", "Extra IPv4 address"},
		"invoice_reminder":                 {"INV-2026-000123", "23.80 EUR", "15 March 2026"},
		"invoice_paid":                     {"INV-2026-000123", "23.80 EUR", "Visa ending 4242", "pi_3Pabc123", "10 March 2026"},
		"credit_note_issued":               {"CN-2026-000007", "INV-2026-000123", "11.90 EUR", "Downgrade to VPS S"},
		"credit_added":                     {"50.00 EUR", "75.00 EUR", "Top-up by bank transfer"},
		"invoice_overdue":                  {"INV-2026-000123", "23.80 EUR", "15 March 2026", "29 March 2026", "VPS M (vps1.customer.example)"},
		"service_suspended":                {"VPS M", "vps1.customer.example", "INV-2026-000123", "23.80 EUR", "29 April 2026"},
		"service_terminated":               {"VPS M", "vps1.customer.example", "INV-2026-000123", "23.80 EUR", "29 April 2026"},
		"payment_failed":                   {"INV-2026-000123", "Visa ending 4242", "23.80 EUR", "Your card has insufficient funds."},
		"staff_dispute_opened":             {"INV-2026-000123", "Jane Doe", "23.80 EUR", "du_1Pabc123"},
		"staff_refund_unmatched":           {"INV-2026-000123", "Jane Doe", "7.00 EUR", "re_1Pabc123"},
		"service_welcome":                  {"VPS M", "vps1.customer.example", "203.0.113.10", "203.0.113.11", "root", "Root password", "s3cret-Example-pw"},
		"staff_provisioning_failed":        {"create", "VPS M", "Jane Doe", "virtfusion", "vf-ams-1", "503 Service Unavailable", "job0000000000001"},
		"ticket_opened":                    {"K7Q2ZX9A", "Cannot reach my VPS over SSH", "Technical support", "ssh to vps1.customer.example times out."},
		"ticket_reply":                     {"K7Q2ZX9A", "Sam Support", "We restarted the SSH service on vps1.customer.example.", "Please try again."},
		"ticket_auto_closed":               {"K7Q2ZX9A", "7 days", "14 days"},
		"staff_ticket_opened":              {"K7Q2ZX9A", "Jane Doe", "jane@customer.example", "Technical support", "high", "Ping still answers.", "collection=tickets"},
		"staff_ticket_reply":               {"K7Q2ZX9A", "Jane Doe", "Thanks, it works again.", "collection=tickets"},
		"affiliate_commissions_approved":   {"42.50 EUR", "3 of your commissions"},
		"affiliate_payout_paid":            {"42.50 EUR", "SEPA 2026-03-31-17", "3 commission(s)"},
		"affiliate_payout_rejected":        {"42.50 EUR", "Payout details missing: add your IBAN.", "3 commission(s)"},
		"staff_affiliate_payout_requested": {"42.50 EUR", "Jane Doe", "jane@customer.example", "JANE2026", "IBAN DE89 3704 0044 0532 0130 00", "https://hosting.example/staff/payouts"},
	}
	links := map[string]string{
		"invoice_created": "https://hosting.example/client/invoices/inv0000000000001", "invoice_reminder": "https://hosting.example/client/invoices/inv0000000000001",
		"invoice_paid": "https://hosting.example/client/invoices/inv0000000000001", "credit_note_issued": "https://hosting.example/client/invoices/inv0000000000002",
		"credit_added": "https://hosting.example/client/", "invoice_overdue": "https://hosting.example/client/invoices/inv0000000000001",
		"service_suspended": "https://hosting.example/client/invoices/inv0000000000001", "service_terminated": "https://hosting.example/client/invoices/inv0000000000001",
		"payment_failed":  "https://hosting.example/client/invoices/inv0000000000001",
		"service_welcome": "https://hosting.example/client/",
		"ticket_opened":   "https://hosting.example/client/tickets/tck000000000001", "ticket_reply": "https://hosting.example/client/tickets/tck000000000001",
		"ticket_auto_closed":             "https://hosting.example/client/tickets/tck000000000001",
		"affiliate_commissions_approved": "https://hosting.example/client/affiliate", "affiliate_payout_paid": "https://hosting.example/client/affiliate",
		"affiliate_payout_rejected": "https://hosting.example/client/affiliate",
	}
	if len(expect) != len(emails.Keys()) {
		t.Fatalf("keys %v: every template needs a case here", emails.Keys())
	}

	for _, key := range emails.Keys() {
		data, ok := notify.SampleData(key)
		if !ok {
			t.Fatalf("no sample data for %s", key)
		}
		tmpl, _ := emails.Default(key)
		want, err := emails.Render(tmpl, data)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		to := strings.ReplaceAll(key, "_", "-") + "@customer.test"
		err = notify.Send(app, notify.Message{
			Template: key, To: to, ToName: "Jane Doe", Data: data, ReplyTo: "support+" + strings.ReplaceAll(key, "_", "") + "@hosting.test",
			DedupeKey: key + ":inv0000000000001", RelatedCollection: collections.Invoices, RelatedID: "inv0000000000001",
		})
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}

		got := full(t, mp, to)
		if got.Subject != want.Subject || got.From.Address != senderAddress || got.From.Name != senderName ||
			len(got.To) != 1 || got.To[0].Address != to || got.To[0].Name != "Jane Doe" {
			t.Errorf("%s: subject %q (want %q), from %v, to %v", key, got.Subject, want.Subject, got.From, got.To)
		}
		// Staff alerts go to the company and link nowhere a customer logs in.
		if strings.HasPrefix(key, "staff_") {
			containsAll(t, key+" HTML", got.HTML, append([]string{"</p>"}, expect[key]...)...)
			containsAll(t, key+" text", got.Text, expect[key]...)
		} else {
			containsAll(t, key+" HTML", got.HTML, append([]string{"Hello Jane Doe", "Example Hosting", `<a href="` + links[key] + `"`, "</p>"}, expect[key]...)...)
			containsAll(t, key+" text", got.Text, append([]string{"Hello Jane Doe", "Example Hosting", links[key]}, expect[key]...)...)
		}
		if len(got.ReplyTo) != 1 || got.ReplyTo[0].Address != "support+"+strings.ReplaceAll(key, "_", "")+"@hosting.test" {
			t.Errorf("%s: reply-to %v", key, got.ReplyTo)
		}
		if strings.Contains(got.Text, "<p>") || strings.Contains(got.HTML, "{{") || strings.Contains(got.Text, "{{") {
			t.Errorf("%s: the text part must be text, and no field may stay unrendered", key)
		}

		rows := logRows(t, app, byTo(to))
		if len(rows) != 1 {
			t.Fatalf("%s: %d log rows", key, len(rows))
		}
		r := rows[0]
		if r.Status() != collections.EmailLogEntryStatusSent || r.Subject() != want.Subject || r.Template() != key ||
			r.Error() != "" || r.DedupeKey() != key+":inv0000000000001" || r.RelatedCollection() != collections.Invoices ||
			r.RelatedID() != "inv0000000000001" || got.MessageID == "" || "<"+got.MessageID+">" != r.MessageID() {
			t.Errorf("%s: log row %v, message id %q", key, r.PublicExport(), got.MessageID)
		}
	}
}

// A customer's name or an invoice line cannot put HTML, a script link or a
// header into the email.
func TestCustomerDataCannotInjectHTML(t *testing.T) {
	mp := mailpit.Start(t)
	app := newApp(t, mp)

	data, _ := notify.SampleData("invoice_created")
	data.Customer.Name = "<script>alert(1)</script>"
	data.Invoice.Number = "INV-1\r\nBcc: victim@elsewhere.test"
	data.Invoice.Lines[0].Description = "[x](javascript:alert(1))"
	data.Links.Invoice = "javascript:alert(2)"
	if err := notify.Send(app, notify.Message{Template: "invoice_created", To: "mallory@customer.test", ToName: data.Customer.Name, Data: data}); err != nil {
		t.Fatal(err)
	}

	got := full(t, mp, "mallory@customer.test")
	lower := strings.ToLower(got.HTML)
	for _, bad := range []string{"<script", "javascript:", "<a href=\"javascript"} {
		if strings.Contains(lower, bad) {
			t.Errorf("HTML holds %q:\n%s", bad, got.HTML)
		}
	}
	containsAll(t, "HTML", got.HTML, "Hello &lt;script&gt;alert(1)&lt;/script&gt;", "[x](javascript&#58;alert(1))")
	if len(got.To) != 1 || len(got.Bcc) != 0 || len(got.Cc) != 0 || got.Subject != "Invoice INV-1 Bcc: victim@elsewhere.test from Example Hosting" {
		t.Errorf("a field must not add a header: to %v, cc %v, bcc %v, subject %q", got.To, got.Cc, got.Bcc, got.Subject)
	}
	if len(received(t, mp, "victim@elsewhere.test")) != 0 {
		t.Error("mail went to an address injected into the subject")
	}
}

// An active override replaces the default; an inactive one is ignored, and
// deactivating an override brings the default back.
func TestDatabaseOverrideReplacesTheDefault(t *testing.T) {
	mp := mailpit.Start(t)
	app := newApp(t, mp)
	save := func(key, subject, body string, active bool) *collections.EmailTemplate {
		t.Helper()
		tpl, err := collections.NewEmailTemplate(app)
		if err != nil {
			t.Fatal(err)
		}
		tpl.SetKey(key)
		tpl.SetSubject(subject)
		tpl.SetBody(body)
		tpl.SetActive(active)
		if err := app.Save(tpl); err != nil {
			t.Fatal(err)
		}
		return tpl
	}
	send := func(key, to string) {
		t.Helper()
		data, _ := notify.SampleData(key)
		if err := notify.Send(app, notify.Message{Template: key, To: to, Data: data}); err != nil {
			t.Fatal(err)
		}
	}

	active := save("invoice_reminder", "Heads up: {{.Invoice.Number}}", "Dear {{.Customer.Name}}, **custom** reminder.", true)
	save("invoice_paid", "Inactive {{.Invoice.Number}}", "Inactive body", false)
	// an inactive draft of a key beside the active override
	save("invoice_reminder", "Draft", "Draft body", false)

	send("invoice_reminder", "a@customer.test")
	got := full(t, mp, "a@customer.test")
	if got.Subject != "Heads up: INV-2026-000123" || !strings.Contains(got.HTML, "Dear Jane Doe, <strong>custom</strong> reminder.") {
		t.Errorf("active override not used: %q\n%s", got.Subject, got.HTML)
	}

	send("invoice_paid", "b@customer.test")
	if got := full(t, mp, "b@customer.test"); got.Subject != "Payment received for invoice INV-2026-000123" {
		t.Errorf("an inactive override must not replace the default: %q", got.Subject)
	}

	active.SetActive(false)
	if err := app.Save(active); err != nil {
		t.Fatal(err)
	}
	send("invoice_reminder", "c@customer.test")
	if got := full(t, mp, "c@customer.test"); got.Subject != "Payment reminder: invoice INV-2026-000123 is due on 15 March 2026" {
		t.Errorf("a deactivated override must give way to the default: %q", got.Subject)
	}
}

// The same dedupe key twice sends one email and logs one row; without a key
// every Send sends.
func TestDedupeKeySendsOnce(t *testing.T) {
	mp := mailpit.Start(t)
	app := newApp(t, mp)
	data, _ := notify.SampleData("invoice_paid")
	m := notify.Message{Template: "invoice_paid", To: "once@customer.test", Data: data, DedupeKey: "invoice_paid:inv1"}

	for range 2 {
		if err := notify.Send(app, m); err != nil {
			t.Fatal(err)
		}
	}
	full(t, mp, "once@customer.test")
	if n := len(received(t, mp, "once@customer.test")); n != 1 {
		t.Errorf("%d emails for one key, want 1", n)
	}
	if rows := logRows(t, app, byKey(m.DedupeKey)); len(rows) != 1 || rows[0].Status() != collections.EmailLogEntryStatusSent {
		t.Errorf("want one sent log row, got %d", len(rows))
	}

	m.To, m.DedupeKey = "twice@customer.test", ""
	for range 2 {
		if err := notify.Send(app, m); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(received(t, mp, "twice@customer.test")); n != 2 {
		t.Errorf("%d emails without a key, want 2", n)
	}
	if rows := logRows(t, app, byTo("twice@customer.test")); len(rows) != 2 {
		t.Errorf("%d log rows without a key, want 2", len(rows))
	}
}

// Eight senders racing with one key send one email between them.
func TestConcurrentSendsWithOneKeySendOnce(t *testing.T) {
	mp := mailpit.Start(t)
	app := newApp(t, mp)
	data, _ := notify.SampleData("invoice_created")
	m := notify.Message{Template: "invoice_created", To: "race@customer.test", Data: data, DedupeKey: "invoice_created:race"}

	start := make(chan struct{})
	errs := make(chan error, 8)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			<-start
			errs <- notify.Send(app, m)
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}

	full(t, mp, "race@customer.test")
	if n := len(received(t, mp, "race@customer.test")); n != 1 {
		t.Errorf("%d emails from 8 racing senders, want 1", n)
	}
	if rows := logRows(t, app, byKey(m.DedupeKey)); len(rows) != 1 || rows[0].Status() != collections.EmailLogEntryStatusSent {
		t.Errorf("want one sent log row, got %d", len(rows))
	}
}

// With SMTP down, Send fails and logs the failure; once SMTP is back, the
// same key sends once.
func TestFailedSendIsLoggedAndRetriedOnce(t *testing.T) {
	mp := mailpit.Start(t)
	app := newApp(t, mp)
	data, _ := notify.SampleData("credit_added")
	m := notify.Message{Template: "credit_added", To: "retry@customer.test", Data: data, DedupeKey: "credit_added:ledger1"}

	app.Settings().SMTP.Port = closedPort(t)
	if err := notify.Send(app, m); err == nil {
		t.Fatal("Send with SMTP down must return an error")
	}
	rows := logRows(t, app, byKey(m.DedupeKey))
	if len(rows) != 1 || rows[0].Status() != collections.EmailLogEntryStatusFailed || rows[0].Error() == "" || rows[0].Subject() == "" {
		t.Fatalf("want one failed log row with its error, got %d: %v", len(rows), rows)
	}
	t.Logf("logged error: %s", rows[0].Error())

	app.Settings().SMTP.Port = mp.SMTPPort()
	for range 2 {
		if err := notify.Send(app, m); err != nil {
			t.Fatal(err)
		}
	}
	full(t, mp, "retry@customer.test")
	if n := len(received(t, mp, "retry@customer.test")); n != 1 {
		t.Errorf("%d emails after the retry, want 1", n)
	}
	rows = logRows(t, app, byKey(m.DedupeKey))
	if len(rows) != 1 || rows[0].Status() != collections.EmailLogEntryStatusSent || rows[0].Error() != "" {
		t.Errorf("want the row sent with no error, got %d: %v", len(rows), rows[0].PublicExport())
	}
}

// A claim left queued by a sender that died is taken over once it is
// stale, and honoured while it is fresh.
func TestAbandonedClaimIsTakenOver(t *testing.T) {
	mp := mailpit.Start(t)
	app := newApp(t, mp)
	data, _ := notify.SampleData("invoice_reminder")

	claimAt := func(key string, at time.Time) {
		t.Helper()
		e, err := collections.NewEmailLogEntry(app)
		if err != nil {
			t.Fatal(err)
		}
		e.SetTo("x@customer.test")
		e.SetStatus(collections.EmailLogEntryStatusQueued)
		e.SetDedupeKey(key)
		if err := app.Save(e); err != nil {
			t.Fatal(err)
		}
		dt, _ := types.ParseDateTime(at)
		if _, err := app.DB().Update(collections.EmailLog, dbx.Params{"updated": dt.String()}, dbx.HashExp{"id": e.Id}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	claimAt("fresh", time.Now())
	claimAt("stale", time.Now().Add(-11*time.Minute))

	for _, key := range []string{"fresh", "stale"} {
		if err := notify.Send(app, notify.Message{Template: "invoice_reminder", To: key + "@customer.test", Data: data, DedupeKey: key}); err != nil {
			t.Fatal(err)
		}
	}
	full(t, mp, "stale@customer.test")
	if n := len(received(t, mp, "fresh@customer.test")); n != 0 {
		t.Error("a fresh claim belongs to its sender")
	}
	if rows := logRows(t, app, byKey("stale")); len(rows) != 1 || rows[0].Status() != collections.EmailLogEntryStatusSent || rows[0].To() != "stale@customer.test" {
		t.Errorf("the stale claim must be sent under its row: %v", rows)
	}
}

// Send refuses to run inside a transaction, and logs a template it cannot
// find as a failure.
func TestSendRefusals(t *testing.T) {
	mp := mailpit.Start(t)
	app := newApp(t, mp)
	data, _ := notify.SampleData("invoice_paid")

	err := app.RunInTransaction(func(tx core.App) error {
		return notify.Send(tx, notify.Message{Template: "invoice_paid", To: "tx@customer.test", Data: data})
	})
	if !errors.Is(err, notify.ErrInTransaction) {
		t.Errorf("inside a transaction: %v", err)
	}

	for _, m := range []notify.Message{
		{Template: "", To: "a@customer.test"},
		{Template: "invoice_paid", To: "not an address"},
		{Template: "invoice_paid", To: "Jane <jane@customer.test>"},
	} {
		if err := notify.Send(app, m); err == nil {
			t.Errorf("%+v: sent", m)
		}
	}

	err = notify.Send(app, notify.Message{Template: "welcome_gift", To: "gift@customer.test", Data: data})
	if !errors.Is(err, notify.ErrUnknownTemplate) {
		t.Errorf("unknown template: %v", err)
	}
	if rows := logRows(t, app, byTo("gift@customer.test")); len(rows) != 1 || rows[0].Status() != collections.EmailLogEntryStatusFailed {
		t.Errorf("an unknown template is a failed send in the log: %v", rows)
	}

	if err := notify.Send(app, notify.Message{Template: "invoice_paid", To: "nodata@customer.test"}); err == nil {
		t.Error("a message without data cannot render")
	}
	if n := len(received(t, mp, "tx@customer.test")) + len(received(t, mp, "nodata@customer.test")); n != 0 {
		t.Errorf("%d emails sent by refused sends", n)
	}
}

func TestLoadCompany(t *testing.T) {
	app := hbtest.NewApp(t, hbtest.MigratedDir(t))
	c, err := notify.LoadCompany(app)
	if err != nil || c.Name == "" {
		t.Fatalf("%+v %v", c, err)
	}
}
