// Package virtfusionpanel is the VirtFusion provisioner: it makes KVM
// servers on a VirtFusion control server through its REST API
// (https://docs.virtfusion.com/api/), for Hostbase:
//
//	sdk.Serve(virtfusionpanel.New(nil))
//
// Each customer gets one VirtFusion user, found by its ext relation id;
// each service one server, named "hb-<idempotency key>" so that a
// repeated Create finds it. See ../README.md.
package virtfusionpanel

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Provisioner implements sdk.Provisioner on VirtFusion. VirtFusion cannot
// set a root password of Hostbase's choosing (only generate one), so
// ChangePassword is left to sdk.Unsupported and offered as a client
// action that resets it instead.
type Provisioner struct {
	sdk.Unsupported
	log      hclog.Logger
	opts     ClientOptions
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
	return &Provisioner{log: log}
}

// WithClientOptions sets how the HTTP client retries and waits; tests
// shorten the waits.
func (p *Provisioner) WithClientOptions(o ClientOptions) *Provisioner {
	p.opts = o
	return p
}

// open checks the server's settings and returns a client for them.
func (p *Provisioner) open(s sdk.Server) (*client, settings, error) {
	set, err := parseServer(s)
	if err != nil {
		return nil, settings{}, err
	}
	// The limiter is per panel and token; the token is hashed so that it
	// is not kept as a map key in the clear.
	sum := sha256.Sum256([]byte(set.apiBase + "\x00" + set.token))
	lim := p.limiters.get(hex.EncodeToString(sum[:]), set.requestsPerMin)
	return &client{base: set.apiBase, token: set.token, opts: p.opts.withDefaults(), lim: lim}, set, nil
}

// trace logs one line per call as it ends. Secrets (the token, passwords)
// are never among the values.
func (p *Provisioner) trace(level hclog.Level, method string, start time.Time, err *error, kv ...any) {
	sdk.LogCall(p.log, level, method, start, *err, kv...)
}

// TestConnection checks the token (GET /connect) and that the hypervisor
// group exists.
func (p *Provisioner) TestConnection(ctx context.Context, r sdk.ServerRequest) (msg string, err error) {
	defer p.trace(hclog.Info, "test connection", time.Now(), &err, "server", r.Server.ID)
	c, set, err := p.open(r.Server)
	if err != nil {
		return "", err
	}
	if err := c.connect(ctx); err != nil {
		return "", err
	}
	if err := c.hypervisorGroup(ctx, set.hypervisorGroup); err != nil {
		if sdk.IsNotFound(err) {
			return "", sdk.InvalidConfig(keyHypervisorGroup, "VirtFusion has no hypervisor group %d", set.hypervisorGroup)
		}
		return "", err
	}
	return fmt.Sprintf("Connected to VirtFusion at %s (hypervisor group %d)", set.site, set.hypervisorGroup), nil
}

// find returns the service's server: by its RemoteID when Hostbase has
// one, otherwise by the tag in its name among its customer's servers.
// ok is false when the panel has no such server.
func find(ctx context.Context, c *client, svc sdk.Service) (vfServer, bool, error) {
	if svc.RemoteID != "" {
		id, valid := remoteID(svc)
		if !valid {
			return vfServer{}, false, nil
		}
		s, err := c.server(ctx, id, true)
		if sdk.IsNotFound(err) {
			return vfServer{}, false, nil
		}
		if err != nil {
			return vfServer{}, false, err
		}
		// A server tagged for another service is not this one's, whatever
		// the RemoteID says: never act on another customer's server.
		if key := keyOf(s.Name); key != "" && svc.IdempotencyKey != "" && key != svc.IdempotencyKey {
			return vfServer{}, false, nil
		}
		return s, true, nil
	}
	return findByKey(ctx, c, svc)
}

// findByKey looks for the server named after the service's key among the
// servers of its customer's VirtFusion user.
func findByKey(ctx context.Context, c *client, svc sdk.Service) (vfServer, bool, error) {
	user, err := c.userByExtRelation(ctx, extRelationID(svc))
	if sdk.IsNotFound(err) {
		return vfServer{}, false, nil
	}
	if err != nil {
		return vfServer{}, false, err
	}
	servers, err := c.serversOfUser(ctx, user.ID)
	if sdk.IsNotFound(err) {
		return vfServer{}, false, nil
	}
	if err != nil {
		return vfServer{}, false, err
	}
	if s, ok := oldestTagged(servers, svc.IdempotencyKey); ok {
		return s, true, nil
	}
	return vfServer{}, false, nil
}

// oldestTagged is the lowest-numbered server carrying key: when two
// plugin processes raced, both settle on it.
func oldestTagged(servers []vfServer, key string) (vfServer, bool) {
	var best vfServer
	found := false
	for _, s := range servers {
		if keyOf(s.Name) == key && (!found || s.ID < best.ID) {
			best, found = s, true
		}
	}
	return best, found
}

// mustFind is find for a call that needs the server: a missing one is
// NotFound.
func mustFind(ctx context.Context, c *client, svc sdk.Service) (vfServer, error) {
	s, ok, err := find(ctx, c, svc)
	if err != nil {
		return vfServer{}, err
	}
	if !ok {
		return vfServer{}, sdk.NotFound("VirtFusion has no server for service %s", svc.ID)
	}
	return s, nil
}

func logID(svc sdk.Service) string {
	if svc.RemoteID != "" {
		return svc.RemoteID
	}
	return "key:" + svc.IdempotencyKey
}
