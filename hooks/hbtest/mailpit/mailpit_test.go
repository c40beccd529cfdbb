package mailpit_test

import (
	"context"
	"net/smtp"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/hbtest/mailpit"
)

func TestMain(m *testing.M) {
	code := m.Run()
	mailpit.Stop()
	os.Exit(code)
}

// send delivers one multipart/alternative message over plain SMTP.
func send(t *testing.T, s *mailpit.Server, from, to, subject, text, html string) {
	t.Helper()
	const boundary = "hbtest-boundary-42"
	msg := strings.Join([]string{
		"From: Hostbase Billing <" + from + ">",
		"To: " + to,
		"Subject: " + subject,
		"Message-ID: <" + strings.ReplaceAll(subject, " ", ".") + "@hostbase.test>",
		"MIME-Version: 1.0",
		`Content-Type: multipart/alternative; boundary="` + boundary + `"`,
		"",
		"--" + boundary,
		"Content-Type: text/plain; charset=utf-8",
		"",
		text,
		"--" + boundary,
		"Content-Type: text/html; charset=utf-8",
		"",
		html,
		"--" + boundary + "--",
		"",
	}, "\r\n")
	if err := smtp.SendMail(s.SMTPAddr(), nil, from, []string{to}, []byte(msg)); err != nil {
		t.Fatalf("SendMail: %v", err)
	}
}

func TestDeliveryThroughRESTAPI(t *testing.T) {
	s := mailpit.Start(t)
	if s.SMTPHost() != "127.0.0.1" || s.SMTPPort() == 0 {
		t.Fatalf("bad SMTP address %s:%d", s.SMTPHost(), s.SMTPPort())
	}
	ctx := context.Background()

	msgs, err := s.Messages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 0 {
		t.Fatalf("new server has %d messages", len(msgs))
	}

	send(t, s, "billing@hostbase.test", "alice@example.test", "Invoice INV-0001 is ready",
		"Hello Alice, your invoice totals 12.34 EUR.", "<p>Hello Alice, your invoice totals <b>12.34&nbsp;EUR</b>.</p>")

	got := s.WaitFor(t, func(m mailpit.Message) bool { return m.HasRecipient("ALICE@example.test") }, 10*time.Second)
	if got.Subject != "Invoice INV-0001 is ready" {
		t.Errorf("subject %q", got.Subject)
	}
	if got.From.Address != "billing@hostbase.test" || got.From.Name != "Hostbase Billing" {
		t.Errorf("from %+v", got.From)
	}
	if !strings.Contains(got.Snippet, "12.34 EUR") {
		t.Errorf("snippet %q", got.Snippet)
	}

	full, err := s.Message(ctx, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	if full.Subject != got.Subject || len(full.To) != 1 || full.To[0].Address != "alice@example.test" {
		t.Errorf("full message header fields: subject %q to %+v", full.Subject, full.To)
	}
	if strings.TrimSpace(full.Text) != "Hello Alice, your invoice totals 12.34 EUR." {
		t.Errorf("text body %q", full.Text)
	}
	if !strings.Contains(full.HTML, "<b>12.34&nbsp;EUR</b>") {
		t.Errorf("html body %q", full.HTML)
	}
	if full.MessageID != "Invoice.INV-0001.is.ready@hostbase.test" {
		t.Errorf("message id %q", full.MessageID)
	}

	h, err := s.Headers(ctx, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	if h["Subject"][0] != got.Subject {
		t.Errorf("headers %v", h)
	}
	raw, err := s.Raw(ctx, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "boundary=\"hbtest-boundary-42\"") {
		t.Errorf("raw source lacks the boundary:\n%s", raw)
	}

	send(t, s, "billing@hostbase.test", "bob@example.test", "Payment received", "Thanks Bob.", "<p>Thanks Bob.</p>")
	s.WaitFor(t, func(m mailpit.Message) bool { return m.Subject == "Payment received" }, 10*time.Second)
	found, err := s.Search(ctx, "to:bob@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].Subject != "Payment received" {
		t.Errorf("search to:bob found %+v", found)
	}
	found, err = s.Search(ctx, `subject:"INV-0001"`)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || !found[0].HasRecipient("alice@example.test") {
		t.Errorf("search subject found %+v", found)
	}

	if err := s.DeleteAll(ctx); err != nil {
		t.Fatal(err)
	}
	if msgs, err := s.Messages(ctx); err != nil || len(msgs) != 0 {
		t.Errorf("after DeleteAll: %d messages, err %v", len(msgs), err)
	}
	if _, err := s.Message(ctx, got.ID); err == nil {
		t.Error("deleted message still readable")
	}
}

func TestShared(t *testing.T) {
	a := mailpit.Shared(t)
	b := mailpit.Shared(t)
	if a != b {
		t.Fatal("Shared returned two servers")
	}
	send(t, a, "noreply@hostbase.test", "shared@example.test", "Shared server", "hi", "<p>hi</p>")
	b.WaitFor(t, func(m mailpit.Message) bool { return m.HasRecipient("shared@example.test") }, 10*time.Second)
}

func TestWaitForFailsWithListing(t *testing.T) {
	s := mailpit.Shared(t)
	ft := &fakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.WaitFor(ft, func(mailpit.Message) bool { return false }, 200*time.Millisecond)
	}()
	<-done
	if !strings.Contains(ft.msg, "no matching message within 200ms") {
		t.Errorf("failure message %q", ft.msg)
	}
}

// fakeTB records a Fatal instead of failing the real test.
type fakeTB struct {
	testing.TB
	msg string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Fatal(args ...any) {
	for _, a := range args {
		f.msg += a.(string)
	}
	runtime.Goexit() // as t.Fatal does
}
