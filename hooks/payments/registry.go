package payments

import (
	"github.com/pocketbase/pocketbase/core"
)

const gatewaysKey = "payments.gateways"

// UseGateway makes gw the app's gateway of its name, replacing any other.
// main wires the gateways configured in the environment; tests wire ones
// pointed at stripe-mock and the fake PayPal.
func UseGateway(app core.App, gw Gateway) {
	current, _ := app.Store().Get(gatewaysKey).(map[string]Gateway)
	next := make(map[string]Gateway, len(current)+1)
	for k, v := range current {
		next[k] = v
	}
	next[gw.Name()] = gw
	app.Store().Set(gatewaysKey, next)
}

// GatewayFor is the app's online gateway of that name, or nil when it is
// not configured.
func GatewayFor(app core.App, name string) Gateway {
	current, _ := app.Store().Get(gatewaysKey).(map[string]Gateway)
	return current[name]
}
