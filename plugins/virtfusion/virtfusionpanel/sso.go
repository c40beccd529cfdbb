package virtfusionpanel

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// ssoLifetime is how long a login link is said to last. VirtFusion's docs
// do not give the tokens' lifetime; they are one-time tokens meant to be
// used at once, so Hostbase is told a short one.
const ssoLifetime = 5 * time.Minute

// SingleSignOn asks VirtFusion for login tokens for the customer's user,
// bound to the server (POST
// /users/{extRelationId}/serverAuthenticationTokens/{serverId}), and
// returns the control server's address with the path VirtFusion gives.
func (p *Provisioner) SingleSignOn(ctx context.Context, r sdk.ServiceRequest) (sso sdk.SingleSignOn, err error) {
	defer p.trace(hclog.Info, "single sign-on", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	c, set, err := p.open(r.Server)
	if err != nil {
		return sdk.SingleSignOn{}, err
	}
	s, err := mustFind(ctx, c, r.Service)
	if err != nil {
		return sdk.SingleSignOn{}, err
	}
	issued := time.Now()
	tok, err := c.serverAuthTokens(ctx, extRelationID(r.Service), s.ID)
	if err != nil {
		return sdk.SingleSignOn{}, err
	}
	path := tok.Authentication.EndpointComplete
	if path == "" {
		return sdk.SingleSignOn{}, sdk.Retryable(errors.New("VirtFusion gave no login endpoint"))
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return sdk.SingleSignOn{URL: set.site + path, ExpiresAt: issued.Add(ssoLifetime)}, nil
}
