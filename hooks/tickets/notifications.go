package tickets

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/routine"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/markdown"
	"github.com/ezscale/hostbase/hooks/notify"
)

// Template keys of the support desk's emails (emails/templates).
const (
	EmailTicketOpened      = "ticket_opened"
	EmailTicketReply       = "ticket_reply"
	EmailTicketAutoClosed  = "ticket_auto_closed"
	EmailStaffTicketOpened = "staff_ticket_opened"
	EmailStaffTicketReply  = "staff_ticket_reply"
)

// bindNotifications mails each message after its commit, in the
// background (a slow mail server must not hold up a reply): the customer
// gets staff replies and the acknowledgement of a new ticket; the
// department's address and its staff who asked for it get new tickets and
// customer replies. Internal notes are never mailed. Each mail is sent once
// per message and recipient, carries the ticket's [#REF] in its subject and
// a Reply-To with the ticket's token, so that answering it files the
// answer with the ticket.
func bindNotifications(app core.App) {
	app.OnRecordAfterCreateSuccess(collections.TicketMessages).BindFunc(func(e *core.RecordEvent) error {
		// A copy for the goroutine: the event stays its caller's.
		notifyInBackground(e.App, collections.WrapTicketMessage(e.Record.Fresh()))
		return e.Next()
	})
}

// notifyInBackground mails about msg without holding up the caller.
func notifyInBackground(app core.App, msg *collections.TicketMessage) {
	if msg.Internal() || !app.Settings().SMTP.Enabled {
		return
	}
	routine.FireAndForget(func() {
		if err := notifyMessage(app, msg); err != nil {
			app.Logger().Warn("ticket email", "message", msg.Id, "error", err)
		}
	})
}

// mailContext is what every email about one ticket shares.
type mailContext struct {
	ticket   *collections.Ticket
	customer *core.Record
	dept     *collections.TicketDepartment
	policy   Policy
	data     notify.Data
	replyTo  string
}

func loadMailContext(app core.App, ticketID string) (*mailContext, error) {
	t, err := collections.FindTicket(app, ticketID)
	if err != nil {
		return nil, err
	}
	customer, err := app.FindRecordById(collections.Customers, t.CustomerID())
	if err != nil {
		return nil, err
	}
	dept, err := collections.FindTicketDepartment(app, t.DepartmentID())
	if err != nil {
		return nil, err
	}
	policy, err := LoadPolicy(app)
	if err != nil {
		return nil, err
	}
	company, err := notify.LoadCompany(app)
	if err != nil {
		return nil, err
	}
	c := &mailContext{ticket: t, customer: customer, dept: dept, policy: policy,
		replyTo: ReplyAddress(policy.ReplyAddress, t.ReplyToken())}
	c.data = notify.Data{
		Company:  company,
		Customer: notify.Customer{Name: customer.GetString(collections.CustomerFields.Name), Email: customer.Email()},
		Ticket: notify.Ticket{ID: t.Id, Ref: t.Ref(), Subject: t.Subject(), Department: dept.Name(),
			Priority: string(t.Priority()), Status: string(t.Status()), ReopenDays: int64(policy.ReopenDays)},
	}
	if base := strings.TrimRight(company.URL, "/"); base != "" {
		c.data.Links.ClientArea = base + "/client/"
		c.data.Ticket.Link = base + "/client/tickets/" + t.Id
	}
	return c, nil
}

// staffLink is the ticket in the dashboard.
func (c *mailContext) staffLink() string {
	base := strings.TrimRight(c.data.Company.URL, "/")
	if base == "" {
		return ""
	}
	return base + "/_/#/collections?collection=" + collections.Tickets + "&recordId=" + url.QueryEscape(c.ticket.Id)
}

func (c *mailContext) toCustomer(app core.App, template, key string) error {
	return notify.Send(app, notify.Message{Template: template, To: c.customer.Email(), ToName: c.data.Customer.Name,
		Customer: c.customer.Id, Data: c.data, DedupeKey: key, ReplyTo: c.replyTo,
		RelatedCollection: collections.Tickets, RelatedID: c.ticket.Id})
}

// toStaff mails the department's address, the ticket's assignee, and every
// active member of staff who sees the department and asked for ticket mail,
// but the author.
func (c *mailContext) toStaff(app core.App, template, key, authorStaffID string) error {
	data := c.data
	data.Ticket.Link = c.staffLink()
	recipients := map[string]string{}
	if addr := c.dept.EmailAddress(); addr != "" {
		recipients[strings.ToLower(addr)] = c.dept.Name()
	}
	staff, err := app.FindAllRecords(collections.Staff, dbx.HashExp{
		collections.StaffMemberFields.Active: true, collections.StaffMemberFields.NotifyNewTickets: true})
	if err != nil {
		return err
	}
	if id := c.ticket.AssignedToID(); id != "" {
		if r, err := app.FindRecordById(collections.Staff, id); err == nil {
			staff = append(staff, r)
		}
	}
	for _, r := range staff {
		s := collections.WrapStaffMember(r)
		if s.Id != authorStaffID && StaffSeesDepartment(s, c.dept.Id) {
			recipients[strings.ToLower(s.Email())] = s.Name()
		}
	}
	var errs []string
	for addr, name := range recipients {
		err := notify.Send(app, notify.Message{Template: template, To: addr, ToName: name, Data: data,
			DedupeKey: key + ":" + addr, ReplyTo: c.replyTo, RelatedCollection: collections.Tickets, RelatedID: c.ticket.Id})
		if err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

func notifyMessage(app core.App, msg *collections.TicketMessage) error {
	c, err := loadMailContext(app, msg.TicketID())
	if err != nil {
		return err
	}
	c.data.Ticket.Reply = strings.Split(PlainText(markdown.Render(msg.Body())), "\n")

	if msg.AuthorCustomerID() != "" {
		c.data.Ticket.Author = c.data.Customer.Name
		first, err := isFirstMessage(app, msg)
		if err != nil {
			return err
		}
		if first {
			errCustomer := c.toCustomer(app, EmailTicketOpened, EmailTicketOpened+":"+msg.Id)
			errStaff := c.toStaff(app, EmailStaffTicketOpened, EmailStaffTicketOpened+":"+msg.Id, "")
			if errCustomer != nil {
				return errCustomer
			}
			return errStaff
		}
		return c.toStaff(app, EmailStaffTicketReply, EmailStaffTicketReply+":"+msg.Id, "")
	}

	c.data.Ticket.Author = c.data.Company.Name
	if id := msg.AuthorStaffID(); id != "" {
		if s, err := collections.FindStaffMember(app, id); err == nil {
			c.data.Ticket.Author = s.Name()
		}
	}
	return c.toCustomer(app, EmailTicketReply, EmailTicketReply+":"+msg.Id)
}

// isFirstMessage reports whether msg opened its ticket.
func isFirstMessage(app core.App, msg *collections.TicketMessage) (bool, error) {
	var n int
	f := collections.TicketMessageFields
	err := app.DB().Select("count(*)").From(collections.TicketMessages).
		Where(dbx.HashExp{f.Ticket: msg.TicketID()}).AndWhere(dbx.Not(dbx.HashExp{f.ID: msg.Id})).Row(&n)
	return n == 0, err
}
