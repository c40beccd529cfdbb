package lifecycle

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// TransitionHook runs inside the transaction of every transition, after the
// service is saved with its new status: the provisioning queue enqueues
// the plugin's job here, so that a rolled-back transition leaves no job.
type TransitionHook func(txApp core.App, svc *collections.Service, from, to collections.ServiceStatus, r Reason) error

const transitionHooksKey = "lifecycle.transitionHooks"

// OnTransition adds fn to every transition of app's services, in the order
// added. An error from fn rolls the transition back.
func OnTransition(app core.App, fn TransitionHook) {
	hooks, _ := app.Store().Get(transitionHooksKey).([]TransitionHook)
	app.Store().Set(transitionHooksKey, append(append([]TransitionHook(nil), hooks...), fn))
}

func runTransitionHooks(txApp core.App, svc *collections.Service, from, to collections.ServiceStatus, r Reason) error {
	hooks, _ := txApp.Store().Get(transitionHooksKey).([]TransitionHook)
	for _, fn := range hooks {
		if err := fn(txApp, svc, from, to, r); err != nil {
			return err
		}
	}
	return nil
}
