package lifecycle

import (
	"fmt"
	"slices"

	"github.com/ezscale/hostbase/collections"
)

// edge is one kind of transition: the states it leaves from and the one it
// reaches. A service already in the target state is left as it is, so that
// repeating a transition changes nothing.
type edge struct {
	action string // audit_log action
	from   []collections.ServiceStatus
	to     collections.ServiceStatus
}

var (
	markProvisioningEdge = edge{"service.mark_provisioning",
		// failed → provisioning is staff retrying a provisioning that gave up.
		[]collections.ServiceStatus{collections.ServiceStatusPending, collections.ServiceStatusFailed},
		collections.ServiceStatusProvisioning}
	activateEdge = edge{"service.activate",
		[]collections.ServiceStatus{collections.ServiceStatusPending, collections.ServiceStatusProvisioning},
		collections.ServiceStatusActive}
	suspendEdge = edge{"service.suspend",
		[]collections.ServiceStatus{collections.ServiceStatusActive},
		collections.ServiceStatusSuspended}
	unsuspendEdge = edge{"service.unsuspend",
		[]collections.ServiceStatus{collections.ServiceStatusSuspended},
		collections.ServiceStatusActive}
	failEdge = edge{"service.fail",
		[]collections.ServiceStatus{collections.ServiceStatusProvisioning},
		collections.ServiceStatusFailed}
	// cancelEdge ends a service that never ran: an order cancelled before
	// (or instead of) provisioning.
	cancelEdge = edge{"service.cancel",
		[]collections.ServiceStatus{collections.ServiceStatusPending, collections.ServiceStatusProvisioning, collections.ServiceStatusFailed},
		collections.ServiceStatusCancelled}
	terminateEdge = edge{"service.terminate",
		[]collections.ServiceStatus{collections.ServiceStatusActive, collections.ServiceStatusSuspended},
		collections.ServiceStatusTerminated}
)

// allows reports whether the edge may leave from.
func (e edge) allows(from collections.ServiceStatus) bool { return slices.Contains(e.from, from) }

// EdgeError is returned for a transition the lifecycle has no edge for,
// e.g. suspending a terminated service.
type EdgeError struct {
	Service  string
	From, To collections.ServiceStatus
}

func (e *EdgeError) Error() string {
	return fmt.Sprintf("lifecycle: service %s cannot go from %s to %s", e.Service, e.From, e.To)
}

// Message says in a sentence for people why the transition is refused.
func (e *EdgeError) Message() string {
	return fmt.Sprintf("The service is %s; it cannot become %s from there.", e.From, e.To)
}
