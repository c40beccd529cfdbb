package examplepanel

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// defaultSSOBase is where single sign-on links point when the server
// config names no panel URL.
const defaultSSOBase = "http://127.0.0.1/example-panel"

// ssoLifetime is how long a single sign-on link works.
const ssoLifetime = 5 * time.Minute

// SingleSignOn returns a one-off login link into the panel. A real panel
// would remember the token; this one only makes it.
func (p *Provisioner) SingleSignOn(_ context.Context, r sdk.ServiceRequest) (sso sdk.SingleSignOn, err error) {
	defer p.trace(hclog.Info, "single sign-on", time.Now(), &err, "service", r.Service.ID, "remote_id", logID(r.Service))
	pn, _, err := readServer(r)
	if err != nil {
		return sdk.SingleSignOn{}, err
	}
	base := pn.ssoBase
	if base == "" {
		base = defaultSSOBase
	}
	return sdk.SingleSignOn{
		URL:       strings.TrimRight(base, "/") + "/login?token=" + randomToken(),
		ExpiresAt: time.Now().Add(ssoLifetime),
	}, nil
}
