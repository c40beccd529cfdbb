// Package enhancepanel is the Enhance provisioner: web hosting on an
// Enhance control panel through its orchd API (https://apidocs.enhance.com).
// A Hostbase service is a customer organisation under the configured
// master organisation, its owner login, a subscription to the product's
// plan and the website for the service's domain:
//
//	sdk.Serve(enhancepanel.New(nil))
//
// See ../README.md for the settings and what each operation does.
package enhancepanel

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Provisioner implements sdk.Provisioner on Enhance. It embeds
// sdk.Unsupported for the client actions, which Enhance has none of for a
// hosting subscription.
type Provisioner struct {
	sdk.Unsupported
	log      hclog.Logger
	http     *http.Client
	locks    sdk.KeyLocks
	limiters limiters
}

var _ sdk.Provisioner = (*Provisioner)(nil)

// New returns the provisioner, logging to log, or to sdk.Logger() (the
// plugin's stderr, which Hostbase reads) when log is nil.
func New(log hclog.Logger) *Provisioner {
	if log == nil {
		log = sdk.Logger()
	}
	return &Provisioner{log: log, http: defaultHTTP()}
}

// trace logs one line per call as it ends: what was asked, how long it
// took and how it failed. Secrets (the token, passwords) are never among
// the values.
func (p *Provisioner) trace(level hclog.Level, method string, start time.Time, err *error, kv ...any) {
	sdk.LogCall(p.log, level, method, start, *err, kv...)
}

// TestConnection reads the master organisation, which checks the URL, the
// token and the organisation id at once.
func (p *Provisioner) TestConnection(ctx context.Context, r sdk.ServerRequest) (msg string, err error) {
	defer p.trace(hclog.Info, "test connection", time.Now(), &err, "server", r.Server.ID)
	pn, err := p.open(r.Server)
	if err != nil {
		return "", err
	}
	var o org
	if err := pn.get(ctx, "/orgs/"+pn.orgID, nil, &o); err != nil {
		if sdk.IsNotFound(err) {
			return "", sdk.InvalidConfig(keyOrgID, "the panel has no organisation %s", pn.orgID)
		}
		return "", err
	}
	var plans listing[plan]
	if err := pn.get(ctx, "/orgs/"+pn.orgID+"/plans", nil, &plans); err != nil {
		return "", err
	}
	return fmt.Sprintf("Connected to Enhance at %s: organisation %q, %d plans", pn.site, o.Name, plans.Total), nil
}
