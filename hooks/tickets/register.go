// Package tickets is the support desk: departments, tickets and their
// messages, staff replies and internal notes, attachments, email
// notifications and replies by email, auto-close and satisfaction ratings.
//
// The lifecycle is DESIGN.md's: open → answered ⇄ customer_reply → closed,
// and on_hold. Hooks keep it whatever writes a message (the routes below,
// the collections API, the dashboard, inbound mail):
//
//	POST /api/hb/tickets                  a customer opens a ticket with its first message
//	POST /api/hb/tickets/{id}/messages    the customer or staff reply; staff add internal notes
//	POST /api/hb/tickets/{id}/close       close, the customer optionally rating 1–5
//	POST /api/hb/tickets/{id}/rating      the customer rates a closed ticket, once
//	POST /api/hb/inbound/email            a reply by email (shared secret)
package tickets

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
)

const registeredKey = "tickets.registered"

// Register binds the support desk's hooks, routes and daily auto-close to
// app. Registering twice adds nothing.
func Register(app core.App) {
	if app.Store().Has(registeredKey) {
		return
	}
	app.Store().Set(registeredKey, true)
	bindTickets(app)
	bindMessages(app)
	bindNotifications(app)
	billing.AddRunStep(app, billing.RunStep{Name: "tickets", Run: autoCloseStep})

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		people := apis.RequireAuth(collections.Customers, collections.Staff, core.CollectionNameSuperusers)
		uploads := apis.BodyLimit(maxUpload)
		se.Router.POST("/api/hb/tickets", openTicket).Bind(apis.RequireAuth(collections.Customers), uploads)
		se.Router.POST("/api/hb/tickets/{id}/messages", replyToTicket).Bind(people, uploads)
		se.Router.POST("/api/hb/tickets/{id}/close", closeTicket).Bind(people)
		se.Router.POST("/api/hb/tickets/{id}/rating", rateTicket).Bind(apis.RequireAuth(collections.Customers))
		se.Router.POST("/api/hb/inbound/email", inboundEmail).Bind(apis.BodyLimit(MaxInboundSize))
		return se.Next()
	})
}
