package tickets

import (
	"fmt"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/markdown"
)

// bindMessages enforces a message's invariants whatever writes it (the
// client area, the dashboard, inbound mail, Go code) and moves its ticket
// along the lifecycle in the same transaction: a message and its ticket's
// status never disagree.
func bindMessages(app core.App) {
	// The collections API saves without a transaction: give it one, so that
	// the message and its ticket commit together and the after-commit hooks
	// (realtime, emails) run after that commit.
	app.OnRecordCreateRequest(collections.TicketMessages).BindFunc(func(e *core.RecordRequestEvent) error {
		return e.App.RunInTransaction(func(tx core.App) error {
			e.App = tx
			return e.Next()
		})
	})
	app.OnRecordCreate(collections.TicketMessages).BindFunc(func(e *core.RecordEvent) error {
		save := func(tx core.App) error {
			ticket, err := prepareMessage(tx, collections.WrapTicketMessage(e.Record), time.Now())
			if err != nil {
				return err
			}
			if err := e.Next(); err != nil {
				return err
			}
			if ticket == nil {
				return nil
			}
			return tx.Save(ticket)
		}
		if e.App.IsTransactional() {
			return save(e.App)
		}
		// Go code saving without a transaction gets one of ours; the
		// after-create hooks run once it has committed, with the app given
		// back.
		app := e.App
		err := app.RunInTransaction(func(tx core.App) error {
			e.App = tx
			return save(tx)
		})
		e.App = app
		return err
	})
	// A message is a record of what was said: it is never rewritten, except
	// by the owners from the dashboard (the API rules allow nobody else),
	// and then its HTML follows its body.
	app.OnRecordUpdate(collections.TicketMessages).BindFunc(func(e *core.RecordEvent) error {
		msg := collections.WrapTicketMessage(e.Record)
		if err := checkBody(msg.Body()); err != nil {
			return err
		}
		msg.SetBodyHTML(markdown.Render(msg.Body()))
		return e.Next()
	})
}

func checkBody(body string) error {
	if err := markdown.Check(body); err != nil {
		return validation.Errors{collections.TicketMessageFields.Body: validation.NewError("validation_unsafe_markdown", err.Error())}
	}
	return nil
}

func fieldError(field, code, msg string) error {
	return validation.Errors{field: validation.NewError(code, msg)}
}

// prepareMessage checks a new message against its ticket, renders its body,
// and returns the ticket with its status and last reply updated, unsaved;
// nil for an internal note, which leaves the ticket as it is.
func prepareMessage(tx core.App, msg *collections.TicketMessage, now time.Time) (*collections.Ticket, error) {
	f := collections.TicketMessageFields
	if err := checkBody(msg.Body()); err != nil {
		return nil, err
	}
	msg.SetBodyHTML(markdown.Render(msg.Body()))
	if err := checkAttachments(f.Attachments, msg.GetUnsavedFiles(f.Attachments)); err != nil {
		return nil, err
	}
	if msg.Source() == "" {
		msg.SetSource(collections.TicketMessageSourceWeb)
	}

	ticket, err := collections.FindTicket(tx, msg.TicketID())
	if err != nil {
		return nil, fieldError(f.Ticket, "validation_not_found", "No such ticket.")
	}
	by := ByStaff
	switch {
	case msg.AuthorCustomerID() != "" && msg.AuthorStaffID() != "":
		return nil, fieldError(f.AuthorStaff, "validation_two_authors", "A message has one author: a customer or a member of staff.")
	case msg.AuthorCustomerID() != "":
		by = ByCustomer
		if msg.AuthorCustomerID() != ticket.CustomerID() {
			return nil, fieldError(f.AuthorCustomer, "validation_not_your_ticket", "Only the ticket's customer can write to it.")
		}
		if msg.Internal() {
			return nil, fieldError(f.Internal, "validation_staff_only", "Only staff write internal notes.")
		}
	case msg.AuthorStaffID() != "":
		staff, err := collections.FindStaffMember(tx, msg.AuthorStaffID())
		if err != nil || !StaffSeesDepartment(staff, ticket.DepartmentID()) {
			return nil, fieldError(f.AuthorStaff, "validation_department", "This member of staff does not see the ticket's department.")
		}
	}
	// With no author, an owner writes from the dashboard: a staff message.

	if ticket.Status() == collections.TicketStatusClosed && !msg.Internal() && by == ByCustomer {
		policy, err := LoadPolicy(tx)
		if err != nil {
			return nil, err
		}
		if !WithinReopenWindow(ticket.ClosedAt().Time(), now, policy.ReopenDays) {
			return nil, fieldError(f.Ticket, "validation_ticket_closed", fmt.Sprintf(
				"Ticket #%s was closed more than %d days ago and can no longer be reopened: please open a new ticket (you may mention #%s in it).",
				ticket.Ref(), policy.ReopenDays, ticket.Ref()))
		}
	}
	if msg.Internal() {
		return nil, nil
	}
	ticket.SetStatus(StatusAfterMessage(ticket.Status(), by, false))
	stamp, err := types.ParseDateTime(now)
	if err != nil {
		return nil, err
	}
	ticket.SetLastReplyAt(stamp)
	if by == ByCustomer {
		ticket.SetLastReplyBy(collections.TicketLastReplyByCustomer)
	} else {
		ticket.SetLastReplyBy(collections.TicketLastReplyByStaff)
	}
	return ticket, nil
}
