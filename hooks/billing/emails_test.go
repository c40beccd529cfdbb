package billing_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest/mailpit"
)

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

func subjects(t *testing.T, mp *mailpit.Server) []string {
	t.Helper()
	msgs, err := mp.Messages(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		out = append(out, m.To[0].Address+": "+m.Subject)
	}
	return out
}

func TestBillingEmailsGoOutOnceEach(t *testing.T) {
	mp := mailpit.Start(t)
	sh := newShop(t)
	sh.mailTo(mp)
	sh.service(t, sh.customerDE, "monthly", 1000, "2026-03-01", "2026-03-01")

	// The renewal is issued 7 days ahead, the day the default reminder
	// (7 days before the due date) falls: one invoice mail, one reminder.
	r := run(t, sh.app, "2026-02-22")
	run(t, sh.app, "2026-02-22")
	if r.Emails != 2 {
		t.Fatalf("run sent %d emails, want 2", r.Emails)
	}
	mp.WaitFor(t, func(m mailpit.Message) bool {
		return strings.Contains(m.Subject, "reminder") || strings.Contains(strings.ToLower(m.Subject), "due")
	}, 10*time.Second)
	if got := subjects(t, mp); len(got) != 2 {
		t.Fatalf("mails after two runs: %v", got)
	}

	invoice := invoices(t, sh.app)[0]
	err := sh.app.RunInTransaction(func(tx core.App) error {
		if _, err := billing.AddCredit(tx, billing.CreditEntry{Customer: sh.customerDE, Currency: "USD", Amount: 1190, Kind: collections.CreditEntryKindTopup, Note: "Bank transfer"}); err != nil {
			return err
		}
		_, err := billing.ApplyCredit(tx, invoice.ID, day(t, "2026-02-22"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The credit added and the receipt, sent after the commit.
	deadline := time.Now().Add(10 * time.Second)
	for len(subjects(t, mp)) < 4 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	got := subjects(t, mp)
	if len(got) != 4 {
		t.Fatalf("mails: %v; want invoice, reminder, credit added and receipt", got)
	}
	for _, m := range got {
		if !strings.HasPrefix(m, "anna@example.com: ") {
			t.Errorf("mail to someone else: %s", m)
		}
	}
	var logged int
	if err := sh.app.DB().Select("count(*)").From("email_log").AndWhere(dbxStatus("sent")).Row(&logged); err != nil || logged != 4 {
		t.Fatalf("%d sent mails logged (%v)", logged, err)
	}
}

func dbxStatus(s string) dbx.Expression { return dbx.HashExp{"status": s} }
