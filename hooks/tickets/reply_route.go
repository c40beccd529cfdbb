package tickets

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/request"
)

// findVisibleTicket loads the ticket of the route's {id} if the request may
// see it; otherwise it answers 404, the same for "not yours" as for "none",
// so that ids cannot be probed.
func findVisibleTicket(e *core.RequestEvent) (*collections.Ticket, error) {
	t, err := collections.FindTicket(e.App, e.Request.PathValue("id"))
	if err != nil || !requestSeesTicket(e, t) {
		return nil, e.NotFoundError("Ticket not found.", nil)
	}
	return t, nil
}

// replyToTicket is POST /api/hb/tickets/{id}/messages: the ticket's
// customer or staff who see it add a message (body, attachments; staff may
// set internal for a note the customer never sees), from JSON or
// multipart/form-data. A customer's reply to a closed ticket reopens it
// within the reopen window, and is refused after it. It answers
// {"id","ticket","status"}.
func replyToTicket(e *core.RequestEvent) error {
	in, err := readForm(e, "body", "internal")
	if err != nil {
		return err
	}
	t, err := findVisibleTicket(e)
	if err != nil {
		return err
	}
	mf := collections.TicketMessageFields
	internal := false
	switch strings.TrimSpace(in.get("internal")) {
	case "", "false", "0":
	case "true", "1", "on":
		internal = true
	default:
		return request.FieldError(e, mf.Internal, "validation_invalid_value", "internal is true or false.")
	}
	customerID := request.CustomerID(e)
	if customerID != "" && internal {
		return request.FieldError(e, mf.Internal, "validation_staff_only", "Only staff write internal notes.")
	}
	if strings.TrimSpace(in.get("body")) == "" {
		return request.FieldError(e, mf.Body, "validation_required", "Write a message.")
	}

	msg, err := collections.NewTicketMessage(e.App)
	if err != nil {
		return err
	}
	msg.SetTicketID(t.Id)
	msg.SetBody(in.get("body"))
	msg.SetInternal(internal)
	msg.SetSource(collections.TicketMessageSourceWeb)
	msg.SetAttachments(in.files...)
	switch {
	case customerID != "":
		msg.SetAuthorCustomerID(customerID)
	case e.Auth.Collection().Name == collections.Staff:
		msg.SetAuthorStaffID(e.Auth.Id)
	}
	// In a transaction of ours, so that realtime and the emails follow its
	// commit.
	if err := e.App.RunInTransaction(func(tx core.App) error { return tx.Save(msg) }); err != nil {
		return writeError(e, err)
	}
	after, err := collections.FindTicket(e.App, t.Id)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"id": msg.Id, "ticket": t.Id, "status": after.Status()})
}
