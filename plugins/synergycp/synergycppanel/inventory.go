package synergycppanel

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// CheckAvailability asks the inventory the same question Create will: how
// many free servers match the product exactly, and, when the product
// names an IP allocation, whether one is free in its location.
func (p *Provisioner) CheckAvailability(ctx context.Context, r sdk.AvailabilityRequest) (a sdk.Availability, err error) {
	defer p.trace(hclog.Debug, "check availability", time.Now(), &err, "server", r.Server.ID)
	c, err := p.open(r.Server)
	if err != nil {
		return sdk.Availability{}, err
	}
	pr, err := parseProduct(r.ProductConfig)
	if err != nil {
		return sdk.Availability{}, err
	}
	_, free, err := c.freeServer(ctx, pr)
	if err != nil {
		return sdk.Availability{}, err
	}
	if free == 0 {
		return sdk.Availability{Reason: fmt.Sprintf("No server with %s is in stock", pr.describe()), Remaining: 0}, nil
	}
	if pr.ips != "" {
		ips, err := c.freeIPs(ctx, pr)
		if err != nil {
			return sdk.Availability{}, err
		}
		if ips == 0 {
			return sdk.Availability{Reason: fmt.Sprintf("No %s IP allocation is free in %s", pr.ips, pr.location), Remaining: 0}, nil
		}
		free = min(free, ips)
	}
	return sdk.Availability{Available: true, Remaining: free}, nil
}

// ListRemote lists the servers SynergyCP holds for this integration (its
// API key), each with the billing id Create gave it. Their suspension
// lives on each server's access, one call apiece, so the list reports
// StateUnknown rather than multiply the calls.
func (p *Provisioner) ListRemote(ctx context.Context, r sdk.ServerRequest) (list []sdk.RemoteResource, err error) {
	defer p.trace(hclog.Debug, "list remote", time.Now(), &err, "server", r.Server.ID)
	c, err := p.open(r.Server)
	if err != nil {
		return nil, err
	}
	servers, err := all[scpServer](ctx, c, "server", url.Values{"integration_id": {"me"}})
	if err != nil {
		return nil, err
	}
	list = make([]sdk.RemoteResource, 0, len(servers))
	for _, s := range servers {
		if s.ID == "" {
			continue
		}
		list = append(list, sdk.RemoteResource{RemoteID: string(s.ID), Name: s.label(), IdempotencyKey: s.billingID(),
			State: sdk.StateUnknown, Hostname: s.Nickname})
	}
	return list, nil
}
