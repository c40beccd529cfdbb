package billing

import (
	"context"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
)

// The billing engine's two extension points. Other capabilities (payments,
// dunning, later provisioning) add to the daily run and react to paid
// invoices through them, so that billing never imports them.

// RunDay is what a run step is given: the day, the clock read once for the
// whole run, the policy and the report to add to.
type RunDay struct {
	AsOf   money.Date
	Now    types.DateTime
	Policy *Policy
	Report *Report
}

// RunStep is one more step of the daily run. Steps run in the order they
// were added, after the renewal invoices, late fees and credit, and before
// the run's emails. A step must be safe to repeat: the run is.
type RunStep struct {
	Name string
	Run  func(ctx context.Context, app core.App, day RunDay) error
}

// PaidHook runs inside the transaction that marks an invoice paid.
type PaidHook func(txApp core.App, inv *collections.Invoice, now types.DateTime) error

// CartCheck refuses a cart that cannot be fulfilled, with a *CartError
// naming the item; provisioning checks the servers' capacity with it.
type CartCheck func(ctx context.Context, app core.App, cart Cart) error

const (
	runStepsKey   = "billing.runSteps"
	paidHooksKey  = "billing.paidHooks"
	cartChecksKey = "billing.cartChecks"
)

// AddCartCheck adds fn to what CheckCart asks.
func AddCartCheck(app core.App, fn CartCheck) {
	checks, _ := app.Store().Get(cartChecksKey).([]CartCheck)
	app.Store().Set(cartChecksKey, append(append([]CartCheck(nil), checks...), fn))
}

// CheckCart runs every cart check, stopping at the first refusal.
func CheckCart(ctx context.Context, app core.App, cart Cart) error {
	checks, _ := app.Store().Get(cartChecksKey).([]CartCheck)
	for _, fn := range checks {
		if err := fn(ctx, app, cart); err != nil {
			return err
		}
	}
	return nil
}

// AddRunStep adds step to every billing run of app.
func AddRunStep(app core.App, step RunStep) {
	steps, _ := app.Store().Get(runStepsKey).([]RunStep)
	app.Store().Set(runStepsKey, append(append([]RunStep(nil), steps...), step))
}

// OnInvoicePaid adds fn to what InvoicePaid does, in the order added. fn
// must be idempotent: InvoicePaid may be called again for the same invoice.
func OnInvoicePaid(app core.App, fn PaidHook) {
	hooks, _ := app.Store().Get(paidHooksKey).([]PaidHook)
	app.Store().Set(paidHooksKey, append(append([]PaidHook(nil), hooks...), fn))
}

func runSteps(ctx context.Context, app core.App, day RunDay) error {
	steps, _ := app.Store().Get(runStepsKey).([]RunStep)
	for _, s := range steps {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		if err := s.Run(ctx, app, day); err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
	}
	return nil
}

func runPaidHooks(txApp core.App, invoiceID string, now types.DateTime) error {
	hooks, _ := txApp.Store().Get(paidHooksKey).([]PaidHook)
	if len(hooks) == 0 {
		return nil
	}
	inv, err := collections.FindInvoice(txApp, invoiceID)
	if err != nil {
		return err
	}
	for _, fn := range hooks {
		if err := fn(txApp, inv, now); err != nil {
			return err
		}
	}
	return nil
}
