package lifecycle_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/lifecycle"
)

type transitionFunc func(core.App, string, lifecycle.Reason) (bool, error)

var transitions = map[string]transitionFunc{
	"MarkProvisioning": lifecycle.MarkProvisioning,
	"Activate":         lifecycle.Activate,
	"Suspend":          lifecycle.Suspend,
	"Unsuspend":        lifecycle.Unsuspend,
	"Terminate":        lifecycle.Terminate,
}

// Every transition from every state: the edges the lifecycle has move the
// service, the target state is left alone, and everything else is an
// *EdgeError that changes nothing.
func TestEveryTransitionFromEveryState(t *testing.T) {
	f := newFixture(t)
	edges := map[string]map[string]string{ // transition → from → to
		"MarkProvisioning": {"pending": "provisioning", "failed": "provisioning"},
		"Activate":         {"pending": "active", "provisioning": "active"},
		"Suspend":          {"active": "suspended"},
		"Unsuspend":        {"suspended": "active"},
		"Terminate":        {"active": "terminated", "suspended": "terminated"},
	}
	targets := map[string]string{"MarkProvisioning": "provisioning", "Activate": "active", "Suspend": "suspended", "Unsuspend": "active", "Terminate": "terminated"}
	states := []string{"pending", "provisioning", "active", "suspended", "terminated", "cancelled", "failed"}

	for name, fn := range transitions {
		for _, from := range states {
			id := f.service(t, from)
			var changed bool
			err := f.inTx(func(tx core.App) error {
				var err error
				changed, err = fn(tx, id, lifecycle.Reason{ActorName: "system", Why: "test"})
				return err
			})
			to, isEdge := edges[name][from]
			var edgeErr *lifecycle.EdgeError
			switch {
			case isEdge:
				if err != nil || !changed || f.status(t, "services", id) != to {
					t.Errorf("%s from %s: changed %v, err %v, status %s; want %s", name, from, changed, err, f.status(t, "services", id), to)
				}
			case from == targets[name]:
				if err != nil || changed {
					t.Errorf("%s from %s (already there): changed %v, err %v", name, from, changed, err)
				}
			default:
				if !errors.As(err, &edgeErr) || edgeErr.From != collections.ServiceStatus(from) ||
					edgeErr.To != collections.ServiceStatus(targets[name]) || edgeErr.Service != id || changed {
					t.Errorf("%s from %s: changed %v, err %v; want an EdgeError", name, from, changed, err)
				}
				if got := f.status(t, "services", id); got != from {
					t.Errorf("%s from %s: refused, yet the status is %s", name, from, got)
				}
			}
			wantAudit := 0
			if isEdge {
				wantAudit = 1
			}
			if n := len(auditRows(t, f, id)); n != wantAudit {
				t.Errorf("%s from %s: %d audit rows, want %d", name, from, n, wantAudit)
			}
		}
	}
}

type auditRow struct {
	Action          string `db:"action"`
	ActorCollection string `db:"actor_collection"`
	ActorID         string `db:"actor_id"`
	ActorName       string `db:"actor_name"`
	Before          string `db:"before"`
	After           string `db:"after"`
}

func auditRows(t *testing.T, f *fixture, service string) []auditRow {
	t.Helper()
	var rows []auditRow
	err := f.app.DB().Select("action", "actor_collection", "actor_id", "actor_name", "before", "after").From("audit_log").
		Where(dbx.HashExp{"target_collection": "services", "target_id": service}).OrderBy("created", "id").All(&rows)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Suspending records the reason, the time and who did it; it takes the
// active addons along, and unsuspending brings them back and clears the
// suspension.
func TestSuspendAndUnsuspendCarryAddonsAndAudit(t *testing.T) {
	f := newFixture(t)
	id := f.service(t, "active")
	active := f.serviceAddon(t, id, "active")
	cancelled := f.serviceAddon(t, id, "cancelled")
	now, _ := types.ParseDateTime(time.Date(2026, 3, 15, 9, 0, 0, 0, time.UTC))
	staff := lifecycle.Reason{ActorCollection: "staff", ActorID: "staff0000000001", ActorName: "Sam", Why: "Abuse report #12", Now: now}

	if err := f.inTx(func(tx core.App) error { _, err := lifecycle.Suspend(tx, id, staff); return err }); err != nil {
		t.Fatal(err)
	}
	svc, err := collections.FindService(f.app, id)
	if err != nil {
		t.Fatal(err)
	}
	if svc.Status() != collections.ServiceStatusSuspended || svc.SuspendReason() != "Abuse report #12" || !svc.SuspendedAt().Equal(now) {
		t.Fatalf("suspended service: %s, %q, %s", svc.Status(), svc.SuspendReason(), svc.SuspendedAt())
	}
	if f.status(t, "service_addons", active) != "suspended" || f.status(t, "service_addons", cancelled) != "cancelled" {
		t.Fatal("the active addon is suspended with its service; a cancelled one stays cancelled")
	}
	rows := auditRows(t, f, id)
	if len(rows) != 1 {
		t.Fatalf("audit rows: %+v", rows)
	}
	r := rows[0]
	if r.Action != "service.suspend" || r.ActorCollection != "staff" || r.ActorID != "staff0000000001" || r.ActorName != "Sam" ||
		r.Before != `{"status":"active","suspend_reason":""}` ||
		r.After != `{"addons":["`+active+`"],"reason":"Abuse report #12","status":"suspended","suspend_reason":"Abuse report #12"}` {
		t.Fatalf("audit row: %+v", r)
	}

	back := lifecycle.Reason{ActorName: "dunning", Why: "Invoice paid", Now: now}
	if err := f.inTx(func(tx core.App) error { _, err := lifecycle.Unsuspend(tx, id, back); return err }); err != nil {
		t.Fatal(err)
	}
	svc, _ = collections.FindService(f.app, id)
	if svc.Status() != collections.ServiceStatusActive || svc.SuspendReason() != "" || !svc.SuspendedAt().IsZero() {
		t.Fatalf("unsuspended service: %s, %q, %s", svc.Status(), svc.SuspendReason(), svc.SuspendedAt())
	}
	if f.status(t, "service_addons", active) != "active" {
		t.Fatal("the addon comes back with its service")
	}
	rows = auditRows(t, f, id)
	if len(rows) != 2 || rows[1].Action != "service.unsuspend" || rows[1].ActorName != "dunning" || rows[1].ActorCollection != "" ||
		rows[1].Before != `{"status":"suspended","suspend_reason":"Abuse report #12"}` {
		t.Fatalf("audit rows: %+v", rows)
	}
}

// Terminating ends the live addons and cancels those never provisioned.
func TestTerminateEndsAddons(t *testing.T) {
	f := newFixture(t)
	id := f.service(t, "suspended")
	suspended := f.serviceAddon(t, id, "suspended")
	pending := f.serviceAddon(t, id, "pending")
	if err := f.inTx(func(tx core.App) error {
		_, err := lifecycle.Terminate(tx, id, lifecycle.Reason{ActorName: "system"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	svc, _ := collections.FindService(f.app, id)
	if svc.Status() != collections.ServiceStatusTerminated || svc.TerminatedAt().IsZero() {
		t.Fatalf("terminated service: %s, %s", svc.Status(), svc.TerminatedAt())
	}
	if f.status(t, "service_addons", suspended) != "terminated" || f.status(t, "service_addons", pending) != "cancelled" {
		t.Fatalf("addons: %s, %s", f.status(t, "service_addons", suspended), f.status(t, "service_addons", pending))
	}
	a, _ := collections.FindServiceAddon(f.app, pending)
	if a.CancelledAt().IsZero() {
		t.Fatal("a cancelled addon gets its cancelled_at")
	}
}

func TestActivateStampsActivatedAt(t *testing.T) {
	f := newFixture(t)
	id := f.service(t, "provisioning")
	if err := f.inTx(func(tx core.App) error {
		_, err := lifecycle.Activate(tx, id, lifecycle.Reason{ActorName: "system"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if svc, _ := collections.FindService(f.app, id); svc.ActivatedAt().IsZero() {
		t.Fatal("activated_at not set")
	}
}

// A transition outside a transaction is refused and changes nothing.
func TestTransitionOutsideTransactionIsRefused(t *testing.T) {
	f := newFixture(t)
	id := f.service(t, "active")
	if _, err := lifecycle.Suspend(f.app, id, lifecycle.Reason{ActorName: "system"}); !errors.Is(err, lifecycle.ErrNotInTransaction) {
		t.Fatalf("err %v, want ErrNotInTransaction", err)
	}
	if f.status(t, "services", id) != "active" {
		t.Fatal("changed outside a transaction")
	}
}

// The hooks see every transition with its edge and reason, and an error
// from one rolls the whole transition back: status, addons and audit row.
func TestTransitionHooksRunInTheTransaction(t *testing.T) {
	f := newFixture(t)
	id := f.service(t, "active")
	addon := f.serviceAddon(t, id, "active")
	type seen struct {
		service  string
		from, to collections.ServiceStatus
		why      string
	}
	var calls []seen
	refuse := errors.New("queue full")
	lifecycle.OnTransition(f.app, func(tx core.App, svc *collections.Service, from, to collections.ServiceStatus, r lifecycle.Reason) error {
		calls = append(calls, seen{svc.Id, from, to, r.Why})
		if r.Why == "refuse" {
			return refuse
		}
		return nil
	})

	err := f.inTx(func(tx core.App) error {
		_, err := lifecycle.Suspend(tx, id, lifecycle.Reason{Why: "refuse"})
		return err
	})
	if !errors.Is(err, refuse) {
		t.Fatalf("err %v, want the hook's", err)
	}
	if f.status(t, "services", id) != "active" || f.status(t, "service_addons", addon) != "active" || len(auditRows(t, f, id)) != 0 {
		t.Fatal("a refused transition must leave no trace")
	}
	if err := f.inTx(func(tx core.App) error { _, err := lifecycle.Suspend(tx, id, lifecycle.Reason{Why: "ok"}); return err }); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 2 || calls[1] != (seen{id, collections.ServiceStatusActive, collections.ServiceStatusSuspended, "ok"}) {
		t.Fatalf("hook calls: %+v", calls)
	}
}

// Two suspensions of one service at once change it once: one audit row,
// one hook call.
func TestConcurrentSuspendsChangeOnce(t *testing.T) {
	f := newFixture(t)
	id := f.service(t, "active")
	var hookCalls int
	lifecycle.OnTransition(f.app, func(core.App, *collections.Service, collections.ServiceStatus, collections.ServiceStatus, lifecycle.Reason) error {
		hookCalls++ // transactions are serialised: no data race
		return nil
	})
	const n = 8
	var wg sync.WaitGroup
	changed := make([]bool, n)
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = f.app.RunInTransaction(func(tx core.App) error {
				var err error
				changed[i], err = lifecycle.Suspend(tx, id, lifecycle.Reason{ActorName: "dunning", Why: "Overdue"})
				return err
			})
		})
	}
	close(start)
	wg.Wait()
	count := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("suspend %d: %v", i, errs[i])
		}
		if changed[i] {
			count++
		}
	}
	if count != 1 || hookCalls != 1 || len(auditRows(t, f, id)) != 1 {
		t.Fatalf("%d reported a change, %d hook calls, %d audit rows; want 1 each", count, hookCalls, len(auditRows(t, f, id)))
	}
}
