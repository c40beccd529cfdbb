package sdk

import "context"

// Provisioner is what a plugin implements. Every method gets everything it
// needs in its request and must be safe to call concurrently. The context
// is cancelled when Hostbase's deadline for the call passes: give up then.
//
// The lifecycle methods must be idempotent: Create with an IdempotencyKey
// already used returns the first resource; Suspend of a suspended service,
// Unsuspend of an active one and Terminate of a missing one succeed.
type Provisioner interface {
	Metadata(ctx context.Context) (Metadata, error)
	// TestConnection checks the server's endpoint and credentials, returning
	// a line for staff such as "Connected to Pterodactyl 1.11 (3 nodes)".
	TestConnection(ctx context.Context, r ServerRequest) (string, error)
	CheckAvailability(ctx context.Context, r AvailabilityRequest) (Availability, error)
	Create(ctx context.Context, r ServiceRequest) (CreateResult, error)
	Suspend(ctx context.Context, r ServiceRequest) (ActionResult, error)
	Unsuspend(ctx context.Context, r ServiceRequest) (ActionResult, error)
	Terminate(ctx context.Context, r ServiceRequest) (ActionResult, error)
	// ChangePackage moves the service to r.Service.ProductConfig.
	ChangePackage(ctx context.Context, r ServiceRequest) (ActionResult, error)
	ChangePassword(ctx context.Context, r ChangePasswordRequest) (ActionResult, error)
	Status(ctx context.Context, r ServiceRequest) (Status, error)
	Usage(ctx context.Context, r ServiceRequest) (Usage, error)
	ClientActions(ctx context.Context, r ServiceRequest) ([]ClientAction, error)
	RunClientAction(ctx context.Context, r ClientActionRequest) (ActionResult, error)
	SingleSignOn(ctx context.Context, r ServiceRequest) (SingleSignOn, error)
	ListRemote(ctx context.Context, r ServerRequest) ([]RemoteResource, error)
}

// Unsupported answers every optional method with ErrUnsupported. Embed it
// and implement what the panel can do (declaring it in Capabilities).
type Unsupported struct{}

func (Unsupported) CheckAvailability(context.Context, AvailabilityRequest) (Availability, error) {
	return Availability{}, ErrUnsupported
}
func (Unsupported) Suspend(context.Context, ServiceRequest) (ActionResult, error) {
	return ActionResult{}, ErrUnsupported
}
func (Unsupported) Unsuspend(context.Context, ServiceRequest) (ActionResult, error) {
	return ActionResult{}, ErrUnsupported
}
func (Unsupported) ChangePackage(context.Context, ServiceRequest) (ActionResult, error) {
	return ActionResult{}, ErrUnsupported
}
func (Unsupported) ChangePassword(context.Context, ChangePasswordRequest) (ActionResult, error) {
	return ActionResult{}, ErrUnsupported
}
func (Unsupported) Usage(context.Context, ServiceRequest) (Usage, error) {
	return Usage{}, ErrUnsupported
}
func (Unsupported) ClientActions(context.Context, ServiceRequest) ([]ClientAction, error) {
	return nil, ErrUnsupported
}
func (Unsupported) RunClientAction(context.Context, ClientActionRequest) (ActionResult, error) {
	return ActionResult{}, ErrUnsupported
}
func (Unsupported) SingleSignOn(context.Context, ServiceRequest) (SingleSignOn, error) {
	return SingleSignOn{}, ErrUnsupported
}
func (Unsupported) ListRemote(context.Context, ServerRequest) ([]RemoteResource, error) {
	return nil, ErrUnsupported
}
