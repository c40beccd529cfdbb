package enhancepanel

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Suspend suspends the subscription, which suspends its websites.
func (p *Provisioner) Suspend(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "suspend", time.Now(), &err, "service", r.Service.ID, "remote", r.Service.RemoteID)
	return p.patchSubscription(ctx, r, map[string]any{"isSuspended": true}, "Subscription suspended")
}

// Unsuspend lifts the subscription's suspension.
func (p *Provisioner) Unsuspend(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "unsuspend", time.Now(), &err, "service", r.Service.ID, "remote", r.Service.RemoteID)
	return p.patchSubscription(ctx, r, map[string]any{"isSuspended": false}, "Subscription unsuspended")
}

// ChangePackage moves the subscription to the new product's plan.
func (p *Provisioner) ChangePackage(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "change package", time.Now(), &err, "service", r.Service.ID, "remote", r.Service.RemoteID)
	prod, err := parseProduct(r.Service.ProductConfig)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	res, err = p.patchSubscription(ctx, r, map[string]any{"planId": prod.planID}, "Subscription moved to plan "+strconv.FormatInt(prod.planID, 10))
	if a, ok := asAPIError(err); ok && a.Status == 400 && a.Detail == "plan" {
		return sdk.ActionResult{}, sdk.InvalidConfig(keyPlanID, "the panel refused plan %d: %v", prod.planID, err)
	}
	return res, err
}

// patchSubscription sets fields of the service's subscription; setting
// what is already set succeeds, so each of these is idempotent.
func (p *Provisioner) patchSubscription(ctx context.Context, r sdk.ServiceRequest, body map[string]any, done string) (sdk.ActionResult, error) {
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	t, found, err := pn.find(ctx, r.Service)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	if !found {
		return sdk.ActionResult{}, sdk.NotFound("Enhance has no subscription for service %s", r.Service.ID)
	}
	if err := pn.patch(ctx, "/orgs/"+t.customer+"/subscriptions/"+strconv.FormatInt(t.sub, 10), body); err != nil {
		return sdk.ActionResult{}, err
	}
	return sdk.ActionResult{Message: done}, nil
}

// ChangePassword sets the password of the organisation's owner login.
// The login is the customer's across all their Enhance services.
func (p *Provisioner) ChangePassword(ctx context.Context, r sdk.ChangePasswordRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "change password", time.Now(), &err, "service", r.Service.ID, "remote", r.Service.RemoteID)
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	t, found, err := pn.find(ctx, r.Service)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	if !found {
		return sdk.ActionResult{}, sdk.NotFound("Enhance has no subscription for service %s", r.Service.ID)
	}
	m, ok, err := pn.owner(ctx, t.customer)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	if !ok {
		return sdk.ActionResult{}, sdk.NotFound("organisation %s has no owner login", t.customer)
	}
	if err := pn.put(ctx, "/v2/logins/"+m.LoginID+"/password", map[string]string{"password": r.Password}); err != nil {
		return sdk.ActionResult{}, err
	}
	return sdk.ActionResult{Message: "Password of " + m.Email + " changed", Credentials: map[string]string{"password": r.Password}}, nil
}

// Terminate deletes the service's websites and subscription, then its
// customer organisation. Whatever is already gone counts as done, so a
// repeated or interrupted Terminate finishes the job.
func (p *Provisioner) Terminate(ctx context.Context, r sdk.ServiceRequest) (res sdk.ActionResult, err error) {
	defer p.trace(hclog.Info, "terminate", time.Now(), &err, "service", r.Service.ID, "remote", r.Service.RemoteID)
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	var customers []string
	if c, sub, ok := parseRemoteID(r.Service.RemoteID); ok {
		if err := pn.deleteSubscription(ctx, c, sub); err != nil {
			return sdk.ActionResult{}, err
		}
		customers = append(customers, c)
	}
	// A Create whose answer was lost, or two racing ones, may have left
	// organisations tagged with the key: they go too.
	orgs, err := pn.tagged(ctx, r.Service.IdempotencyKey)
	if err != nil {
		return sdk.ActionResult{}, err
	}
	for _, o := range orgs {
		subs, err := pn.subscriptionsOf(ctx, o.ID)
		if err != nil && !sdk.IsNotFound(err) {
			return sdk.ActionResult{}, err
		}
		for _, s := range subs {
			if s.Status == statusDeleted {
				continue
			}
			if err := pn.deleteSubscription(ctx, o.ID, s.ID); err != nil {
				return sdk.ActionResult{}, err
			}
		}
		customers = append(customers, o.ID)
	}
	for _, c := range customers {
		if err := pn.deleteOrg(ctx, c, r.Service.IdempotencyKey); err != nil {
			return sdk.ActionResult{}, err
		}
	}
	return sdk.ActionResult{Message: "Subscription and website deleted"}, nil
}

// deleteSubscription deletes a subscription's websites, then the
// subscription.
func (pn *panel) deleteSubscription(ctx context.Context, customer string, sub int64) error {
	sites, err := pn.websitesOf(ctx, customer, sub)
	if err != nil && !sdk.IsNotFound(err) {
		return err
	}
	for _, w := range sites {
		if err := pn.del(ctx, "/orgs/"+customer+"/websites/"+w.ID, nil); err != nil && !sdk.IsNotFound(err) {
			return err
		}
	}
	err = pn.del(ctx, "/orgs/"+customer+"/subscriptions/"+strconv.FormatInt(sub, 10), url.Values{"force": {"false"}})
	if err != nil && !sdk.IsNotFound(err) {
		return err
	}
	return nil
}

// deleteOrg deletes a customer organisation the service owns: one tagged
// with its key, and only then, so that a RemoteID pointing elsewhere never
// removes someone else's organisation.
func (pn *panel) deleteOrg(ctx context.Context, customer, key string) error {
	var o org
	if err := pn.get(ctx, "/orgs/"+customer, nil, &o); err != nil {
		if sdk.IsNotFound(err) {
			return nil
		}
		return err
	}
	if keyOf(o.Name) != key || o.Status == statusDeleted {
		return nil
	}
	if err := pn.del(ctx, "/orgs/"+customer, url.Values{"force": {"true"}}); err != nil && !sdk.IsNotFound(err) {
		return err
	}
	return nil
}
