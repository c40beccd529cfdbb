package tickets

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// bindTickets keeps a ticket's invariants whatever saves it: a fresh ticket
// is open with a reply token; the assignee sees its department; closed_at
// follows the status; a rating exists only on a closed ticket and, once
// given, stays.
func bindTickets(app core.App) {
	app.OnRecordCreate(collections.Tickets).BindFunc(func(e *core.RecordEvent) error {
		t := collections.WrapTicket(e.Record)
		if t.Status() == "" {
			t.SetStatus(collections.TicketStatusOpen)
		}
		if t.Priority() == "" {
			t.SetPriority(collections.TicketPriorityMedium)
		}
		if t.ReplyToken() == "" {
			t.SetReplyToken(NewReplyToken())
		}
		if err := checkTicket(e.App, t, nil); err != nil {
			return err
		}
		return e.Next()
	})
	app.OnRecordUpdate(collections.Tickets).BindFunc(func(e *core.RecordEvent) error {
		t := collections.WrapTicket(e.Record)
		if err := checkTicket(e.App, t, collections.WrapTicket(e.Record.Original())); err != nil {
			return err
		}
		return e.Next()
	})
	// Through the collections API nobody rates: the customer rates through
	// the close and rating routes, which check that it is their ticket.
	app.OnRecordUpdateRequest(collections.Tickets).BindFunc(func(e *core.RecordRequestEvent) error {
		was := collections.WrapTicket(e.Record.Original())
		t := collections.WrapTicket(e.Record)
		if t.Rating() != was.Rating() || t.RatingComment() != was.RatingComment() {
			return e.BadRequestError("Only the ticket's customer rates it.", fieldError(collections.TicketFields.Rating, "validation_customer_only",
				"Only the ticket's customer rates it, when closing it or afterwards in the client area."))
		}
		return e.Next()
	})
}

func checkTicket(app core.App, t, was *collections.Ticket) error {
	f := collections.TicketFields
	switch {
	case was != nil && was.ReplyToken() != "":
		// A token never changes: the mail already sent carries it.
		t.SetReplyToken(was.ReplyToken())
	case t.ReplyToken() == "":
		t.SetReplyToken(NewReplyToken())
	}
	if id := t.AssignedToID(); id != "" && (was == nil || id != was.AssignedToID() || t.DepartmentID() != was.DepartmentID()) {
		staff, err := collections.FindStaffMember(app, id)
		if err != nil || !StaffSeesDepartment(staff, t.DepartmentID()) {
			return fieldError(f.AssignedTo, "validation_department",
				"Assign the ticket to an active member of staff who sees its department (an admin, or staff of that department).")
		}
	}

	closed := t.Status() == collections.TicketStatusClosed
	switch {
	case closed && t.ClosedAt().IsZero():
		t.SetClosedAt(types.NowDateTime())
	case !closed && !t.ClosedAt().IsZero():
		t.SetClosedAt(types.DateTime{})
	}

	rating, wasRating := t.Rating(), int64(0)
	if was != nil {
		wasRating = was.Rating()
	}
	if rating != wasRating || (was != nil && t.RatingComment() != was.RatingComment()) {
		switch {
		case wasRating != 0:
			return fieldError(f.Rating, "validation_already_rated", "This ticket has already been rated; a rating is given once.")
		case !closed:
			return fieldError(f.Rating, "validation_not_closed", "A ticket is rated when it is closed.")
		case !ValidRating(int(rating)):
			return fieldError(f.Rating, "validation_rating_range", fmt.Sprintf("A rating is a whole number from 1 to 5, not %d.", rating))
		}
	}
	return nil
}
