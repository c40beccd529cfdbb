package dunning

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/hooks/billing"
)

const registeredKey = "dunning.registered"

// Register adds dunning to app's daily billing run and to paying an
// invoice. Registering twice adds nothing: a test may register an app
// that hooks.Register already has.
func Register(app core.App) {
	if app.Store().Has(registeredKey) {
		return
	}
	app.Store().Set(registeredKey, true)
	billing.AddRunStep(app, billing.RunStep{Name: "dunning", Run: runStep})
	billing.OnInvoicePaid(app, unsuspendPaid)
}
