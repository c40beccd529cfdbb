package tickets_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

// postMail delivers a raw message to the inbound endpoint.
func (w *world) postMail(t testing.TB, secret, raw string) (int, []byte) {
	t.Helper()
	req := httptest.NewRequest("POST", "/api/hb/inbound/email", strings.NewReader(raw))
	req.Header.Set("Content-Type", "message/rfc822")
	if secret != "" {
		req.Header.Set("X-Hostbase-Inbound-Secret", secret)
	}
	rec := httptest.NewRecorder()
	w.app.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// replyMail is a reply as Thunderbird would send it: multipart with a
// quoted-printable text part in ISO-8859-1, an HTML part, and a base64 PNG.
func replyMail(from, to, messageID, subject string) string {
	return strings.ReplaceAll(`From: Alice A <`+from+`>
To: Example Hosting <`+to+`>
Subject: `+subject+`
Message-ID: <`+messageID+`>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=ISO-8859-1
Content-Transfer-Encoding: quoted-printable

Gr=FC=DFe, it works again after the reboot. Thanks a l=
ot!

On Mon, 2 Mar 2026 at 10:00, Example Hosting <support@hosting.test> wrote:
> We restarted the server.
--inner
Content-Type: text/html; charset=utf-8

<p>HTML version</p>
--inner--
--outer
Content-Type: image/png; name="screen.png"
Content-Disposition: attachment; filename="screen.png"
Content-Transfer-Encoding: base64

iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9
awAAAABJRU5ErkJggg==
--outer
Content-Type: application/octet-stream; name="tool.exe"
Content-Disposition: attachment; filename="tool.exe"
Content-Transfer-Encoding: base64

TVqQAAMAAAAEAAAA//8AAA==
--outer--
`, "\n", "\r\n")
}

func (w *world) replyAddress(t testing.TB, ticketID string) string {
	t.Helper()
	return "support+" + w.ticket(t, ticketID).ReplyToken() + "@hosting.test"
}

// A customer's emailed reply lands on their ticket: the new text only,
// decoded, with the accepted attachment, source "email", status
// customer_reply.
func TestInboundReplyFromTheCustomer(t *testing.T) {
	w := newWorld(t)
	tk := w.open(t, w.custA, w.support, "Server down")
	w.reply(t, w.sam, tk.Id, map[string]any{"body": "We restarted the server."})

	status, body := w.postMail(t, inboundSecret, replyMail("ALICE@a.test", w.replyAddress(t, tk.Id), "r1@mail.a.test", "Re: [#"+tk.Ref()+"] Server down"))
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	msg, err := collections.FindTicketMessage(w.app, hbtest.Decode(t, body)["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Body() != "Grüße, it works again after the reboot. Thanks a lot!" || msg.Source() != collections.TicketMessageSourceEmail ||
		msg.AuthorCustomerID() != w.custA.Id || len(msg.Attachments()) != 1 || !strings.HasPrefix(msg.Attachments()[0], "screen") {
		t.Errorf("message: %q %v", msg.Body(), msg.FieldsData())
	}
	if !strings.Contains(string(body), "tool.exe") {
		t.Errorf("the answer names the dropped attachment: %s", body)
	}
	if got := w.ticket(t, tk.Id); got.Status() != collections.TicketStatusCustomerReply {
		t.Errorf("status %s", got.Status())
	}
}

// The same Message-ID delivered twice, or twice at once, adds one message.
func TestInboundIsIdempotentByMessageID(t *testing.T) {
	w := newWorld(t)
	tk := w.open(t, w.custA, w.support, "Server down")
	raw := replyMail("alice@a.test", w.replyAddress(t, tk.Id), "dup@mail.a.test", "Re: Server down")
	count := func() int {
		n, err := w.app.CountRecords(collections.TicketMessages, dbx.HashExp{"ticket": tk.Id, "source": "email"})
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	for range 2 {
		if status, body := w.postMail(t, inboundSecret, raw); status != http.StatusOK {
			t.Fatalf("%d %s", status, body)
		}
	}
	if n := count(); n != 1 {
		t.Fatalf("twice: %d messages", n)
	}

	raw2 := replyMail("alice@a.test", w.replyAddress(t, tk.Id), "race@mail.a.test", "Re: Server down")
	var wg sync.WaitGroup
	codes := make([]int, 8)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _ = w.postMail(t, inboundSecret, raw2)
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Errorf("delivery %d: %d", i, c)
		}
	}
	if n := count(); n != 2 {
		t.Fatalf("concurrently: %d messages, want 2", n)
	}
}

// A member of staff of the department answering by email writes a staff
// reply; the token in the subject is enough; a multipart/form-data webhook
// and a Bearer secret work too.
func TestInboundStaffReplyByWebhookForm(t *testing.T) {
	w := newWorld(t)
	tk := w.open(t, w.custA, w.support, "Server down")
	raw := "From: Sam <sam@hosting.test>\r\nTo: support@hosting.test\r\nSubject: Re: [#" + tk.Ref() + "] (" + w.ticket(t, tk.Id).ReplyToken() +
		")\r\nMessage-ID: <s1@hosting.test>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<div>Please <b>reboot</b> once more.</div><blockquote type=\"cite\">old</blockquote>\r\n"
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("email", raw)
	mw.Close()
	req := httptest.NewRequest("POST", "/api/hb/inbound/email", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+inboundSecret)
	rec := httptest.NewRecorder()
	w.app.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	msg, err := collections.FindTicketMessage(w.app, hbtest.Decode(t, rec.Body.Bytes())["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if msg.AuthorStaffID() != w.sam.Id || msg.Body() != "Please reboot once more." {
		t.Errorf("staff reply: %q by %q", msg.Body(), msg.AuthorStaffID())
	}
	if got := w.ticket(t, tk.Id); got.Status() != collections.TicketStatusAnswered {
		t.Errorf("status %s", got.Status())
	}
}

// Forged or misdirected mail is refused with a message and writes nothing:
// no or a wrong secret, an unknown sender, the other customer, staff of
// another department, a wrong token, a closed ticket beyond the window,
// a script payload, garbage; an out-of-office answer is accepted and
// dropped.
func TestInboundRefusesForgedMail(t *testing.T) {
	w := newWorld(t)
	tk := w.open(t, w.custA, w.support, "Server down")
	to := w.replyAddress(t, tk.Id)
	closedTk := w.open(t, w.custA, w.support, "Old")
	w.app.Do(t, "POST", "/api/hb/tickets/"+closedTk.Id+"/close", hbtest.Token(t, w.custA), map[string]any{})
	if _, err := w.app.DB().NewQuery("UPDATE tickets SET closed_at = '2020-01-01 00:00:00.000Z' WHERE id = {:id}").Bind(dbx.Params{"id": closedTk.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	plain := func(from, to, id, body string) string {
		return fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: Re: hi\r\nMessage-ID: <%s>\r\nContent-Type: text/plain\r\n\r\n%s\r\n", from, to, id, body)
	}
	before := w.rows(t)
	for _, c := range []struct {
		name, secret, raw string
		want              int
		say               string
	}{
		{"no secret", "", replyMail("alice@a.test", to, "f1@x", "Re"), http.StatusUnauthorized, "secret"},
		{"wrong secret", "guess", replyMail("alice@a.test", to, "f2@x", "Re"), http.StatusUnauthorized, "secret"},
		{"unknown sender", inboundSecret, replyMail("mallory@evil.test", to, "f3@x", "Re"), http.StatusForbidden, "mallory@evil.test"},
		{"the other customer", inboundSecret, replyMail("bob@b.test", to, "f4@x", "Re"), http.StatusForbidden, "bob@b.test"},
		{"staff of another department", inboundSecret, replyMail("bill@hosting.test", to, "f5@x", "Re"), http.StatusForbidden, "bill@hosting.test"},
		{"wrong token", inboundSecret, replyMail("alice@a.test", "support+aaaaaaaaaaaaaaaaaaaaaaaa@hosting.test", "f6@x", "Re"), http.StatusUnprocessableEntity, "No ticket"},
		{"no token", inboundSecret, replyMail("alice@a.test", "support@hosting.test", "f7@x", "Re: [#"+tk.Ref()+"]"), http.StatusUnprocessableEntity, "No ticket"},
		{"closed beyond the window", inboundSecret, plain("alice@a.test", w.replyAddress(t, closedTk.Id), "f8@x", "Reopen please"), http.StatusUnprocessableEntity, "open a new ticket"},
		{"script payload", inboundSecret, plain("alice@a.test", to, "f9@x", "<script>alert(1)</script>"), http.StatusUnprocessableEntity, "body"},
		{"not a message", inboundSecret, "garbage without headers", http.StatusBadRequest, "RFC 5322"},
		{"nothing new", inboundSecret, plain("alice@a.test", to, "f10@x", "> only quoted"), http.StatusUnprocessableEntity, "no new text"},
		{"out of office", inboundSecret, strings.Replace(plain("alice@a.test", to, "f11@x", "I am away"), "Subject:", "Auto-Submitted: auto-replied\r\nSubject:", 1), http.StatusOK, "automatic reply"},
	} {
		status, body := w.postMail(t, c.secret, c.raw)
		if status != c.want || !strings.Contains(string(body), c.say) {
			t.Errorf("%s: %d %s, want %d saying %q", c.name, status, body, c.want, c.say)
		}
	}
	if after := w.rows(t); after != before {
		t.Errorf("forged mail wrote: %s -> %s", before, after)
	}
}
