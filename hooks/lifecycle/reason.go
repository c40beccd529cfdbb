package lifecycle

import "github.com/pocketbase/pocketbase/tools/types"

// Reason says who moves a service and why; it is written to the audit log
// and, for a suspension, to the service's suspend_reason.
type Reason struct {
	// ActorCollection and ActorID name the staff member or customer
	// ("staff", "customers", "_superusers"); both are "" for the system,
	// whose ActorName then names the part acting, e.g. "system" or
	// "dunning".
	ActorCollection, ActorID, ActorName string
	// Why is shown to staff and, for a suspension, to the customer.
	Why string
	// Now is the time of the transition, read once by the caller (a run
	// passes its own clock); zero means the current time.
	Now types.DateTime
}

func (r Reason) now() types.DateTime {
	if r.Now.IsZero() {
		return types.NowDateTime()
	}
	return r.Now
}
