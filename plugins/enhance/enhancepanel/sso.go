package enhancepanel

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// ssoLifetime is how long the plugin says an Enhance one-time login link
// lives. orchd does not say; its OTPs are meant to be used at once, so the
// plugin claims little.
const ssoLifetime = 2 * time.Minute

// SingleSignOn asks Enhance for a one-time-password login link for the
// organisation's owner (GET /orgs/{org}/members/{member}/sso, which
// answers the URL as a JSON string).
func (p *Provisioner) SingleSignOn(ctx context.Context, r sdk.ServiceRequest) (s sdk.SingleSignOn, err error) {
	defer p.trace(hclog.Info, "single sign-on", time.Now(), &err, "service", r.Service.ID, "remote", r.Service.RemoteID)
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.SingleSignOn{}, err
	}
	t, found, err := pn.find(ctx, r.Service)
	if err != nil {
		return sdk.SingleSignOn{}, err
	}
	if !found {
		return sdk.SingleSignOn{}, sdk.NotFound("Enhance has no subscription for service %s", r.Service.ID)
	}
	m, ok, err := pn.owner(ctx, t.customer)
	if err != nil {
		return sdk.SingleSignOn{}, err
	}
	if !ok {
		return sdk.SingleSignOn{}, sdk.NotFound("organisation %s has no owner login", t.customer)
	}
	now := time.Now()
	var link string
	if err := pn.get(ctx, "/orgs/"+t.customer+"/members/"+m.ID+"/sso", nil, &link); err != nil {
		return sdk.SingleSignOn{}, err
	}
	u, perr := url.Parse(link)
	if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return sdk.SingleSignOn{}, sdk.Permanent(fmt.Errorf("Enhance answered the login link request with %q, not a URL", link))
	}
	return sdk.SingleSignOn{URL: link, ExpiresAt: now.Add(ssoLifetime)}, nil
}
