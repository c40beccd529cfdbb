package billing

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// ErrLeaseHeld is returned when another holder has the lease and it has not
// expired.
type ErrLeaseHeld struct {
	Name, Holder string
	ExpiresAt    time.Time
}

func (e *ErrLeaseHeld) Error() string {
	return fmt.Sprintf("%s is already running (held by %s until %s)", e.Name, e.Holder, e.ExpiresAt.UTC().Format(time.RFC3339))
}

// ErrLeaseLost is the cause of a leased context's cancellation when the lease
// could not be renewed (another holder took it after it expired).
var ErrLeaseLost = errors.New("billing: lease lost")

// Lease is a named lock held in the database, so that it holds across
// processes (the cron inside `serve` and a `billing run` from the CLI). It
// expires unless renewed: a holder that dies frees it after its TTL.
type Lease struct {
	app    core.App
	name   string
	holder string
	ttl    time.Duration

	cancel context.CancelCauseFunc
	stop   chan struct{}
	done   chan struct{}
	once   sync.Once
}

func leaseTime(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

// AcquireLease takes the named lease for holder for ttl, or returns
// *ErrLeaseHeld. The returned context is cancelled with ErrLeaseLost if the
// lease is lost; the lease renews itself every ttl/3 until Release.
func AcquireLease(ctx context.Context, app core.App, name, holder string, ttl time.Duration) (*Lease, context.Context, error) {
	now := time.Now()
	res, err := app.DB().NewQuery(
		"INSERT INTO {{" + collections.Leases + "}} (id, name, holder, acquired_at, expires_at, created, updated) " +
			"VALUES ({:id}, {:name}, {:holder}, {:now}, {:exp}, {:now}, {:now}) " +
			"ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, acquired_at = excluded.acquired_at, " +
			"expires_at = excluded.expires_at, updated = excluded.updated " +
			"WHERE [[" + collections.Leases + ".expires_at]] < excluded.acquired_at",
	).Bind(dbx.Params{
		"id": security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789"), "name": name, "holder": holder,
		"now": leaseTime(now), "exp": leaseTime(now.Add(ttl)),
	}).Execute()
	if err != nil {
		return nil, nil, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var cur struct {
			Holder    string `db:"holder"`
			ExpiresAt string `db:"expires_at"`
		}
		_ = app.DB().Select("holder", "expires_at").From(collections.Leases).Where(dbx.HashExp{"name": name}).One(&cur)
		exp, _ := types.ParseDateTime(cur.ExpiresAt)
		return nil, nil, &ErrLeaseHeld{Name: name, Holder: cur.Holder, ExpiresAt: exp.Time()}
	}

	leased, cancel := context.WithCancelCause(ctx)
	l := &Lease{app: app, name: name, holder: holder, ttl: ttl, cancel: cancel, stop: make(chan struct{}), done: make(chan struct{})}
	go l.renew()
	return l, leased, nil
}

func (l *Lease) renew() {
	defer close(l.done)
	tick := time.NewTicker(l.ttl / 3)
	defer tick.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-tick.C:
			res, err := l.app.DB().Update(collections.Leases,
				dbx.Params{"expires_at": leaseTime(time.Now().Add(l.ttl)), "updated": leaseTime(time.Now())},
				dbx.HashExp{"name": l.name, "holder": l.holder}).Execute()
			if err != nil {
				// A busy database is not a lost lease; try again next tick.
				continue
			}
			if n, _ := res.RowsAffected(); n == 0 {
				l.cancel(ErrLeaseLost)
				return
			}
		}
	}
}

// Release frees the lease for the next holder and stops renewing it.
func (l *Lease) Release() error {
	var err error
	l.once.Do(func() {
		close(l.stop)
		<-l.done
		l.cancel(nil)
		_, err = l.app.DB().Delete(collections.Leases, dbx.HashExp{"name": l.name, "holder": l.holder}).Execute()
	})
	return err
}
