package tickets_test

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

// sentMail is an email as mailpit received it.
type sentMail struct {
	To                         []string
	Subject, Text, HTML, Reply string
}

// allMail is every email mailpit received, oldest first; nil until the
// mail API answers (the callers wait for what they expect).
func (w *world) allMail() []sentMail {
	if w.mail == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	list, err := w.mail.Messages(ctx)
	if err != nil {
		return nil
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Created.Before(list[j].Created) })
	out := make([]sentMail, 0, len(list))
	for _, m := range list {
		full, err := w.mail.Message(ctx, m.ID)
		if err != nil {
			return nil
		}
		sm := sentMail{Subject: full.Subject, Text: full.Text, HTML: full.HTML}
		for _, to := range full.To {
			sm.To = append(sm.To, strings.ToLower(to.Address))
		}
		if len(full.ReplyTo) == 1 {
			sm.Reply = full.ReplyTo[0].Address
		}
		out = append(out, sm)
	}
	return out
}

// sentTo returns the emails addr received, oldest first.
func (w *world) sentTo(addr string) []sentMail {
	var out []sentMail
	for _, m := range w.allMail() {
		if slices.Contains(m.To, strings.ToLower(addr)) {
			out = append(out, m)
		}
	}
	return out
}

func replyTo(m sentMail) string { return m.Reply }

// Opening a ticket mails the customer an acknowledgement and the
// department (its address and its staff who asked) the new ticket; a staff
// reply mails the customer the reply text; a customer reply mails the
// department; an internal note mails nobody. Each subject carries [#REF],
// each Reply-To the ticket's token.
func TestNotifications(t *testing.T) {
	w := newWorld(t)
	w.withMail(t)
	tk := w.open(t, w.custA, w.support, "My VPS is **down** since 10:00.")
	ref, token := tk.Ref(), tk.ReplyToken()
	wantReplyTo := "support+" + token + "@hosting.test"

	waitFor(t, "the acknowledgement and the staff mails", func() bool { return len(w.sentLog(t, tk.Id)) == 3 })
	ack := w.sentTo("alice@a.test")
	if len(ack) != 1 || !strings.Contains(ack[0].Subject, "[#"+ref+"]") || !strings.Contains(ack[0].Text, "My VPS is down since 10:00.") || replyTo(ack[0]) != wantReplyTo {
		t.Fatalf("acknowledgement: %+v", ack)
	}
	for _, addr := range []string{"support-team@hosting.test", "sam@hosting.test"} {
		got := w.sentTo(addr)
		if len(got) != 1 || !strings.Contains(got[0].Subject, "New ticket") || !strings.Contains(got[0].Text, "Alice A") || replyTo(got[0]) != wantReplyTo {
			t.Errorf("%s: %+v", addr, got)
		}
	}
	if len(w.sentTo("bill@hosting.test")) != 0 || len(w.sentTo("ada@hosting.test")) != 0 {
		t.Error("staff who do not see the department, or did not ask, got the ticket")
	}

	w.reply(t, w.sam, tk.Id, map[string]any{"body": "Internal: check the **hypervisor**", "internal": true})
	w.reply(t, w.sam, tk.Id, map[string]any{"body": "We restarted it.\n\nSee [the status page](https://status.hosting.test)."})
	waitFor(t, "the staff reply mail", func() bool { return len(w.sentTo("alice@a.test")) == 2 })
	reply := w.sentTo("alice@a.test")[1]
	if !strings.Contains(reply.Subject, "[#"+ref+"]") || !strings.Contains(reply.Text, "Sam Support") ||
		!strings.Contains(reply.Text, "We restarted it.") || !strings.Contains(reply.Text, "the status page (https://status.hosting.test)") ||
		replyTo(reply) != wantReplyTo {
		t.Errorf("staff reply mail: %q\n%s", reply.Subject, reply.Text)
	}
	for _, m := range w.allMail() {
		if strings.Contains(m.Text, "hypervisor") || strings.Contains(m.HTML, "hypervisor") {
			t.Errorf("an internal note was mailed to %v", m.To)
		}
	}

	// The admin, who did not ask for ticket mail, gets the replies of the
	// tickets assigned to them.
	if status, body := w.app.Do(t, "PATCH", "/api/collections/tickets/records/"+tk.Id, hbtest.Token(t, w.admin), map[string]any{"assigned_to": w.admin.Id}); status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	w.reply(t, w.custA, tk.Id, map[string]any{"body": "Thanks, it works."})
	waitFor(t, "the customer reply to staff", func() bool {
		return len(w.sentTo("sam@hosting.test")) == 2 && len(w.sentTo("ada@hosting.test")) == 1
	})
	if got := w.sentTo("sam@hosting.test")[1]; !strings.Contains(got.Subject, "Customer reply") || !strings.Contains(got.Text, "Thanks, it works.") {
		t.Errorf("customer reply mail: %q\n%s", got.Subject, got.Text)
	}
	if n := len(w.sentTo("alice@a.test")); n != 2 {
		t.Errorf("the customer's own reply mailed them: %d mails", n)
	}
	// A message saved by Go code outside any transaction (an owner's tool)
	// is mailed too, after its commit.
	owner, _ := collections.NewTicketMessage(w.app)
	owner.SetTicketID(tk.Id)
	owner.SetBody("A word from the owner.")
	if err := w.app.Save(owner); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the owner's reply mail", func() bool { return len(w.sentTo("alice@a.test")) == 3 })
	if got := w.sentTo("alice@a.test")[2]; !strings.Contains(got.Text, "A word from the owner.") || !strings.Contains(got.Text, "Example Hosting answered") {
		t.Errorf("owner reply mail: %s", got.Text)
	}

	// The token never shows in a customer's API answer, but it is theirs in
	// the mail headers only.
	status, body := w.app.Do(t, "GET", "/api/collections/tickets/records/"+tk.Id, hbtest.Token(t, w.custA), nil)
	if status != 200 || strings.Contains(string(body), token) || strings.Contains(string(body), "reply_token") {
		t.Errorf("the reply token leaked: %s", body)
	}
}
