// Package pteropanel is the Pterodactyl provisioner: game servers made
// through the panel's application API (/api/application, a ptla_ key), and
// power actions through its client API (/api/client, a ptlc_ key) when one
// is configured.
//
//	sdk.Serve(pteropanel.New(nil))
//
// A service is one panel server whose external_id is the service's
// idempotency key; the customer is the panel user with their email.
package pteropanel

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Provisioner implements sdk.Provisioner on a Pterodactyl panel. It
// embeds sdk.Unsupported for ChangePassword and SingleSignOn.
type Provisioner struct {
	sdk.Unsupported
	log        hclog.Logger
	httpClient *http.Client
	locks      sdk.KeyLocks
	limits     limiters
	// placing serialises choosing a free allocation and creating the
	// server on it, so that two Creates in this process do not pick the
	// same port.
	placing sync.Mutex
}

var _ sdk.Provisioner = (*Provisioner)(nil)

// New returns the provisioner, logging to log, or to sdk.Logger() (the
// plugin's stderr, which Hostbase reads) when log is nil.
func New(log hclog.Logger) *Provisioner {
	if log == nil {
		log = sdk.Logger()
	}
	return &Provisioner{log: log, httpClient: &http.Client{}}
}

// trace logs one line per call as it ends. Keys and passwords are never
// among the values.
func (p *Provisioner) trace(level hclog.Level, method string, start time.Time, err *error, kv ...any) {
	sdk.LogCall(p.log, level, method, start, *err, kv...)
}

// TestConnection lists the nodes with the application key, and checks the
// client key, when set, on the client API's account endpoint.
func (p *Provisioner) TestConnection(ctx context.Context, r sdk.ServerRequest) (msg string, err error) {
	defer p.trace(hclog.Info, "test connection", time.Now(), &err, "server", r.Server.ID)
	pn, err := p.open(r.Server)
	if err != nil {
		return "", err
	}
	var nodes list[node]
	if err := pn.app.do(ctx, http.MethodGet, "/nodes", nil, nil, &nodes); err != nil {
		return "", err
	}
	power := "no client API key: power actions off"
	if pn.cli != nil {
		var acct item[user]
		if err := pn.cli.do(ctx, http.MethodGet, "/account", nil, nil, &acct); err != nil {
			return "", err
		}
		power = "client API as " + acct.Attributes.Username + ": power actions on"
	}
	return fmt.Sprintf("Connected to Pterodactyl at %s (%d nodes; %s)", pn.url, nodes.Meta.Pagination.Total, power), nil
}

// find returns the panel server of a service: by RemoteID when Hostbase
// has one, else by the external_id Create tagged it with. A server the
// panel does not have is a NotFound failure.
func (p *Provisioner) find(ctx context.Context, pn *panel, svc sdk.Service) (server, error) {
	var out item[server]
	if svc.RemoteID != "" {
		id, err := strconv.ParseInt(svc.RemoteID, 10, 64)
		if err != nil || id <= 0 {
			// Not an id this panel gives: no such server.
			return server{}, sdk.NotFound("the panel has no server %q", svc.RemoteID)
		}
		err = pn.app.do(ctx, http.MethodGet, "/servers/"+svc.RemoteID, withAllocations, nil, &out)
		return out.Attributes, err
	}
	if svc.IdempotencyKey == "" {
		return server{}, sdk.NotFound("the service has neither a remote id nor an idempotency key")
	}
	err := pn.app.do(ctx, http.MethodGet, "/servers/external/"+url.PathEscape(svc.IdempotencyKey), withAllocations, nil, &out)
	return out.Attributes, err
}

// state maps a server's status to Hostbase's. The application API knows
// nothing of the container's power state, so an installed, unsuspended
// server is "running" (provisioned) whether or not the game is up.
func state(s server) (sdk.State, string) {
	switch st := s.status(); {
	case st == "suspended" || s.Suspended:
		return sdk.StateSuspended, "suspended"
	case st == "installing":
		return sdk.StatePending, "installing"
	case st == "install_failed" || st == "reinstall_failed":
		return sdk.StateUnknown, "the egg's install script failed (" + st + "): reinstall it from the panel or the client area"
	case st == "restoring_backup":
		return sdk.StateRunning, "restoring a backup"
	case st == "":
		return sdk.StateRunning, "installed"
	default:
		return sdk.StateUnknown, "panel status " + st
	}
}

// Status reads the server's status from the application API.
func (p *Provisioner) Status(ctx context.Context, r sdk.ServiceRequest) (st sdk.Status, err error) {
	defer p.trace(hclog.Debug, "status", time.Now(), &err, "key", r.Service.IdempotencyKey, "remote", r.Service.RemoteID)
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.Status{}, err
	}
	s, err := p.find(ctx, pn, r.Service)
	if sdk.IsNotFound(err) {
		return sdk.Status{State: sdk.StateMissing, Detail: "the panel has no such server"}, nil
	}
	if err != nil {
		return sdk.Status{}, err
	}
	state, detail := state(s)
	return sdk.Status{State: state, Detail: detail, IP: primaryIP(s)}, nil
}

// withAllocations asks for a server's allocations, for its address.
var withAllocations = url.Values{"include": {"allocations"}}

// primaryAllocation is the server's default ip:port, if the panel sent
// its allocations.
func primaryAllocation(s server) (allocation, bool) {
	if s.Relationships.Allocations == nil {
		return allocation{}, false
	}
	for _, a := range s.Relationships.Allocations.Data {
		if a.Attributes.ID == s.Allocation {
			return a.Attributes, true
		}
	}
	return allocation{}, false
}

func primaryIP(s server) string {
	a, ok := primaryAllocation(s)
	if !ok {
		return ""
	}
	if a.Alias != nil && *a.Alias != "" {
		return *a.Alias
	}
	return a.IP
}
