package sdk

// Server is one panel endpoint as staff registered it.
type Server struct {
	ID       string
	Name     string
	Endpoint string
	// Config holds the server's non-secret settings and Credentials its
	// secret ones, each keyed by the ServerConfig field keys.
	Config      map[string]string
	Credentials map[string]string
}

// Customer is who the service is for.
type Customer struct {
	ID, Email, FirstName, LastName, Company, Country string
}

// Service is the Hostbase service a call is about.
type Service struct {
	ID string
	// IdempotencyKey is stable for the service. Tag what Create makes with
	// it (an external id, a name or a label, whatever the panel keeps) and
	// look for it before making anything: a second Create with the same key
	// must return the first resource.
	IdempotencyKey string
	// RemoteID is the panel's id, once a Create returned one.
	RemoteID    string
	Hostname    string
	Username    string
	Domain      string
	ProductID   string
	ProductName string
	// ProductConfig is the product's settings with the customer's
	// configurable options merged over them, keyed by ProductConfig field
	// keys.
	ProductConfig map[string]string
	// Credentials are what Create returned, for panels that need them again.
	Credentials map[string]string
	Customer    Customer
}

// ServerRequest is a call about a server as a whole.
type ServerRequest struct {
	Server Server
	// CallKey identifies the call; a retry of the same job carries the same
	// key.
	CallKey string
}

// ServiceRequest is a call about one service.
type ServiceRequest struct {
	Server  Server
	Service Service
	CallKey string
	// Reason is why it was asked, e.g. "Overdue invoice 2026-0042".
	Reason string
}

// AvailabilityRequest asks whether a server can take one more service of a
// product.
type AvailabilityRequest struct {
	Server        Server
	ProductConfig map[string]string
	CallKey       string
}

// ChangePasswordRequest sets a new password on the service.
type ChangePasswordRequest struct {
	ServiceRequest
	Password string
}

// ClientActionRequest runs one of the service's ClientActions.
type ClientActionRequest struct {
	ServiceRequest
	Action string
	Params map[string]string
}
