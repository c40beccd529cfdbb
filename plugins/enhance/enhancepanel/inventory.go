package enhancepanel

import (
	"context"
	"strconv"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// ListRemote lists the subscriptions of the master organisation's customer
// organisations, each with the idempotency key in its organisation's name
// ("" for customers made outside Hostbase).
func (p *Provisioner) ListRemote(ctx context.Context, r sdk.ServerRequest) (out []sdk.RemoteResource, err error) {
	defer p.trace(hclog.Info, "list remote", time.Now(), &err, "server", r.Server.ID)
	pn, err := p.open(r.Server)
	if err != nil {
		return nil, err
	}
	orgs, err := pn.customers(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		if o.Status == statusDeleted {
			continue
		}
		subs, err := pn.subscriptionsOf(ctx, o.ID)
		if sdk.IsNotFound(err) {
			continue // deleted since the list was read
		}
		if err != nil {
			return nil, err
		}
		for _, s := range subs {
			if s.Status == statusDeleted {
				continue
			}
			state := sdk.StateRunning
			if s.SuspendedBy != "" {
				state = sdk.StateSuspended
			}
			out = append(out, sdk.RemoteResource{RemoteID: remoteID(o.ID, s.ID), Name: o.Name + " / " + s.PlanName,
				IdempotencyKey: keyOf(o.Name), State: state})
		}
	}
	return out, nil
}

// CheckAvailability is Enhance's own pre-flight as far as its API has one:
// the plan exists in the organisation, and the server group, when the
// product names one, exists. Enhance does not say how many more websites
// a group can take, so Remaining is unknown.
func (p *Provisioner) CheckAvailability(ctx context.Context, r sdk.AvailabilityRequest) (a sdk.Availability, err error) {
	defer p.trace(hclog.Debug, "check availability", time.Now(), &err, "server", r.Server.ID)
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.Availability{}, err
	}
	prod, err := parseProduct(r.ProductConfig)
	if err != nil {
		return sdk.Availability{}, err
	}
	var pl plan
	if err := pn.get(ctx, "/orgs/"+pn.orgID+"/plans/"+strconv.FormatInt(prod.planID, 10), nil, &pl); err != nil {
		if sdk.IsNotFound(err) {
			return sdk.Availability{}, sdk.InvalidConfig(keyPlanID, "the panel has no plan %d in organisation %s", prod.planID, pn.orgID)
		}
		return sdk.Availability{}, err
	}
	if prod.serverGroupID != "" {
		var groups listing[serverGroup]
		if err := pn.get(ctx, "/servers/groups", nil, &groups); err != nil {
			return sdk.Availability{}, err
		}
		found := false
		for _, g := range groups.Items {
			found = found || g.ID == prod.serverGroupID
		}
		if !found {
			return sdk.Availability{}, sdk.InvalidConfig(keyServerGroupID, "the panel has no server group %s", prod.serverGroupID)
		}
	}
	return sdk.Availability{Available: true, Remaining: -1}, nil
}
