package tickets

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/request"
)

// openTicket is POST /api/hb/tickets: a customer opens a ticket with its
// first message and attachments, all in one transaction, from a JSON body
// or multipart/form-data (department, subject, priority, service, body,
// attachments). It answers {"id","ref","status","message"}.
func openTicket(e *core.RequestEvent) error {
	in, err := readForm(e, "department", "subject", "priority", "service", "body")
	if err != nil {
		return err
	}
	customerID := request.CustomerID(e)
	tf := collections.TicketFields

	dept, err := collections.FindTicketDepartment(e.App, strings.TrimSpace(in.get("department")))
	if err != nil || dept.Hidden() {
		return request.FieldError(e, tf.Department, "validation_invalid_department", "Choose one of the departments offered.")
	}
	subject := strings.TrimSpace(in.get("subject"))
	switch {
	case subject == "":
		return request.FieldError(e, tf.Subject, "validation_required", "Give the ticket a subject.")
	case utf8.RuneCountInString(subject) > 255:
		return request.FieldError(e, tf.Subject, "validation_length_out_of_range", "The subject may be up to 255 characters.")
	}
	priority := collections.TicketPriority(strings.TrimSpace(in.get("priority")))
	switch priority {
	case "":
		priority = collections.TicketPriorityMedium
	case collections.TicketPriorityLow, collections.TicketPriorityMedium, collections.TicketPriorityHigh, collections.TicketPriorityUrgent:
	default:
		return request.FieldError(e, tf.Priority, "validation_invalid_value", "The priority is low, medium, high or urgent.")
	}
	serviceID := strings.TrimSpace(in.get("service"))
	if serviceID != "" {
		svc, err := collections.FindService(e.App, serviceID)
		if err != nil || svc.CustomerID() != customerID {
			return request.FieldError(e, tf.Service, "validation_invalid_service", "Choose one of your services, or none.")
		}
	}
	body := in.get("body")
	if strings.TrimSpace(body) == "" {
		return request.FieldError(e, "body", "validation_required", "Say what you need help with.")
	}

	var ticket *collections.Ticket
	var msg *collections.TicketMessage
	err = e.App.RunInTransaction(func(tx core.App) error {
		var err error
		if ticket, err = collections.NewTicket(tx); err != nil {
			return err
		}
		ticket.SetCustomerID(customerID)
		ticket.SetDepartmentID(dept.Id)
		ticket.SetSubject(subject)
		ticket.SetPriority(priority)
		ticket.SetServiceID(serviceID)
		ticket.SetStatus(collections.TicketStatusOpen)
		if err := tx.Save(ticket); err != nil {
			return err
		}
		if msg, err = collections.NewTicketMessage(tx); err != nil {
			return err
		}
		msg.SetTicketID(ticket.Id)
		msg.SetAuthorCustomerID(customerID)
		msg.SetBody(body)
		msg.SetSource(collections.TicketMessageSourceWeb)
		msg.SetAttachments(in.files...)
		return tx.Save(msg)
	})
	if err != nil {
		return writeError(e, err)
	}
	return e.JSON(http.StatusOK, map[string]any{"id": ticket.Id, "ref": ticket.Ref(), "status": ticket.Status(), "message": msg.Id})
}
