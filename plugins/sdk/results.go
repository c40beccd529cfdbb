package sdk

import "time"

// Availability answers CheckAvailability.
type Availability struct {
	Available bool
	// Reason is shown to the buyer when not Available, e.g. "No servers
	// with 64 GB of memory are free in Amsterdam".
	Reason string
	// Remaining is how many more the server can take; -1 when unknown.
	Remaining int64
}

// CreateResult is what Create made.
type CreateResult struct {
	RemoteID string
	Hostname string
	IP       string
	ExtraIPs []string
	Username string
	// Credentials (root password, panel login…) are stored encrypted and
	// shown to the customer in the welcome email and the client area.
	Credentials map[string]string
	// Pending is set while the panel is still building; Hostbase calls
	// Create again later, with the same idempotency key, until it is not.
	Pending bool
	Message string
}

// ActionResult is what Suspend, Unsuspend, Terminate, ChangePackage,
// ChangePassword and RunClientAction report.
type ActionResult struct {
	Message string
	// Pending is set when the panel accepted the action but has not
	// finished it.
	Pending bool
	// Credentials, when set, replace the service's stored credentials of
	// the same keys: the root password a reinstall or ChangePassword made.
	Credentials map[string]string
}

// State is where a service stands on the panel.
type State string

const (
	StatePending   State = "pending"
	StateRunning   State = "running"
	StateStopped   State = "stopped"
	StateSuspended State = "suspended"
	// StateMissing is a resource the panel does not have (any more).
	StateMissing State = "missing"
	StateUnknown State = "unknown"
)

// Status answers Status.
type Status struct {
	State    State
	Detail   string
	Hostname string
	IP       string
}

// Unreported marks a Usage quantity the panel does not report.
const Unreported int64 = -1

// Usage is what the panel reports of a service's consumption. Each
// quantity is Unreported when the panel does not say.
type Usage struct {
	DiskUsedBytes, DiskLimitBytes           int64
	MemoryUsedBytes, MemoryLimitBytes       int64
	BandwidthUsedBytes, BandwidthLimitBytes int64
	// CPUPermille is 1000 per fully busy core.
	CPUPermille int64
	// CollectedAt is when the panel measured; zero for now.
	CollectedAt time.Time
}

// NoUsage returns a Usage with every quantity Unreported, to fill in.
func NoUsage() Usage {
	return Usage{Unreported, Unreported, Unreported, Unreported, Unreported, Unreported, Unreported, time.Time{}}
}

// ClientAction is something the customer may do to a service from the
// client area (reboot, power off, reinstall…).
type ClientAction struct {
	Key   string
	Label string
	// Confirm, when set, is the question the client area asks first.
	Confirm string
	// Params are what the customer chooses (e.g. the OS template).
	Params    []ConfigField
	Dangerous bool
}

// SingleSignOn is a short-lived URL into the panel.
type SingleSignOn struct {
	URL       string
	ExpiresAt time.Time
}

// RemoteResource is one thing the panel holds, for reconciliation.
type RemoteResource struct {
	RemoteID string
	Name     string
	// IdempotencyKey is the tag Create put on it; "" if it has none (made
	// outside Hostbase).
	IdempotencyKey string
	State          State
	Hostname       string
	IP             string
}
