package affiliates

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
)

const registeredKey = "affiliates.registered"

// trackingPriority runs the ?ref= middleware after PocketBase's own (body
// limit, auth token), before any route's handler.
const trackingPriority = apis.DefaultBodyLimitMiddlewarePriority + 10

// Register binds the affiliate programme's hooks, routes and jobs to app.
// Registering twice adds nothing.
func Register(app core.App) {
	if app.Store().Has(registeredKey) {
		return
	}
	app.Store().Set(registeredKey, true)

	app.OnRecordCreateRequest(collections.Customers).BindFunc(markReferred)
	app.OnRecordCreate(collections.Customers).BindFunc(recordReferralOnCreate)
	app.OnRecordUpdate(collections.Customers).BindFunc(guardReferrerOnUpdate)

	app.OnRecordCreate(collections.Affiliates).BindFunc(validateAffiliate)
	app.OnRecordUpdate(collections.Affiliates).BindFunc(validateAffiliate)
	app.OnRecordCreate(collections.Products).BindFunc(validateProductCommission)
	app.OnRecordUpdate(collections.Products).BindFunc(validateProductCommission)
	app.OnRecordCreate(collections.Settings).BindFunc(validateProgramme)
	app.OnRecordUpdate(collections.Settings).BindFunc(validateProgramme)

	billing.OnInvoicePaid(app, earnCommission)
	billing.AddRunStep(app, billing.RunStep{Name: "affiliate commissions", Run: approvalStep})
	bindPayoutEmails(app)
	app.OnRecordUpdate(collections.Invoices).BindFunc(onInvoiceRefunded)
	app.OnRecordCreate(collections.Transactions).BindFunc(onRefundOrChargeback)
	app.OnRecordUpdate(collections.Transactions).BindFunc(onRefundOrChargeback)

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{Id: "hostbaseAffiliateTracking", Priority: trackingPriority, Func: storefrontTracking})
		customer := apis.RequireAuth(collections.Customers)
		se.Router.GET("/api/hb/affiliate", dashboard).Bind(customer)
		se.Router.POST("/api/hb/affiliate/activate", activate).Bind(customer)
		se.Router.GET("/api/hb/affiliate/click", click)
		se.Router.POST("/api/hb/affiliate/payouts", requestPayout).Bind(customer)
		staff := apis.RequireAuth(collections.Staff, core.CollectionNameSuperusers)
		se.Router.POST("/api/hb/affiliate/payouts/{id}/paid", settlePayout(true)).Bind(staff)
		se.Router.POST("/api/hb/affiliate/payouts/{id}/reject", settlePayout(false)).Bind(staff)
		se.Router.PATCH("/api/hb/affiliates/{id}", updateAffiliate).Bind(staff)
		return se.Next()
	})
}
