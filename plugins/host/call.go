package host

import (
	"context"
	"errors"
	"fmt"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// run is one call to the plugin: within CallTimeout (or the caller's
// earlier deadline) it waits for one of the plugin's slots, gets a live
// process (starting one if needed), refuses an undeclared optional method
// and calls fn. Errors come back as *sdk.Error.
func (c *child) run(ctx context.Context, method string, fn func(context.Context, sdk.Provisioner) error) error {
	began := time.Now()
	ctx, cancel := context.WithTimeout(ctx, c.cfg.CallTimeout)
	defer cancel()

	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		return &sdk.Error{Kind: sdk.KindRetryable, Err: ctx.Err(), Message: fmt.Sprintf("plugin %s: %s found none of its %d call slots free within %s",
			c.name, method, c.cfg.MaxConcurrent, time.Since(began).Round(time.Millisecond))}
	}
	defer func() { <-c.slots }()

	p, meta, err := c.live(ctx)
	if err != nil {
		return c.callError(ctx, method, began, err)
	}
	if err := refuseUndeclared(c.name, method, meta.Capabilities); err != nil {
		return err
	}
	return c.callError(ctx, method, began, fn(ctx, p.prov))
}

// callError types err and names the plugin and method in it when the
// failure is the host's to explain: a timeout or a lost process. A lost
// connection also makes the next call check the process first.
func (c *child) callError(ctx context.Context, method string, began time.Time, err error) error {
	if err == nil {
		return nil
	}
	if typed := sdk.AsError(err); typed.Kind != sdk.KindRetryable {
		return typed
	}
	if timedOut(ctx, err) {
		return &sdk.Error{Kind: sdk.KindRetryable, Err: err, Message: fmt.Sprintf("plugin %s: %s did not answer within %s",
			c.name, method, time.Since(began).Round(time.Millisecond))}
	}
	// Only the connection, never the SDK's typed errors, yields a bare
	// Unavailable status.
	if status.Code(err) == codes.Unavailable {
		c.suspect.Store(true)
		return &sdk.Error{Kind: sdk.KindRetryable, Err: err, Message: fmt.Sprintf("plugin %s: lost the process during %s (%s); the next call starts a new one",
			c.name, method, sdk.AsError(err).Message)}
	}
	return sdk.AsError(err)
}

// timedOut reports whether err is the expiry of ctx. The plugin's side
// keeps the same deadline and may end the call a moment before ctx
// expires here, so a DeadlineExceeded from the wire just before the
// deadline counts too.
func timedOut(ctx context.Context, err error) bool {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return true
	}
	deadline, ok := ctx.Deadline()
	return ok && status.Code(err) == codes.DeadlineExceeded && time.Until(deadline) < 50*time.Millisecond
}
