package pteropanel

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// CheckAvailability asks the panel's own pre-flight, /nodes/deployable,
// whether a node has the plan's memory and disk free and a port to give.
func (p *Provisioner) CheckAvailability(ctx context.Context, r sdk.AvailabilityRequest) (a sdk.Availability, err error) {
	defer p.trace(hclog.Debug, "check availability", time.Now(), &err, "server", r.Server.ID)
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.Availability{}, err
	}
	pl, err := parsePlan(r.ProductConfig)
	if err != nil {
		return sdk.Availability{}, err
	}
	first, _, err := p.freeAllocation(ctx, pn, pl)
	if err != nil {
		return sdk.Availability{}, err
	}
	if first == 0 {
		return sdk.Availability{Reason: "No game server node" + locationText(pn) + " has room for this plan right now", Remaining: 0}, nil
	}
	// Free ports bound the count, but memory and disk may run out first:
	// the panel does not say how many plans fit, so report unknown.
	return sdk.Availability{Available: true, Remaining: -1}, nil
}

// listPageSize is how many servers ListRemote asks for a page; tests
// shrink it to see the paging.
var listPageSize = 100

// ListRemote lists every server on the panel (GET /servers, page by
// page), with the external_id Create tagged it with.
func (p *Provisioner) ListRemote(ctx context.Context, r sdk.ServerRequest) (out []sdk.RemoteResource, err error) {
	defer p.trace(hclog.Debug, "list remote", time.Now(), &err, "server", r.Server.ID)
	pn, err := p.open(r.Server)
	if err != nil {
		return nil, err
	}
	for page := 1; ; page++ {
		var servers list[server]
		q := url.Values{"page": {strconv.Itoa(page)}, "per_page": {strconv.Itoa(listPageSize)}, "include": {"allocations"}}
		if err := pn.app.do(ctx, http.MethodGet, "/servers", q, nil, &servers); err != nil {
			return nil, err
		}
		for _, it := range servers.Data {
			s := it.Attributes
			st, _ := state(s)
			out = append(out, sdk.RemoteResource{RemoteID: strconv.FormatInt(s.ID, 10), Name: s.Name,
				IdempotencyKey: s.externalID(), State: st, IP: primaryIP(s)})
		}
		pg := servers.Meta.Pagination
		if len(servers.Data) == 0 || pg.CurrentPage >= pg.TotalPages {
			return out, nil
		}
	}
}
