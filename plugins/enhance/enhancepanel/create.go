package enhancepanel

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Create makes, or finds from an earlier try, the service's customer
// organisation, its owner login, the subscription to the plan and the
// website. Each step first looks for what an earlier Create made, so a
// Create cut short anywhere is finished by the next one rather than
// repeated; nothing made is rolled back.
func (p *Provisioner) Create(ctx context.Context, r sdk.ServiceRequest) (res sdk.CreateResult, err error) {
	defer p.trace(hclog.Info, "create", time.Now(), &err, "service", r.Service.ID, "key", r.Service.IdempotencyKey)
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	prod, err := parseProduct(r.Service.ProductConfig)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	svc := r.Service
	if svc.IdempotencyKey == "" {
		return sdk.CreateResult{}, sdk.Permanent(errors.New("the service has no idempotency key"))
	}
	domain := strings.ToLower(strings.TrimSpace(svc.Domain))
	if domain == "" {
		domain = strings.ToLower(strings.TrimSpace(svc.Hostname))
	}
	if domain == "" {
		return sdk.CreateResult{}, sdk.Permanent(errors.New("the service has no domain: Enhance needs one for the website"))
	}
	if svc.Customer.Email == "" {
		return sdk.CreateResult{}, sdk.Permanent(errors.New("the customer has no email address: Enhance needs one for the login"))
	}

	unlock, err := p.locks.Lock(ctx, svc.IdempotencyKey)
	if err != nil {
		return sdk.CreateResult{}, sdk.Retryable(err)
	}
	defer unlock()

	customer, err := pn.claimOrg(ctx, svc)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	email, password, err := pn.ensureOwner(ctx, customer, svc)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	sub, err := pn.ensureSubscription(ctx, customer, prod)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	if err := pn.ensureWebsite(ctx, customer, sub, domain, prod); err != nil {
		return sdk.CreateResult{}, err
	}
	creds := map[string]string{"username": email, "panel_url": pn.site}
	if password != "" {
		creds["password"] = password
	}
	return sdk.CreateResult{RemoteID: remoteID(customer, sub), Hostname: domain, Username: email, Credentials: creds,
		Message: fmt.Sprintf("Website %s on subscription %d of organisation %s", domain, sub, customer)}, nil
}

// claimOrg returns the service's customer organisation, making it if there
// is none. Two processes may both make one (Enhance has no unique field to
// refuse the second); each then lists the tagged organisations again and
// keeps the earliest, and the loser deletes its own.
func (p *panel) claimOrg(ctx context.Context, svc sdk.Service) (string, error) {
	orgs, err := p.tagged(ctx, svc.IdempotencyKey)
	if err != nil {
		return "", err
	}
	if len(orgs) > 0 {
		return orgs[0].ID, nil
	}
	var made newUUID
	if err := p.post(ctx, "/orgs/"+p.orgID+"/customers", nil, map[string]string{"name": orgName(svc)}, &made); err != nil {
		return "", err
	}
	orgs, err = p.tagged(ctx, svc.IdempotencyKey)
	if err != nil {
		return "", err
	}
	if len(orgs) == 0 || orgs[0].ID == made.ID {
		return made.ID, nil
	}
	if err := p.del(ctx, "/orgs/"+made.ID, url.Values{"force": {"true"}}); err != nil && !sdk.IsNotFound(err) {
		return "", err
	}
	return orgs[0].ID, nil
}

// ensureOwner gives the organisation an owner login with the customer's
// email, making the login unless the realm already has one (the same
// customer's other service). It returns the password only when it made
// the login: an existing login keeps the password its owner chose.
func (p *panel) ensureOwner(ctx context.Context, customer string, svc sdk.Service) (email, password string, err error) {
	if m, ok, err := p.owner(ctx, customer); err != nil || ok {
		return m.Email, "", err
	}
	email = svc.Customer.Email
	name := strings.TrimSpace(svc.Customer.FirstName + " " + svc.Customer.LastName)
	if name == "" {
		name = email
	}
	password = newPassword()
	var made newUUID
	err = p.post(ctx, "/logins", url.Values{"orgId": {customer}},
		map[string]string{"email": email, "name": name, "password": password}, &made)
	switch {
	case isAlreadyExists(err):
		l, ok, ferr := p.loginByEmail(ctx, email)
		if ferr != nil {
			return "", "", ferr
		}
		if !ok {
			return "", "", sdk.Retryable(fmt.Errorf("Enhance says a login for %s exists but does not list it", email))
		}
		made.ID, password = l.ID, ""
	case err != nil:
		return "", "", err
	}
	body := map[string]any{"loginId": made.ID, "roles": []string{roleOwner}}
	if err := p.post(ctx, "/orgs/"+customer+"/members", nil, body, nil); err != nil && !isAlreadyExists(err) {
		return "", "", err
	}
	return email, password, nil
}

// ensureSubscription returns the customer's subscription, subscribing it to
// the product's plan if it has none. Racing Creates in other processes
// may subscribe too; each then keeps the lowest id and deletes its own.
func (p *panel) ensureSubscription(ctx context.Context, customer string, prod product) (int64, error) {
	if s, ok, err := p.activeSubscription(ctx, customer); err != nil || ok {
		return s.ID, err
	}
	var made newID
	err := p.post(ctx, "/orgs/"+p.orgID+"/customers/"+customer+"/subscriptions", nil, map[string]any{"planId": prod.planID}, &made)
	if sdk.IsNotFound(err) {
		return 0, sdk.InvalidConfig(keyPlanID, "the panel has no plan %d in organisation %s", prod.planID, p.orgID)
	}
	if err != nil {
		return 0, err
	}
	first, ok, err := p.activeSubscription(ctx, customer)
	if err != nil || !ok || first.ID == made.ID {
		return made.ID, err
	}
	if err := p.deleteSubscription(ctx, customer, made.ID); err != nil {
		return 0, err
	}
	return first.ID, nil
}

// ensureWebsite makes the website for domain on the subscription, unless
// the customer has it already.
func (p *panel) ensureWebsite(ctx context.Context, customer string, sub int64, domain string, prod product) error {
	has := func() (bool, error) {
		sites, err := all[website](ctx, p.client, "/orgs/"+customer+"/websites", nil)
		if err != nil {
			return false, err
		}
		for _, w := range sites {
			if strings.EqualFold(w.Domain.Domain, domain) {
				return true, nil
			}
		}
		return false, nil
	}
	if ok, err := has(); err != nil || ok {
		return err
	}
	body := map[string]any{"domain": domain, "subscriptionId": sub}
	if prod.serverGroupID != "" {
		body["serverGroupId"] = prod.serverGroupID
	}
	err := p.post(ctx, "/orgs/"+customer+"/websites", nil, body, &newUUID{})
	if isAlreadyExists(err) {
		// A racing Create of this service may have made it meanwhile.
		if ok, herr := has(); herr != nil || ok {
			return herr
		}
		return sdk.Permanent(fmt.Errorf("the domain %s is already hosted on this Enhance panel by someone else: %w", domain, err))
	}
	return err
}

// newPassword returns a random password of 20 letters and digits, with at
// least one of each kind Enhance's password rules ask for.
func newPassword() string {
	const (
		lower  = "abcdefghijkmnopqrstuvwxyz"
		upper  = "ABCDEFGHJKLMNPQRSTUVWXYZ"
		digits = "23456789"
	)
	all := lower + upper + digits
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	out := make([]byte, len(b))
	for i, v := range b {
		out[i] = all[int(v)%len(all)]
	}
	out[0], out[1], out[2] = lower[int(b[0])%len(lower)], upper[int(b[1])%len(upper)], digits[int(b[2])%len(digits)]
	return string(out)
}
