package host

import (
	"context"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// runner carries out calls for a provisioner: a plugin process (child) or
// an implementation in this process (local). It refuses an undeclared
// optional method and otherwise calls fn with the implementation.
type runner interface {
	metadata(ctx context.Context) (sdk.Metadata, error)
	run(ctx context.Context, method string, fn func(context.Context, sdk.Provisioner) error) error
}

// provisioner is the sdk.Provisioner handed to Hostbase: each method is
// one run, named for capability gating.
type provisioner struct{ r runner }

var _ sdk.Provisioner = provisioner{}

// call runs method through p's runner and returns what f got.
func call[T any](ctx context.Context, p provisioner, method string, f func(context.Context, sdk.Provisioner) (T, error)) (T, error) {
	var out T
	err := p.r.run(ctx, method, func(ctx context.Context, impl sdk.Provisioner) (err error) {
		out, err = f(ctx, impl)
		return err
	})
	return out, err
}

func (p provisioner) Metadata(ctx context.Context) (sdk.Metadata, error) { return p.r.metadata(ctx) }

func (p provisioner) TestConnection(ctx context.Context, r sdk.ServerRequest) (string, error) {
	return call(ctx, p, "TestConnection", func(ctx context.Context, impl sdk.Provisioner) (string, error) {
		return impl.TestConnection(ctx, r)
	})
}

func (p provisioner) CheckAvailability(ctx context.Context, r sdk.AvailabilityRequest) (sdk.Availability, error) {
	return call(ctx, p, "CheckAvailability", func(ctx context.Context, impl sdk.Provisioner) (sdk.Availability, error) {
		return impl.CheckAvailability(ctx, r)
	})
}

func (p provisioner) Create(ctx context.Context, r sdk.ServiceRequest) (sdk.CreateResult, error) {
	return call(ctx, p, "Create", func(ctx context.Context, impl sdk.Provisioner) (sdk.CreateResult, error) {
		return impl.Create(ctx, r)
	})
}

func (p provisioner) Suspend(ctx context.Context, r sdk.ServiceRequest) (sdk.ActionResult, error) {
	return call(ctx, p, "Suspend", func(ctx context.Context, impl sdk.Provisioner) (sdk.ActionResult, error) {
		return impl.Suspend(ctx, r)
	})
}

func (p provisioner) Unsuspend(ctx context.Context, r sdk.ServiceRequest) (sdk.ActionResult, error) {
	return call(ctx, p, "Unsuspend", func(ctx context.Context, impl sdk.Provisioner) (sdk.ActionResult, error) {
		return impl.Unsuspend(ctx, r)
	})
}

func (p provisioner) Terminate(ctx context.Context, r sdk.ServiceRequest) (sdk.ActionResult, error) {
	return call(ctx, p, "Terminate", func(ctx context.Context, impl sdk.Provisioner) (sdk.ActionResult, error) {
		return impl.Terminate(ctx, r)
	})
}

func (p provisioner) ChangePackage(ctx context.Context, r sdk.ServiceRequest) (sdk.ActionResult, error) {
	return call(ctx, p, "ChangePackage", func(ctx context.Context, impl sdk.Provisioner) (sdk.ActionResult, error) {
		return impl.ChangePackage(ctx, r)
	})
}

func (p provisioner) ChangePassword(ctx context.Context, r sdk.ChangePasswordRequest) (sdk.ActionResult, error) {
	return call(ctx, p, "ChangePassword", func(ctx context.Context, impl sdk.Provisioner) (sdk.ActionResult, error) {
		return impl.ChangePassword(ctx, r)
	})
}

func (p provisioner) Status(ctx context.Context, r sdk.ServiceRequest) (sdk.Status, error) {
	return call(ctx, p, "Status", func(ctx context.Context, impl sdk.Provisioner) (sdk.Status, error) {
		return impl.Status(ctx, r)
	})
}

func (p provisioner) Usage(ctx context.Context, r sdk.ServiceRequest) (sdk.Usage, error) {
	return call(ctx, p, "Usage", func(ctx context.Context, impl sdk.Provisioner) (sdk.Usage, error) {
		return impl.Usage(ctx, r)
	})
}

func (p provisioner) ClientActions(ctx context.Context, r sdk.ServiceRequest) ([]sdk.ClientAction, error) {
	return call(ctx, p, "ClientActions", func(ctx context.Context, impl sdk.Provisioner) ([]sdk.ClientAction, error) {
		return impl.ClientActions(ctx, r)
	})
}

func (p provisioner) RunClientAction(ctx context.Context, r sdk.ClientActionRequest) (sdk.ActionResult, error) {
	return call(ctx, p, "RunClientAction", func(ctx context.Context, impl sdk.Provisioner) (sdk.ActionResult, error) {
		return impl.RunClientAction(ctx, r)
	})
}

func (p provisioner) SingleSignOn(ctx context.Context, r sdk.ServiceRequest) (sdk.SingleSignOn, error) {
	return call(ctx, p, "SingleSignOn", func(ctx context.Context, impl sdk.Provisioner) (sdk.SingleSignOn, error) {
		return impl.SingleSignOn(ctx, r)
	})
}

func (p provisioner) ListRemote(ctx context.Context, r sdk.ServerRequest) ([]sdk.RemoteResource, error) {
	return call(ctx, p, "ListRemote", func(ctx context.Context, impl sdk.Provisioner) ([]sdk.RemoteResource, error) {
		return impl.ListRemote(ctx, r)
	})
}
