// Package hooks wires every capability of Hostbase into a PocketBase app.
// main.go and the tests call the same Register, so a test app behaves
// exactly like the binary.
package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/hooks/accounts"
	"github.com/ezscale/hostbase/hooks/affiliates"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/dunning"
	"github.com/ezscale/hostbase/hooks/integrity"
	"github.com/ezscale/hostbase/hooks/kb"
	"github.com/ezscale/hostbase/hooks/notify"
	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/provisioning"
	"github.com/ezscale/hostbase/hooks/secrets"
	"github.com/ezscale/hostbase/hooks/shop"
	"github.com/ezscale/hostbase/hooks/tickets"
)

// Deps are what the capabilities need from outside the database.
type Deps struct {
	// Keys seals and opens provider secrets.
	Keys *secrets.Keyring
	// Gateways are the online payment gateways configured (Stripe, PayPal).
	Gateways []payments.Gateway
	// Plugins are the provisioner plugins: the plugin host in the binary.
	Plugins provisioning.Plugins
	// Workers is the provisioning worker pool's size under `serve`
	// (0: the default; negative: none, jobs run only when asked).
	Workers int
}

// Register binds every capability's hooks, routes and jobs to app.
func Register(app core.App, deps Deps) {
	if deps.Keys == nil {
		deps.Keys = secrets.AppKeyring(app)
	}
	integrity.Register(app)
	secrets.Register(app, deps.Keys)
	accounts.Register(app)
	notify.Register(app)
	shop.Register(app)
	billing.Register(app)
	payments.Register(app, deps.Gateways...)
	// After payments: a card charged today spares its invoice the dunning.
	dunning.Register(app)
	provisioning.Register(app, provisioning.Deps{Plugins: deps.Plugins, Keys: deps.Keys, Workers: deps.Workers})
	tickets.Register(app)
	kb.Register(app)
	affiliates.Register(app)
}
