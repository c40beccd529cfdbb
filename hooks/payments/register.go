package payments

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/hooks/billing"
)

// Register wires the payments routes, the order activation on payment, and
// the auto-charge step of the billing run (before dunning's, so that a
// card charged today spares its invoice the dunning). gateways are the
// online gateways configured (main builds them from the environment; tests
// point them at stripe-mock and the fake PayPal).
func Register(app core.App, gateways ...Gateway) {
	for _, gw := range gateways {
		UseGateway(app, gw)
	}
	registerRoutes(app)
	billing.OnInvoicePaid(app, activateOrder)
	billing.AddRunStep(app, billing.RunStep{Name: "auto-charge", Run: autoChargeStep})
}
