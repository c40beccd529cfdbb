package tickets

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/money"
)

// AutoCloseResult says what an auto-close pass did.
type AutoCloseResult struct {
	Closed   int      `json:"closed"`
	Notified int      `json:"notified"`
	Problems []string `json:"problems,omitempty"`
}

// waitingTicket is a ticket answered by staff, waiting for its customer.
type waitingTicket struct {
	ID            string `db:"id"`
	LastReplyAt   string `db:"last_reply_at"`
	AutoCloseDays int    `db:"auto_close_days"`
}

// AutoClose closes every ticket that has waited for its customer (status
// answered) for its department's auto_close_days, else settings.tickets
// auto_close_days (0: never), as of now, and mails each customer a notice.
// Each ticket closes in its own transaction after checking it still waits
// as it did, so that a repeated or concurrent pass closes it once and
// mails once; a customer's reply that lands first keeps it open.
func AutoClose(ctx context.Context, app core.App, now time.Time) (AutoCloseResult, error) {
	var res AutoCloseResult
	policy, err := LoadPolicy(app)
	if err != nil {
		return res, err
	}
	var waiting []waitingTicket
	f := collections.TicketFields
	err = app.DB().Select("t.id", "t."+f.LastReplyAt, "d."+collections.TicketDepartmentFields.AutoCloseDays).
		From(collections.Tickets+" t").
		InnerJoin(collections.TicketDepartments+" d", dbx.NewExp("d.id = t."+f.Department)).
		Where(dbx.HashExp{"t." + f.Status: string(collections.TicketStatusAnswered)}).
		AndWhere(dbx.NewExp("t."+f.LastReplyAt+" != ''")).
		OrderBy("t."+f.LastReplyAt, "t.id").All(&waiting)
	if err != nil {
		return res, fmt.Errorf("tickets: find tickets waiting for customers: %w", err)
	}
	if err := resendLostNotices(ctx, app, policy, now, &res); err != nil {
		return res, err
	}
	for _, w := range waiting {
		if err := context.Cause(ctx); err != nil {
			return res, err
		}
		days := w.AutoCloseDays
		if days <= 0 {
			days = policy.AutoCloseDays
		}
		last, err := types.ParseDateTime(w.LastReplyAt)
		if err != nil || !AutoCloseDue(collections.TicketStatusAnswered, last.Time(), now, days) {
			continue
		}
		closedAt, closed, err := closeIfStillWaiting(app, w.ID, w.LastReplyAt, now, days)
		if err != nil {
			res.Problems = append(res.Problems, fmt.Sprintf("ticket %s: %v", w.ID, err))
			continue
		}
		if !closed {
			continue
		}
		res.Closed++
		if !app.Settings().SMTP.Enabled {
			continue
		}
		if err := sendAutoClosed(app, w.ID, days, closedAt); err != nil {
			res.Problems = append(res.Problems, fmt.Sprintf("ticket %s notice: %v", w.ID, err))
			continue
		}
		res.Notified++
	}
	return res, nil
}

// closeIfStillWaiting closes the ticket if it is still answered with the
// same last reply: the compare before the write, inside the transaction,
// is what makes two passes close it once. An internal note says so to
// staff and marks the close as automatic, for resendLostNotices.
func closeIfStillWaiting(app core.App, id, lastReplyAt string, now time.Time, days int) (string, bool, error) {
	var closedAt string
	var closed bool
	err := app.RunInTransaction(func(tx core.App) error {
		t, err := collections.FindTicket(tx, id)
		if err != nil {
			return err
		}
		if t.Status() != collections.TicketStatusAnswered || t.GetString(collections.TicketFields.LastReplyAt) != lastReplyAt {
			return nil
		}
		stamp, err := types.ParseDateTime(now)
		if err != nil {
			return err
		}
		t.SetStatus(collections.TicketStatusClosed)
		t.SetClosedAt(stamp)
		if err := tx.Save(t); err != nil {
			return err
		}
		note, err := collections.NewTicketMessage(tx)
		if err != nil {
			return err
		}
		note.Id = autoCloseNoteID(t.Id, stamp.String())
		note.SetTicketID(t.Id)
		note.SetInternal(true)
		note.SetSource(collections.TicketMessageSourceAPI)
		note.SetBody(fmt.Sprintf("Closed automatically: no reply from the customer for %d days.", days))
		if err := tx.Save(note); err != nil {
			return err
		}
		closedAt, closed = stamp.String(), true
		return nil
	})
	return closedAt, closed, err
}

// autoCloseNoteID is the id of the internal note of an automatic close:
// derived from the ticket and the close's time, so that a later pass can
// tell an automatic close from a person's.
func autoCloseNoteID(ticketID, closedAt string) string {
	sum := sha256.Sum256([]byte("auto-close:" + ticketID + ":" + closedAt))
	return "c" + strings.ToLower(base32.StdEncoding.EncodeToString(sum[:]))[:14]
}

// noticeWindow is how far back a pass looks for automatic closes whose
// notice a crash may have lost.
const noticeWindow = 7 * 24 * time.Hour

// resendLostNotices sends the notice of each automatic close of the last
// week again: notify sends a key once, so only a notice lost between the
// close's commit and its mail (a crash, a mail server down) goes out.
func resendLostNotices(ctx context.Context, app core.App, policy Policy, now time.Time, res *AutoCloseResult) error {
	if !app.Settings().SMTP.Enabled {
		return nil
	}
	since, err := types.ParseDateTime(now.Add(-noticeWindow))
	if err != nil {
		return err
	}
	var closed []struct {
		ID            string `db:"id"`
		ClosedAt      string `db:"closed_at"`
		AutoCloseDays int    `db:"auto_close_days"`
	}
	f := collections.TicketFields
	err = app.DB().Select("t.id", "t."+f.ClosedAt, "d."+collections.TicketDepartmentFields.AutoCloseDays).
		From(collections.Tickets+" t").
		InnerJoin(collections.TicketDepartments+" d", dbx.NewExp("d.id = t."+f.Department)).
		Where(dbx.HashExp{"t." + f.Status: string(collections.TicketStatusClosed)}).
		AndWhere(dbx.NewExp("t."+f.ClosedAt+" >= {:since}", dbx.Params{"since": since.String()})).All(&closed)
	if err != nil {
		return fmt.Errorf("tickets: find recent closes: %w", err)
	}
	for _, c := range closed {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		if _, err := collections.FindTicketMessage(app, autoCloseNoteID(c.ID, c.ClosedAt)); err != nil {
			continue // closed by a person
		}
		days := c.AutoCloseDays
		if days <= 0 {
			days = policy.AutoCloseDays
		}
		if err := sendAutoClosed(app, c.ID, days, c.ClosedAt); err != nil {
			res.Problems = append(res.Problems, fmt.Sprintf("ticket %s notice: %v", c.ID, err))
		}
	}
	return nil
}

// sendAutoClosed mails the notice, once per close (the key holds the
// close's time: a ticket reopened and closed again gets a new notice).
func sendAutoClosed(app core.App, ticketID string, days int, closedAt string) error {
	c, err := loadMailContext(app, ticketID)
	if err != nil {
		return err
	}
	c.data.Ticket.AutoCloseDays = int64(days)
	return c.toCustomer(app, EmailTicketAutoClosed, EmailTicketAutoClosed+":"+ticketID+":"+closedAt)
}

// autoCloseStep is the daily run's auto-close, as of the end of the run's
// day (or now, for today's run).
func autoCloseStep(ctx context.Context, app core.App, day billing.RunDay) error {
	res, err := AutoClose(ctx, app, runMoment(day.AsOf, day.Now.Time(), day.Policy.Location))
	if err != nil {
		return err
	}
	day.Report.Count("tickets_auto_closed", res.Closed)
	for _, p := range res.Problems {
		day.Report.Problem("tickets: %s", p)
	}
	return nil
}

// runMoment is the moment a run for day asOf closes tickets as of: now for
// today, the end of that day otherwise (a past day caught up, or a
// future day tried out).
func runMoment(asOf money.Date, now time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	if asOf.IsZero() || money.DateOf(now, loc).Equal(asOf) {
		return now
	}
	return asOf.AddDays(1).Start(loc).Add(-time.Second)
}
