package billing_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

func TestLeaseIsExclusiveAndReleasable(t *testing.T) {
	app := hbtest.NewApp(t, hbtest.MigratedDir(t))
	ctx := context.Background()

	l, _, err := billing.AcquireLease(ctx, app, "billing-run", "cli:1", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = billing.AcquireLease(ctx, app, "billing-run", "cron:2", time.Minute)
	var held *billing.ErrLeaseHeld
	if !errors.As(err, &held) || held.Holder != "cli:1" {
		t.Fatalf("a second holder must be refused naming the first, got %v", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, _, err := billing.AcquireLease(ctx, app, "billing-run", "cron:2", time.Minute)
	if err != nil {
		t.Fatalf("after release the lease is free: %v", err)
	}
	_ = l2.Release()
}

// Of many holders racing for the lease, exactly one gets it.
func TestLeaseRaceHasOneWinner(t *testing.T) {
	app := hbtest.NewApp(t, hbtest.MigratedDir(t))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var winners []*billing.Lease
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			l, _, err := billing.AcquireLease(context.Background(), app, "billing-run", string(rune('a'+i)), time.Minute)
			if err == nil {
				mu.Lock()
				winners = append(winners, l)
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	if len(winners) != 1 {
		t.Fatalf("%d holders got the lease, want exactly 1", len(winners))
	}
	_ = winners[0].Release()
}

// A holder that stopped renewing (a killed process) loses the lease once it
// expires; if it comes back, its context is cancelled with ErrLeaseLost.
func TestExpiredLeaseIsTakenOverAndTheOldHolderLearnsIt(t *testing.T) {
	app := hbtest.NewApp(t, hbtest.MigratedDir(t))
	old, oldCtx, err := billing.AcquireLease(context.Background(), app, "billing-run", "dead:1", 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Release()
	// Simulate the holder dying: its expiry passes without renewal.
	if _, err := app.DB().Update("leases", dbx.Params{"expires_at": "2000-01-01 00:00:00.000Z"}, dbx.HashExp{"name": "billing-run"}).Execute(); err != nil {
		t.Fatal(err)
	}
	next, _, err := billing.AcquireLease(context.Background(), app, "billing-run", "alive:2", time.Minute)
	if err != nil {
		t.Fatalf("an expired lease must be taken over: %v", err)
	}
	defer next.Release()
	select {
	case <-oldCtx.Done():
		if !errors.Is(context.Cause(oldCtx), billing.ErrLeaseLost) {
			t.Fatalf("cause = %v, want ErrLeaseLost", context.Cause(oldCtx))
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the old holder was never told it lost the lease")
	}
}
