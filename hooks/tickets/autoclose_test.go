package tickets_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/tickets"
)

// answeredAt makes tk answered by staff at the given time.
func (w *world) answeredAt(t testing.TB, tk *collections.Ticket, at time.Time, status collections.TicketStatus) {
	t.Helper()
	stamp, _ := types.ParseDateTime(at)
	_, err := w.app.DB().Update(collections.Tickets, dbx.Params{"status": string(status), "last_reply_at": stamp.String(), "last_reply_by": "staff"},
		dbx.HashExp{"id": tk.Id}).Execute()
	if err != nil {
		t.Fatal(err)
	}
}

// Tickets answered by staff close after the department's days (Billing: 2)
// or the setting's (5); on-hold tickets and customer replies wait; each
// customer gets one notice, however many passes run, one after the other
// or at once.
func TestAutoClose(t *testing.T) {
	w := newWorld(t)
	w.withMail(t)
	now := time.Now()
	due := w.open(t, w.custA, w.support, "due")          // 6 days, setting 5
	early := w.open(t, w.custA, w.support, "early")      // 4 days, setting 5
	billingDue := w.open(t, w.custB, w.billingDept, "b") // 3 days, department 2
	onHold := w.open(t, w.custA, w.support, "hold")      // on hold, 30 days
	waitFor(t, "the acknowledgements", func() bool { return len(w.sentTo("alice@a.test")) == 3 && len(w.sentTo("bob@b.test")) == 1 })
	w.answeredAt(t, due, now.Add(-6*24*time.Hour), collections.TicketStatusAnswered)
	w.answeredAt(t, early, now.Add(-4*24*time.Hour), collections.TicketStatusAnswered)
	w.answeredAt(t, billingDue, now.Add(-3*24*time.Hour), collections.TicketStatusAnswered)
	w.answeredAt(t, onHold, now.Add(-30*24*time.Hour), collections.TicketStatusOnHold)

	var wg sync.WaitGroup
	results := make([]tickets.AutoCloseResult, 4)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if results[i], err = tickets.AutoClose(context.Background(), w.app, now); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	again, err := tickets.AutoClose(context.Background(), w.app, now)
	if err != nil {
		t.Fatal(err)
	}
	closed := again.Closed
	for _, r := range results {
		closed += r.Closed
		if len(r.Problems) > 0 {
			t.Errorf("problems: %v", r.Problems)
		}
	}
	if closed != 2 {
		t.Errorf("closed %d tickets over five passes, want 2", closed)
	}
	for tk, want := range map[*collections.Ticket]collections.TicketStatus{
		due: collections.TicketStatusClosed, billingDue: collections.TicketStatusClosed,
		early: collections.TicketStatusAnswered, onHold: collections.TicketStatusOnHold,
	} {
		if got := w.ticket(t, tk.Id); got.Status() != want || (want == collections.TicketStatusClosed) == got.ClosedAt().IsZero() {
			t.Errorf("ticket %s: %s closed at %q, want %s", tk.Subject(), got.Status(), got.ClosedAt(), want)
		}
	}
	notices := func(addr string) int {
		n := 0
		for _, m := range w.sentTo(addr) {
			if strings.Contains(m.Subject, "Closed:") {
				n++
			}
		}
		return n
	}
	if notices("alice@a.test") != 1 || notices("bob@b.test") != 1 {
		t.Errorf("notices: alice %d, bob %d, want one each", notices("alice@a.test"), notices("bob@b.test"))
	}
	for _, m := range w.sentTo("bob@b.test") {
		if strings.Contains(m.Subject, "Closed:") && !strings.Contains(m.Text, "2 days") {
			t.Errorf("the notice names the department's days: %s", m.Text)
		}
	}

	// A customer's reply after the close reopens the ticket, within the window.
	if status, body := w.reply(t, w.custA, due.Id, map[string]any{"body": "Not fixed"}); status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	if got := w.ticket(t, due.Id); got.Status() != collections.TicketStatusCustomerReply {
		t.Errorf("reopened: %s", got.Status())
	}
}

// The daily billing run closes tickets as a step, as of its day.
func TestAutoCloseIsADailyRunStep(t *testing.T) {
	w := newWorld(t)
	tk := w.open(t, w.custA, w.support, "due")
	w.answeredAt(t, tk, time.Now().Add(-2*24*time.Hour), collections.TicketStatusAnswered)
	asOf := time.Now().Add(4 * 24 * time.Hour)
	for range 2 {
		report, err := billing.Run(context.Background(), w.app, billing.RunOptions{Now: asOf})
		if err != nil {
			t.Fatalf("%v %v", report, err)
		}
	}
	if got := w.ticket(t, tk.Id); got.Status() != collections.TicketStatusClosed {
		t.Errorf("the run left it %s", got.Status())
	}
}

// A pass that dies between the close's commit and its notice (here: mail
// down) loses no notice: the next pass sends it, once; a ticket closed by
// staff gets none. Staff see an internal note of the automatic close.
func TestAutoCloseNoticeSurvivesACrash(t *testing.T) {
	w := newWorld(t)
	now := time.Now()
	auto := w.open(t, w.custA, w.support, "auto")
	byStaff := w.open(t, w.custB, w.support, "by staff")
	w.answeredAt(t, auto, now.Add(-6*24*time.Hour), collections.TicketStatusAnswered)
	if status, body := w.app.Do(t, "POST", "/api/hb/tickets/"+byStaff.Id+"/close", hbtest.Token(t, w.sam), map[string]any{}); status != 200 {
		t.Fatalf("%d %s", status, body)
	}

	res, err := tickets.AutoClose(context.Background(), w.app, now)
	if err != nil || res.Closed != 1 || res.Notified != 0 {
		t.Fatalf("first pass: %+v %v", res, err)
	}
	notes, err := w.app.FindAllRecords(collections.TicketMessages, dbx.HashExp{"ticket": auto.Id, "internal": true})
	if err != nil || len(notes) != 1 || !strings.Contains(notes[0].GetString("body"), "5 days") {
		t.Fatalf("internal note of the close: %v %v", notes, err)
	}

	w.withMail(t)
	for range 2 {
		if res, err := tickets.AutoClose(context.Background(), w.app, now); err != nil || res.Closed != 0 || len(res.Problems) != 0 {
			t.Fatalf("later pass: %+v %v", res, err)
		}
	}
	waitFor(t, "the lost notice", func() bool { return len(w.sentTo("alice@a.test")) >= 1 })
	time.Sleep(100 * time.Millisecond)
	if n := len(w.sentTo("alice@a.test")); n != 1 {
		t.Errorf("notices to alice: %d, want 1", n)
	}
	if n := len(w.sentTo("bob@b.test")); n != 0 {
		t.Errorf("a ticket closed by staff got %d auto-close notices", n)
	}
}
