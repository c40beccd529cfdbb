package virtfusionpanel

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// maxPages bounds ListRemote's walk through the server list (100 a page).
const maxPages = 1000

// ListRemote lists every server on the control server (GET /servers, page
// by page), each with the idempotency key its name carries ("" for one
// made outside Hostbase, or created but never built).
func (p *Provisioner) ListRemote(ctx context.Context, r sdk.ServerRequest) (list []sdk.RemoteResource, err error) {
	defer p.trace(hclog.Debug, "list remote", time.Now(), &err, "server", r.Server.ID)
	c, _, err := p.open(r.Server)
	if err != nil {
		return nil, err
	}
	list = []sdk.RemoteResource{}
	for page := 1; page <= maxPages; page++ {
		pg, err := c.serversPage(ctx, page)
		if err != nil {
			return nil, err
		}
		for _, s := range pg.Data {
			rr := sdk.RemoteResource{RemoteID: fmt.Sprint(s.ID), Name: s.Name, IdempotencyKey: keyOf(s.Name),
				State: stateOf(s), Hostname: s.Hostname}
			if ips := s.ips(); len(ips) > 0 {
				rr.IP = ips[0]
			}
			list = append(list, rr)
		}
		if len(pg.Data) == 0 || pg.LastPage <= page {
			return list, nil
		}
	}
	return list, nil
}

// CheckAvailability asks VirtFusion whether it could place the product's
// server in the hypervisor group, without making it (POST
// /servers?dryRun=true). The dry run needs an owner; the API token's
// first user would do, but VirtFusion checks only that the id exists, so
// user 1 (the installation's first administrator) is used.
func (p *Provisioner) CheckAvailability(ctx context.Context, r sdk.AvailabilityRequest) (a sdk.Availability, err error) {
	defer p.trace(hclog.Debug, "check availability", time.Now(), &err, "server", r.Server.ID)
	c, set, err := p.open(r.Server)
	if err != nil {
		return sdk.Availability{}, err
	}
	prod, err := parseProduct(r.ProductConfig)
	if err != nil {
		return sdk.Availability{}, err
	}
	body := createServerBody{PackageID: prod.packageID, UserID: 1, HypervisorID: set.hypervisorGroup, IPv4: prod.ipv4}
	body.Memory, body.CPUCores, body.Storage = positive(prod.memoryMB), positive(prod.cpuCores), positive(prod.storageGB)
	if prod.traffic >= 0 {
		body.Traffic = &prod.traffic
	}
	_, err = c.createServer(ctx, body, true)
	switch s := statusOf(err); {
	case err == nil:
		return sdk.Availability{Available: true, Remaining: -1}, nil
	case s == http.StatusUnprocessableEntity || s == http.StatusConflict:
		return sdk.Availability{Available: false, Remaining: 0,
			Reason: "VirtFusion cannot place this server now: " + errorText(err)}, nil
	}
	return sdk.Availability{}, err
}

func errorText(err error) string {
	if e := sdk.AsError(err); e != nil {
		if e.Err != nil {
			return e.Err.Error()
		}
		return e.Message
	}
	return ""
}
