package affiliates_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/hbtest/mailpit"
)

// withMailpit sends the world's mail through a real SMTP server.
func (w *world) withMailpit(t *testing.T) *mailpit.Server {
	t.Helper()
	mp := mailpit.Start(t)
	s := w.app.Settings()
	s.Meta.SenderAddress, s.Meta.SenderName = "billing@northwind.test", "Northwind Hosting"
	s.SMTP.Enabled, s.SMTP.Host, s.SMTP.Port = true, mp.SMTPHost(), mp.SMTPPort()
	w.app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		e.Mailer = &mailer.SMTPClient{Host: mp.SMTPHost(), Port: mp.SMTPPort()}
		return e.Next()
	})
	return mp
}

// mailsTo are the subjects of the mail addr received.
func mailsTo(t *testing.T, mp *mailpit.Server, addr string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	all, err := mp.Messages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, m := range all {
		for _, to := range m.To {
			if strings.EqualFold(to.Address, addr) {
				subjects = append(subjects, m.Subject)
			}
		}
	}
	return subjects
}

func waitForMail(t *testing.T, mp *mailpit.Server, addr, subject string) {
	t.Helper()
	mp.WaitFor(t, func(m mailpit.Message) bool {
		return len(m.To) == 1 && strings.EqualFold(m.To[0].Address, addr) && strings.Contains(m.Subject, subject)
	}, 10*time.Second)
}

// The daily run's approval tells the affiliate what became payable, once:
// a second run the same day, or a later one, sends nothing more.
func TestApprovalEmailsTheAffiliateOnce(t *testing.T) {
	w := newWorld(t)
	mp := w.withMailpit(t)
	carol, dave := w.referred(t, "carol"), w.referred(t, "dave")
	// Both invoices first: each is issued by a billing run, which would
	// approve (and announce) a commission already earned.
	carols, daves := w.invoice(t, carol, 1299), w.invoice(t, dave, 1000)
	w.pay(t, carols, time.Now().Add(-40*24*time.Hour))
	w.pay(t, daves, time.Now().Add(-40*24*time.Hour))

	for range 2 {
		if _, err := billing.Run(context.Background(), w.app, billing.RunOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	waitForMail(t, mp, "alice@example.com", "2.30 USD of affiliate commission approved")
	// Give a duplicate the time to arrive.
	time.Sleep(300 * time.Millisecond)
	if got := mailsTo(t, mp, "alice@example.com"); len(got) != 1 {
		t.Fatalf("alice received %v, want one approval email", got)
	}
}

// A manual request alerts the company; paying it tells the affiliate, once;
// a refused request tells the affiliate why.
func TestPayoutEmails(t *testing.T) {
	w := newWorld(t)
	w.approvedCommissions(t)
	mp := w.withMailpit(t)

	status, resp := w.do(t, "POST", "/api/hb/affiliate/payouts", w.aliceTok, map[string]any{"method": "manual", "currency": "USD", "details": "IBAN DE00 1234"})
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, resp)
	}
	first := decodeID(t, resp)
	waitForMail(t, mp, "billing@northwind.test", "Affiliate payout requested: 2.30 USD for Alice")
	if status, resp := w.do(t, "POST", "/api/hb/affiliate/payouts/"+first+"/reject", w.beaTok, map[string]any{"note": "IBAN missing"}); status != http.StatusOK {
		t.Fatalf("%d %s", status, resp)
	}
	waitForMail(t, mp, "alice@example.com", "was not paid")

	status, resp = w.do(t, "POST", "/api/hb/affiliate/payouts", w.aliceTok, map[string]any{"method": "manual", "currency": "USD"})
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, resp)
	}
	second := decodeID(t, resp)
	for range 2 {
		if status, resp := w.do(t, "POST", "/api/hb/affiliate/payouts/"+second+"/paid", w.beaTok, map[string]any{"reference": "SEPA-2026-0042"}); status != http.StatusOK {
			t.Fatalf("%d %s", status, resp)
		}
	}
	waitForMail(t, mp, "alice@example.com", "Your affiliate payout of 2.30 USD")
	time.Sleep(300 * time.Millisecond)

	alice := mailsTo(t, mp, "alice@example.com")
	company := mailsTo(t, mp, "billing@northwind.test")
	if len(alice) != 2 || len(company) != 2 {
		t.Fatalf("alice received %v, the company %v; want a refusal and one payment, and two requests", alice, company)
	}
}

func decodeID(t *testing.T, body []byte) string {
	t.Helper()
	id, _ := hbtest.Decode(t, body)["id"].(string)
	if id == "" {
		t.Fatalf("no id in %s", body)
	}
	return id
}
