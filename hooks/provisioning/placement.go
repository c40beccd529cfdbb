package provisioning

import (
	"fmt"
	"sort"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// candidate is a server a service may be placed on, with what it holds.
type candidate struct {
	server *collections.Server
	// load counts the services placed on it that are not over.
	load int64
	// lastPlaced is the newest placement's created time, for round robin.
	lastPlaced string
}

func (c candidate) hasRoom() bool { return c.server.Capacity() == 0 || c.load < c.server.Capacity() }

// fuller reports whether a is fuller than b: by the share of capacity used
// (a server without a limit counts as empty), then by services held.
func fuller(a, b candidate) bool {
	ac, bc := a.server.Capacity(), b.server.Capacity()
	switch {
	case ac == 0 && bc == 0:
	case ac == 0:
		return false
	case bc == 0:
		return true
	default:
		if l, r := a.load*bc, b.load*ac; l != r {
			return l > r
		}
	}
	if a.load != b.load {
		return a.load > b.load
	}
	return a.server.Name() > b.server.Name()
}

// place picks the server for a service about to be created, inside
// txApp's transaction (transactions are serial, so two placements never
// both take a server's last slot), and saves it on the service. A service
// already placed keeps its server: a retried Create must go where the
// first one went.
func place(txApp core.App, svc *collections.Service, product *collections.Product) (*collections.Server, error) {
	if svc.ServerID() != "" {
		return collections.FindServer(txApp, svc.ServerID())
	}
	if product.Provisioner() == "" {
		return nil, &sdk.Error{Kind: sdk.KindInvalidConfig, Field: "provisioner", Message: "product " + product.Name() + " has no provisioner"}
	}
	sf := collections.ServerFields
	where := dbx.HashExp{sf.Plugin: product.Provisioner(), sf.Enabled: true}
	groupName := "any group"
	strategy := collections.ServerGroupStrategyLeastFull
	if product.ServerGroupID() != "" {
		where[sf.Group] = product.ServerGroupID()
		if g, err := collections.FindServerGroup(txApp, product.ServerGroupID()); err == nil {
			groupName = "group " + g.Name()
			if g.Strategy() != "" {
				strategy = g.Strategy()
			}
		}
	}
	recs, err := txApp.FindAllRecords(collections.Servers, where)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, &sdk.Error{Kind: sdk.KindPermanent, Reason: sdk.ReasonOutOfCapacity,
			Message: fmt.Sprintf("no enabled %s server in %s for product %s", product.Provisioner(), groupName, product.Name())}
	}
	var candidates []candidate
	if len(recs) == 1 && collections.WrapServer(recs[0]).Capacity() == 0 {
		// One server without a limit: nothing to count or compare.
		candidates = []candidate{{server: collections.WrapServer(recs[0])}}
	} else if candidates, err = loads(txApp, recs, strategy == collections.ServerGroupStrategyRoundRobin); err != nil {
		return nil, err
	}
	var free []candidate
	for _, c := range candidates {
		if c.hasRoom() {
			free = append(free, c)
		}
	}
	if len(free) == 0 {
		return nil, &sdk.Error{Kind: sdk.KindPermanent, Reason: sdk.ReasonOutOfCapacity,
			Message: fmt.Sprintf("every %s server in %s is full", product.Provisioner(), groupName)}
	}
	sort.SliceStable(free, func(i, j int) bool {
		switch strategy {
		case collections.ServerGroupStrategyFirstFree:
			return free[i].server.Name() < free[j].server.Name()
		case collections.ServerGroupStrategyRoundRobin:
			if free[i].lastPlaced != free[j].lastPlaced {
				return free[i].lastPlaced < free[j].lastPlaced
			}
			return free[i].server.Name() < free[j].server.Name()
		}
		return fuller(free[j], free[i])
	})
	chosen := free[0].server
	// One statement, not a Save: the server id comes from the query above,
	// and the placement must not wait on the record's hooks.
	res, err := txApp.DB().Update(collections.Services, dbx.Params{collections.ServiceFields.Server: chosen.Id, "updated": stamp(time.Now())},
		dbx.HashExp{"id": svc.Id, collections.ServiceFields.Server: ""}).Execute()
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		// Placed meanwhile by another worker: go where it went.
		fresh, err := collections.FindService(txApp, svc.Id)
		if err != nil {
			return nil, err
		}
		svc.SetServerID(fresh.ServerID())
		return collections.FindServer(txApp, fresh.ServerID())
	}
	svc.SetServerID(chosen.Id)
	return chosen, nil
}

// loads counts, for each server, the services placed on it that still hold
// a slot (not cancelled or terminated), in one query over the (server,
// status) index; the latest placement, which needs every row, only for
// round robin.
func loads(app core.App, recs []*core.Record, withLastPlaced bool) ([]candidate, error) {
	ids := make([]any, len(recs))
	for i, r := range recs {
		ids[i] = r.Id
	}
	var rows []struct {
		Server     string `db:"server"`
		Load       int64  `db:"load"`
		LastPlaced string `db:"last_placed"`
	}
	f := collections.ServiceFields
	lastPlaced := "MIN('') AS last_placed"
	if withLastPlaced {
		lastPlaced = "MAX(updated) AS last_placed"
	}
	err := app.DB().Select(f.Server+" AS server", "COUNT(*) AS load", lastPlaced).
		From(collections.Services).
		Where(dbx.In(f.Server, ids...)).
		AndWhere(dbx.NotIn(f.Status, string(collections.ServiceStatusCancelled), string(collections.ServiceStatusTerminated))).
		GroupBy(f.Server).All(&rows)
	if err != nil {
		return nil, err
	}
	byServer := map[string]int{}
	for i, r := range rows {
		byServer[r.Server] = i
	}
	out := make([]candidate, len(recs))
	for i, r := range recs {
		c := candidate{server: collections.WrapServer(r)}
		if j, ok := byServer[r.Id]; ok {
			c.load, c.lastPlaced = rows[j].Load, rows[j].LastPlaced
		}
		out[i] = c
	}
	return out, nil
}
