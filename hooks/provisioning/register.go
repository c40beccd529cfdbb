package provisioning

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/lifecycle"
	"github.com/ezscale/hostbase/hooks/secrets"
)

const (
	registeredKey = "provisioning.registered"
	keysKey       = "provisioning.keys"
	pluginsKey    = "provisioning.plugins"
)

// Register wires provisioning into app: the lifecycle's jobs, the worker
// pool (under `serve`), the daily cancellations, the routes and the
// validation of servers, products and settings. Registering twice adds
// nothing.
func Register(app core.App, deps Deps) *Queue {
	if q := QueueOf(app); q != nil {
		return q
	}
	if deps.Keys == nil {
		deps.Keys = secrets.AppKeyring(app)
	}
	app.Store().Set(keysKey, deps.Keys)
	app.Store().Set(pluginsKey, deps.Plugins)
	q := newQueue(app, deps)
	app.Store().Set(queueKey, q)

	lifecycle.OnTransition(app, onTransition)
	billing.OnChangeApplied(app).BindFunc(onChangeApplied)
	billing.AddRunStep(app, billing.RunStep{Name: "cancellations", Run: cancellationStep})
	billing.AddCartCheck(app, checkCart)
	app.OnRecordAfterCreateSuccess(collections.ProvisioningJobs).BindFunc(func(e *core.RecordEvent) error {
		q.Wake()
		return e.Next()
	})
	app.OnRecordAfterUpdateSuccess(collections.ProvisioningJobs).BindFunc(func(e *core.RecordEvent) error {
		q.Wake()
		return e.Next()
	})
	registerValidation(app)
	registerRoutes(app)
	registerReconcile(app)

	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		if err := q.Start(); err != nil {
			return err
		}
		return e.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		q.Stop()
		return e.Next()
	})
	return q
}

// keyring is the keys Register was given.
func keyring(app core.App) *secrets.Keyring {
	k, _ := app.Store().Get(keysKey).(*secrets.Keyring)
	return k
}

// pluginsOf is the plugin registry Register was given.
func pluginsOf(app core.App) Plugins {
	p, _ := app.Store().Get(pluginsKey).(Plugins)
	return p
}

// onChangeApplied sends an upgrade or downgrade to the panel: the service
// already holds its new product and options.
func onChangeApplied(e *billing.ChangeAppliedEvent) error {
	switch e.Service.Status() {
	case collections.ServiceStatusActive, collections.ServiceStatusSuspended:
	default:
		// Not on a panel yet: Create will use the new plan.
		return e.Next()
	}
	if e.Service.ServerID() == "" {
		return e.Next()
	}
	_, _, err := Enqueue(e.App, JobSpec{Service: e.Service.Id, Action: collections.ProvisioningJobActionChangePackage,
		Key: "change_package:" + e.Change.Id, RequestedBy: "billing"})
	if err != nil {
		return err
	}
	return e.Next()
}

// validationError is a 400 naming the field.
func validationError(field, code, msg string) error {
	return validation.Errors{field: validation.NewError(code, msg)}
}
