package enhancepanel

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Status reads the subscription: gone or deleted is missing, suspended
// (by the reseller or by Enhance) is suspended, anything else running.
func (p *Provisioner) Status(ctx context.Context, r sdk.ServiceRequest) (st sdk.Status, err error) {
	defer p.trace(hclog.Debug, "status", time.Now(), &err, "service", r.Service.ID, "remote", r.Service.RemoteID)
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.Status{}, err
	}
	s, found, err := pn.read(ctx, r.Service)
	if err != nil {
		return sdk.Status{}, err
	}
	if !found {
		return sdk.Status{State: sdk.StateMissing, Detail: "Enhance has no subscription for this service"}, nil
	}
	if s.SuspendedBy != "" {
		return sdk.Status{State: sdk.StateSuspended, Detail: fmt.Sprintf("Subscription %d to %s, suspended by %s", s.ID, s.PlanName, s.SuspendedBy)}, nil
	}
	return sdk.Status{State: sdk.StateRunning, Detail: fmt.Sprintf("Subscription %d to %s", s.ID, s.PlanName)}, nil
}

// read returns the service's subscription; found is false when the panel
// has none, or only a deleted one.
func (pn *panel) read(ctx context.Context, svc sdk.Service) (subscription, bool, error) {
	t, found, err := pn.find(ctx, svc)
	if err != nil || !found {
		return subscription{}, false, err
	}
	s, err := pn.subscription(ctx, t.customer, t.sub)
	if sdk.IsNotFound(err) {
		return subscription{}, false, nil
	}
	if err != nil {
		return subscription{}, false, err
	}
	return s, s.Status != statusDeleted, nil
}

// The names of a subscription's metered resources that Usage reports.
// Enhance measures disk space and transfer in bytes.
const (
	resourceDisk     = "diskspace"
	resourceTransfer = "transfer"
)

// Usage reports the subscription's disk space and transfer, as the
// subscription's resources list them; memory and CPU are not metered per
// subscription.
func (p *Provisioner) Usage(ctx context.Context, r sdk.ServiceRequest) (u sdk.Usage, err error) {
	defer p.trace(hclog.Debug, "usage", time.Now(), &err, "service", r.Service.ID, "remote", r.Service.RemoteID)
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.Usage{}, err
	}
	s, found, err := pn.read(ctx, r.Service)
	if err != nil {
		return sdk.Usage{}, err
	}
	if !found {
		return sdk.Usage{}, sdk.NotFound("Enhance has no subscription for service %s", r.Service.ID)
	}
	u = sdk.NoUsage()
	for _, res := range s.Resources {
		used, limit := amount(res.Usage), amount(res.Total)
		switch res.Name {
		case resourceDisk:
			u.DiskUsedBytes, u.DiskLimitBytes = used, limit
		case resourceTransfer:
			u.BandwidthUsedBytes, u.BandwidthLimitBytes = used, limit
		}
	}
	return u, nil
}

// amount is a reported quantity, or Unreported when absent (for a total:
// no cap).
func amount(v *int64) int64 {
	if v == nil || *v < 0 {
		return sdk.Unreported
	}
	return *v
}
