package tickets

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// InboundSecretEnv names the environment variable that holds the shared
// secret of POST /api/hb/inbound/email.
const InboundSecretEnv = "HOSTBASE_INBOUND_SECRET"

const inboundSecretKey = "tickets.inboundSecret"

// SetInboundSecret sets the inbound mail secret of app, in place of
// HOSTBASE_INBOUND_SECRET (a test app, or an embedding program).
func SetInboundSecret(app core.App, secret string) { app.Store().Set(inboundSecretKey, secret) }

func inboundSecret(app core.App) string {
	if s, ok := app.Store().Get(inboundSecretKey).(string); ok && s != "" {
		return s
	}
	return os.Getenv(InboundSecretEnv)
}

// secretMatches compares in constant time; hashing first makes the time
// independent of the lengths too.
func secretMatches(given, want string) bool {
	g, w := sha256.Sum256([]byte(given)), sha256.Sum256([]byte(want))
	return given != "" && subtle.ConstantTimeCompare(g[:], w[:]) == 1
}

func givenSecret(r *http.Request) string {
	if s := r.Header.Get("X-Hostbase-Inbound-Secret"); s != "" {
		return s
	}
	auth := r.Header.Get("Authorization")
	if len(auth) > 7 && strings.EqualFold(auth[:7], "bearer ") {
		return strings.TrimSpace(auth[7:])
	}
	return ""
}

// messageRecordID is the ticket message's record id for an inbound mail:
// derived from its Message-ID, so that the same mail delivered twice (or
// twice at once) is one message, settled by the primary key.
func messageRecordID(messageID string) string {
	sum := sha256.Sum256([]byte("inbound-mail:" + strings.Trim(messageID, "<> ")))
	return "m" + strings.ToLower(base32.StdEncoding.EncodeToString(sum[:]))[:14]
}

// inboundEmail is POST /api/hb/inbound/email: an MTA pipe or a mail
// provider's webhook hands over an emailed reply, as the raw message
// (message/rfc822 or text/plain body) or in the multipart/form-data field
// "email". It is authenticated by the shared secret (header
// X-Hostbase-Inbound-Secret, or Authorization: Bearer). The ticket is the
// one whose token is in a recipient address (support+TOKEN@…) or the
// subject; the sender must be its customer (a customer reply) or staff who
// see its department (a staff reply); the new text, without the quoted
// mail, becomes a message with source "email" and the allowed attachments.
// The same Message-ID twice adds one message; an automatic reply (out of
// office, bounce) is accepted and dropped.
func inboundEmail(e *core.RequestEvent) error {
	want := inboundSecret(e.App)
	if want == "" {
		return e.Error(http.StatusServiceUnavailable, "Inbound mail is not set up: set "+InboundSecretEnv+".", nil)
	}
	if !secretMatches(givenSecret(e.Request), want) {
		return e.UnauthorizedError("Wrong or missing inbound mail secret.", nil)
	}
	raw, err := readRawMail(e)
	if err != nil {
		return err
	}
	m, err := parseInbound(raw)
	if err != nil {
		return e.BadRequestError("Cannot read the message: "+err.Error(), nil)
	}
	if m.AutoReply {
		// Accepted, so that the mail server does not retry it, and dropped:
		// an out-of-office answer must not reopen a ticket or answer staff.
		return e.JSON(http.StatusOK, map[string]any{"ignored": "an automatic reply"})
	}
	if m.MessageID == "" {
		sum := sha256.Sum256(raw)
		m.MessageID = base32.StdEncoding.EncodeToString(sum[:])
	}
	id := messageRecordID(m.MessageID)
	if prev, err := collections.FindTicketMessage(e.App, id); err == nil {
		return e.JSON(http.StatusOK, map[string]any{"id": prev.Id, "ticket": prev.TicketID(), "duplicate": true})
	}

	ticket, err := ticketByToken(e.App, candidateTokens(m.Recipients, m.Subject))
	if err != nil {
		return e.Error(http.StatusUnprocessableEntity, "No ticket matches this message: reply to a ticket's email, whose address carries the ticket's token.", nil)
	}
	msg, err := collections.NewTicketMessage(e.App)
	if err != nil {
		return err
	}
	msg.Id = id
	customer, err := e.App.FindRecordById(collections.Customers, ticket.CustomerID())
	switch {
	case err == nil && strings.EqualFold(customer.Email(), m.From):
		msg.SetAuthorCustomerID(customer.Id)
	default:
		staff, err := e.App.FindAuthRecordByEmail(collections.Staff, m.From)
		if err != nil || !StaffSeesDepartment(collections.WrapStaffMember(staff), ticket.DepartmentID()) {
			return e.ForbiddenError("The sender "+m.From+" is neither the ticket's customer nor staff of its department: the message was not added.", nil)
		}
		msg.SetAuthorStaffID(staff.Id)
	}
	body := m.Text
	if strings.TrimSpace(body) == "" {
		if len(m.Attachments) == 0 {
			return e.Error(http.StatusUnprocessableEntity, "The message has no new text and no accepted attachment.", nil)
		}
		body = "(sent by email with attachments only)"
	}
	msg.SetTicketID(ticket.Id)
	msg.SetBody(body)
	msg.SetSource(collections.TicketMessageSourceEmail)
	msg.SetAttachments(m.Attachments...)
	if err := e.App.RunInTransaction(func(tx core.App) error { return tx.Save(msg) }); err != nil {
		if prev, findErr := collections.FindTicketMessage(e.App, id); findErr == nil {
			// Delivered twice at once: the other delivery added it.
			return e.JSON(http.StatusOK, map[string]any{"id": prev.Id, "ticket": prev.TicketID(), "duplicate": true})
		}
		var ve validation.Errors
		if errors.As(err, &ve) {
			return e.Error(http.StatusUnprocessableEntity, "The message was not added: "+firstMessage(ve), ve)
		}
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"id": msg.Id, "ticket": ticket.Id, "dropped": m.Dropped})
}

// readRawMail reads the raw message from the body or from the form field
// "email".
func readRawMail(e *core.RequestEvent) ([]byte, error) {
	e.Request.Body = http.MaxBytesReader(e.Response, e.Request.Body, MaxInboundSize)
	tooLarge := func() error {
		return e.Error(http.StatusRequestEntityTooLarge, "The message is larger than the 70 MB accepted.", nil)
	}
	ct, _, _ := mime.ParseMediaType(e.Request.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		if err := e.Request.ParseMultipartForm(1 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, tooLarge()
			}
			return nil, e.BadRequestError("Cannot read the form: "+err.Error(), nil)
		}
		if v := e.Request.MultipartForm.Value["email"]; len(v) > 0 && v[0] != "" {
			return []byte(v[0]), nil
		}
		if fh := e.Request.MultipartForm.File["email"]; len(fh) > 0 {
			f, err := fh[0].Open()
			if err != nil {
				return nil, e.BadRequestError("Cannot read the field email.", nil)
			}
			defer f.Close()
			return io.ReadAll(f)
		}
		return nil, e.BadRequestError("The form has no field email holding the raw message.", nil)
	}
	raw, err := io.ReadAll(e.Request.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge()
		}
		return nil, e.BadRequestError("Cannot read the body.", nil)
	}
	if len(raw) == 0 {
		return nil, e.BadRequestError("The body must be the raw message (RFC 5322).", nil)
	}
	return raw, nil
}

// ticketByToken finds the ticket of the first token that names one; the
// token is a hidden field, read with SQL.
func ticketByToken(app core.App, tokens []string) (*collections.Ticket, error) {
	for _, tok := range tokens {
		var id string
		err := app.DB().Select("id").From(collections.Tickets).
			Where(dbx.HashExp{collections.TicketFields.ReplyToken: tok}).Limit(1).Row(&id)
		if err == nil && id != "" {
			return collections.FindTicket(app, id)
		}
	}
	return nil, errors.New("no ticket")
}
