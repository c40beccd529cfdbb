package synergycppanel

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// ssoLifetime is how long Hostbase is told an SSO link lasts. SynergyCP's
// client keys do not expire by themselves (see the README); the link is
// meant to be followed at once.
const ssoLifetime = 5 * time.Minute

// SingleSignOn makes an API key for the server's client (POST key) and
// returns the panel's auth/sso link for it, opening on the server.
func (p *Provisioner) SingleSignOn(ctx context.Context, r sdk.ServiceRequest) (sso sdk.SingleSignOn, err error) {
	defer p.trace(hclog.Info, "single sign-on", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	c, srv, err := p.locate(ctx, r)
	if err != nil {
		return sdk.SingleSignOn{}, err
	}
	id := string(srv.ID)
	a, err := c.primaryAccess(ctx, id)
	if err != nil {
		return sdk.SingleSignOn{}, err
	}
	var clientID string
	if a != nil && a.Client != nil {
		clientID = string(a.Client.ID)
	}
	if clientID == "" {
		owner, err := c.clientFor(ctx, r.Service.Customer)
		if err != nil {
			return sdk.SingleSignOn{}, err
		}
		clientID = string(owner.ID)
	}
	var key struct {
		Key string `json:"key"`
	}
	if err := c.post(ctx, "key", map[string]string{"owner_id": clientID, "owner_type": "client"}, &key); err != nil {
		return sdk.SingleSignOn{}, err
	}
	if key.Key == "" {
		return sdk.SingleSignOn{}, sdk.Retryable(errors.New("SynergyCP POST key: the answer has no key"))
	}
	q := url.Values{"key": {key.Key}, "view_type": {"server"}, "view_id": {id}}
	return sdk.SingleSignOn{URL: c.base + "/auth/sso?" + q.Encode(), ExpiresAt: time.Now().Add(ssoLifetime)}, nil
}
