package notify

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/pocketbase/ozzo-validation/v4/is"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/emails"
)

// Message is one notification email to send.
type Message struct {
	// Template is the template key, e.g. "invoice_created" (emails.Keys).
	Template string
	// To is the recipient's bare email address; ToName their display name.
	To     string
	ToName string
	// Customer is the customer's record id, when the email is to one: the
	// log row is then theirs to see.
	Customer string
	// Data is what the template renders, normally a Data.
	Data any
	// DedupeKey, when set, makes the send happen once: a later Send with
	// the same key does nothing once one has been sent. Derive it from
	// record ids, e.g. "invoice_paid:" + invoice.Id. Up to 200 characters.
	DedupeKey string
	// ReplyTo, when set, is the address a reply to the email goes to, e.g.
	// a support address that files the reply with its ticket.
	ReplyTo string
	// RelatedCollection and RelatedID name the record the email is about.
	RelatedCollection string
	RelatedID         string
}

// ErrInTransaction is returned by Send when called with a transaction's app:
// an email cannot be rolled back, and a slow SMTP server would hold the
// database's write lock.
var ErrInTransaction = errors.New("notify: Send inside a transaction: send after the commit")

// Send renders m's template (see TemplateFor) with m.Data and sends it
// through the app's mailer from the sender in the app's mail settings, with
// an HTML and a plain-text part, and records the attempt in email_log.
//
// With a DedupeKey, Send first claims the key with a "queued" log row (the
// unique index decides between racing senders); if the key was already
// sent, or another sender holds it, Send returns nil without sending. A
// failed send is logged "failed" with its error and returns that error; the
// next Send with the key tries again. A claim left "queued" for 10 minutes
// (a crash between claim and log) may be taken over, so a crash can cause
// one duplicate but never a lost email. Without a DedupeKey, every Send
// sends.
//
// Send fails without logging when m has no template or no valid address.
func Send(app core.App, m Message) error {
	if app.IsTransactional() {
		return ErrInTransaction
	}
	if m.Template == "" {
		return errors.New("notify: message without a template")
	}
	if err := is.EmailFormat.Validate(m.To); err != nil || m.To == "" {
		return fmt.Errorf("notify: %s: invalid recipient %q", m.Template, m.To)
	}

	entry, err := claim(app, m)
	if err != nil || entry == nil {
		return err
	}
	subject, messageID, sendErr := deliver(app, m, entry.Id)

	status := collections.EmailLogEntryStatusSent
	errText := ""
	if sendErr != nil {
		status = collections.EmailLogEntryStatusFailed
		errText = sendErr.Error()
	}
	fill(entry, m)
	entry.SetStatus(status)
	entry.SetSubject(truncate(subject, 500))
	entry.SetError(truncate(errText, 2000))
	entry.SetMessageID(truncate(messageID, 255))
	if err := app.Save(entry); err != nil {
		if sendErr == nil {
			return fmt.Errorf("notify: %s to %s sent, but not logged: %w", m.Template, m.To, err)
		}
		return errors.Join(sendErr, err)
	}
	if sendErr != nil {
		return fmt.Errorf("notify: %s to %s: %w", m.Template, m.To, sendErr)
	}
	return nil
}

// deliver renders and sends one message. The Message-ID is derived from the
// log row, so that a retry after an unclear failure carries the same id and
// a mail client can tell the copies are one email.
func deliver(app core.App, m Message, logID string) (subject, messageID string, err error) {
	tmpl, err := TemplateFor(app, m.Template)
	if err != nil {
		return "", "", err
	}
	r, err := emails.Render(tmpl, m.Data)
	if err != nil {
		return "", "", fmt.Errorf("render %s: %w", m.Template, err)
	}
	meta := app.Settings().Meta
	msg := &mailer.Message{
		From:    mail.Address{Address: meta.SenderAddress, Name: meta.SenderName},
		To:      []mail.Address{{Address: m.To, Name: m.ToName}},
		Subject: r.Subject,
		HTML:    r.HTML,
		Text:    r.Text,
	}
	if _, domain, ok := strings.Cut(meta.SenderAddress, "@"); ok && domain != "" {
		messageID = "<" + logID + "@" + domain + ">"
		msg.Headers = map[string]string{"Message-ID": messageID}
	}
	if m.ReplyTo != "" {
		if msg.Headers == nil {
			msg.Headers = map[string]string{}
		}
		msg.Headers["Reply-To"] = m.ReplyTo
	}
	return r.Subject, messageID, app.NewMailClient().Send(msg)
}

// fill copies m's addressing onto a log row.
func fill(entry *collections.EmailLogEntry, m Message) {
	entry.SetTo(m.To)
	entry.SetTemplate(m.Template)
	entry.SetCustomerID(m.Customer)
	entry.SetDedupeKey(m.DedupeKey)
	entry.SetRelatedCollection(m.RelatedCollection)
	entry.SetRelatedID(m.RelatedID)
}

// truncate cuts s to at most n characters, the log field's limit.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
