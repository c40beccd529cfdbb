package provisioning_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest/mailpit"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// withMail points the world's mailer at mailpit.
func withMail(t *testing.T, w *world) *mailpit.Server {
	t.Helper()
	mp := mailpit.Start(t)
	s := w.app.Settings()
	s.Meta.SenderAddress, s.Meta.SenderName = "ops@northwind.test", "Northwind Hosting"
	s.SMTP.Enabled, s.SMTP.Host, s.SMTP.Port = true, mp.SMTPHost(), mp.SMTPPort()
	w.app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		smtp := e.App.Settings().SMTP
		e.Mailer = &mailer.SMTPClient{Host: smtp.Host, Port: smtp.Port}
		return e.Next()
	})
	return mp
}

func fullMessage(t *testing.T, mp *mailpit.Server, to, subject string) mailpit.FullMessage {
	t.Helper()
	m := mp.WaitFor(t, func(m mailpit.Message) bool { return m.HasRecipient(to) && strings.Contains(m.Subject, subject) }, 10*time.Second)
	full, err := mp.Message(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return full
}

// The customer's welcome email carries what the panel made, the password
// included; a job that dies tells staff what failed, once.
func TestTheWelcomeEmailAndTheStaffAlertArrive(t *testing.T) {
	w := newWorld(t)
	mp := withMail(t, w)
	svc := w.activeService(t, w.alice)
	s := w.svc(t, svc)
	c, _ := w.app.Keys.Cipher()
	var creds map[string]string
	if err := c.OpenJSON(s.Credentials(), collections.Services+"."+collections.ServiceFields.Credentials, &creds); err != nil {
		t.Fatal(err)
	}
	welcome := fullMessage(t, mp, "alice@example.com", "is ready")
	for _, want := range append(values(creds), s.Hostname(), s.IP(), "VPS S") {
		if !strings.Contains(welcome.Text, want) {
			t.Fatalf("the welcome email lacks %q:\n%s", want, welcome.Text)
		}
	}

	failing := w.pendingService(t, w.bob)
	w.panel.setFailCreate(sdk.InvalidConfig("plan", "plan %q does not exist on the panel", "tiny"))
	w.paid(t, failing)
	w.runDue(t)
	alert := fullMessage(t, mp, "ops@northwind.test", "Provisioning needs you")
	for _, want := range []string{"Bob Jones", "create", "invalid_config", "plan", "ams-1"} {
		if !strings.Contains(alert.Text, want) {
			t.Fatalf("the staff alert lacks %q:\n%s", want, alert.Text)
		}
	}
	if n := count(t, w.app, collections.EmailLog, "template = 'staff_provisioning_failed'"); n != 1 {
		t.Fatalf("%d staff alerts logged, want 1", n)
	}
}
