package payments

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// allGateways in the order a customer is offered them.
var allGateways = []string{Stripe, PayPal, Credit, Manual}

// GatewayEnabled reports whether customers may pay with a gateway: switched
// on in settings.gateways (a missing key is on) and, for the online ones,
// configured with credentials.
func GatewayEnabled(app core.App, name string) bool {
	switch name {
	case Stripe, PayPal:
		if GatewayFor(app, name) == nil {
			return false
		}
	case Credit, Manual:
	default:
		return false
	}
	rec, err := app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		return false
	}
	var on map[string]bool
	if err := collections.WrapCompanySettings(rec).UnmarshalGateways(&on); err != nil {
		return true
	}
	enabled, set := on[name]
	return !set || enabled
}

// EnabledGateways lists the gateways customers may pay with now.
func EnabledGateways(app core.App) []string {
	var out []string
	for _, g := range allGateways {
		if GatewayEnabled(app, g) {
			out = append(out, g)
		}
	}
	return out
}
