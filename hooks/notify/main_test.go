package notify_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/hbtest/mailpit"
)

func TestMain(m *testing.M) { hbtest.Main(m) }

const (
	senderAddress = "billing@hosting.test"
	senderName    = "Example Hosting Billing"
)

// newApp returns a test app whose mail goes over SMTP to mp. PocketBase's
// test app swaps every mailer for an in-memory one in an OnMailerSend hook;
// the hook bound here runs after it and swaps a real SMTP client back in,
// built from the app's settings at each send so that a test can move the
// port (SMTP down).
func newApp(t *testing.T, mp *mailpit.Server) *hbtest.App {
	t.Helper()
	app := hbtest.NewApp(t, hbtest.MigratedDir(t))
	s := app.Settings()
	s.Meta.SenderAddress = senderAddress
	s.Meta.SenderName = senderName
	s.SMTP.Enabled = true
	s.SMTP.Host = mp.SMTPHost()
	s.SMTP.Port = mp.SMTPPort()
	app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		smtp := e.App.Settings().SMTP
		e.Mailer = &mailer.SMTPClient{Host: smtp.Host, Port: smtp.Port}
		return e.Next()
	})
	return app
}

// received returns the messages mailpit holds for addr.
func received(t *testing.T, mp *mailpit.Server, addr string) []mailpit.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	all, err := mp.Messages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []mailpit.Message
	for _, m := range all {
		if m.HasRecipient(addr) {
			out = append(out, m)
		}
	}
	return out
}

// full waits for the one message to addr and returns it whole.
func full(t *testing.T, mp *mailpit.Server, addr string) mailpit.FullMessage {
	t.Helper()
	msg := mp.WaitFor(t, func(m mailpit.Message) bool { return m.HasRecipient(addr) }, 10*time.Second)
	fm, err := mp.Message(context.Background(), msg.ID)
	if err != nil {
		t.Fatal(err)
	}
	return fm
}

// logRows returns the email_log rows matching exp, oldest first.
func logRows(t *testing.T, app core.App, exp dbx.Expression) []*collections.EmailLogEntry {
	t.Helper()
	recs, err := app.FindAllRecords(collections.EmailLog, exp)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*collections.EmailLogEntry, len(recs))
	for i, r := range recs {
		out[i] = collections.WrapEmailLogEntry(r)
	}
	return out
}

func byKey(key string) dbx.Expression {
	return dbx.HashExp{collections.EmailLogEntryFields.DedupeKey: key}
}

func byTo(addr string) dbx.Expression {
	return dbx.HashExp{collections.EmailLogEntryFields.To: addr}
}

// closedPort returns a local port nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

func containsAll(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s lacks %q:\n%s", what, sub, s)
		}
	}
}
