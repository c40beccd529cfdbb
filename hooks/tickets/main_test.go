package tickets_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/hbtest/mailpit"
	"github.com/ezscale/hostbase/hooks/tickets"
)

func TestMain(m *testing.M) { hbtest.Main(m) }

const inboundSecret = "inbound-test-secret-5f2b9c"

// world is a support desk: customers A and B, departments Support, Billing
// and a hidden Abuse, an admin, a support member of Support (Sam) (who asked for
// ticket mail) and a billing clerk of Billing only.
type world struct {
	app                      *hbtest.App
	custA, custB             *core.Record
	admin, sam, billingClerk *core.Record
	support, billingDept     *core.Record
	abuse                    *core.Record
	// mail is the SMTP server the world's mail goes to, once withMail ran.
	mail *mailpit.Server
}

func seedWorld(app *hbtest.App) error {
	settings, err := app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		return err
	}
	s := collections.WrapCompanySettings(settings)
	s.SetCompanyName("Example Hosting")
	s.SetCompanyEmail("hello@hosting.test")
	s.SetStorefrontURL("https://hosting.test")
	s.SetTickets(map[string]any{"reopen_days": 7, "auto_close_days": 5})
	if err := app.Save(s); err != nil {
		return err
	}
	mk := func(col string, fields map[string]any) (*core.Record, error) {
		c, err := app.FindCollectionByNameOrId(col)
		if err != nil {
			return nil, err
		}
		r := core.NewRecord(c)
		for k, v := range fields {
			r.Set(k, v)
		}
		if c.IsAuth() {
			r.SetPassword(hbtest.Password)
		}
		return r, app.Save(r)
	}
	support, err := mk(collections.TicketDepartments, map[string]any{"name": "Support", "slug": "support", "email": "support-team@hosting.test"})
	if err != nil {
		return err
	}
	billing, err := mk(collections.TicketDepartments, map[string]any{"name": "Billing", "slug": "billing", "auto_close_days": 2})
	if err != nil {
		return err
	}
	if _, err := mk(collections.TicketDepartments, map[string]any{"name": "Abuse", "slug": "abuse", "hidden": true}); err != nil {
		return err
	}
	for _, c := range []map[string]any{
		{"name": "Alice A", "email": "alice@a.test"},
		{"name": "Bob B", "email": "bob@b.test"},
	} {
		if _, err := mk(collections.Customers, c); err != nil {
			return err
		}
	}
	for _, st := range []map[string]any{
		{"name": "Ada Admin", "email": "ada@hosting.test", "role": "admin", "active": true},
		{"name": "Sam Support", "email": "sam@hosting.test", "role": "support", "active": true, "departments": []string{support.Id}, "notify_new_tickets": true},
		{"name": "Bill Billing", "email": "bill@hosting.test", "role": "billing", "active": true, "departments": []string{billing.Id}},
	} {
		if _, err := mk(collections.Staff, st); err != nil {
			return err
		}
	}
	return nil
}

func newWorld(t testing.TB) *world {
	t.Helper()
	app := hbtest.NewApp(t, hbtest.SeedDir(t, "tickets", seedWorld))
	tickets.SetInboundSecret(app, inboundSecret)
	w := &world{app: app}
	byEmail := func(col, email string) *core.Record {
		r, err := app.FindAuthRecordByEmail(col, email)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	bySlug := func(slug string) *core.Record {
		r, err := app.FindFirstRecordByData(collections.TicketDepartments, "slug", slug)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	w.custA, w.custB = byEmail(collections.Customers, "alice@a.test"), byEmail(collections.Customers, "bob@b.test")
	w.admin, w.sam, w.billingClerk = byEmail(collections.Staff, "ada@hosting.test"), byEmail(collections.Staff, "sam@hosting.test"), byEmail(collections.Staff, "bill@hosting.test")
	w.support, w.billingDept, w.abuse = bySlug("support"), bySlug("billing"), bySlug("abuse")
	return w
}

// withMail turns mail on, through a real SMTP server (mailpit) that the
// test reads back; turning it on again keeps the same server.
func (w *world) withMail(t testing.TB) {
	t.Helper()
	if w.mail == nil {
		mp := mailpit.Start(t)
		w.mail = mp
		w.app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
			e.Mailer = &mailer.SMTPClient{Host: mp.SMTPHost(), Port: mp.SMTPPort()}
			return e.Next()
		})
	}
	s := w.app.Settings()
	s.SMTP.Enabled, s.SMTP.Host, s.SMTP.Port = true, w.mail.SMTPHost(), w.mail.SMTPPort()
	s.Meta.SenderAddress = "support@hosting.test"
	s.Meta.SenderName = "Example Hosting Support"
}

// open opens a ticket as customer c through the route and returns it.
func (w *world) open(t testing.TB, c *core.Record, dept *core.Record, body string) *collections.Ticket {
	t.Helper()
	status, resp := w.app.Do(t, "POST", "/api/hb/tickets", hbtest.Token(t, c),
		map[string]any{"department": dept.Id, "subject": "Server down", "priority": "high", "body": body})
	if status != http.StatusOK {
		t.Fatalf("open: %d %s", status, resp)
	}
	tk, err := collections.FindTicket(w.app, hbtest.Decode(t, resp)["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// reply posts a message to the ticket through the route.
func (w *world) reply(t testing.TB, who *core.Record, ticketID string, body any) (int, []byte) {
	t.Helper()
	return w.app.Do(t, "POST", "/api/hb/tickets/"+ticketID+"/messages", hbtest.Token(t, who), body)
}

func (w *world) ticket(t testing.TB, id string) *collections.Ticket {
	t.Helper()
	tk, err := collections.FindTicket(w.app, id)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// rows counts the rows of the support desk's collections, and the files
// stored, to prove that a refusal wrote nothing.
func (w *world) rows(t testing.TB) string {
	t.Helper()
	out := ""
	for _, c := range []string{collections.Tickets, collections.TicketMessages, collections.EmailLog} {
		n, err := w.app.CountRecords(c)
		if err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%s=%d ", c, n)
	}
	var updated string
	_ = w.app.DB().Select("coalesce(max(updated), '')").From(collections.Tickets).Row(&updated)
	return out + "last_update=" + updated
}

// multipartRequest sends fields and files as multipart/form-data.
func (w *world) multipartRequest(t testing.TB, url, token string, fields map[string]string, files map[string][]byte) (int, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range files {
		fw, err := mw.CreateFormFile("attachments", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	req := httptest.NewRequest("POST", url, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	rec := httptest.NewRecorder()
	w.app.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// waitFor polls until cond holds, failing the test after 10 s: emails go
// out in the background after the commit.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sentLog returns the sent email_log rows about a ticket.
func (w *world) sentLog(t testing.TB, ticketID string) []*collections.EmailLogEntry {
	t.Helper()
	recs, err := w.app.FindAllRecords(collections.EmailLog, dbx.HashExp{"related_id": ticketID, "status": "sent"})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*collections.EmailLogEntry, len(recs))
	for i, r := range recs {
		out[i] = collections.WrapEmailLogEntry(r)
	}
	return out
}

func decodeList(t testing.TB, body []byte) []map[string]any {
	t.Helper()
	var list struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatalf("not a list: %s", body)
	}
	return list.Items
}
