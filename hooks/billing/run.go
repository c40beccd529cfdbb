package billing

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/hooks/money"
)

// RunLease is the name of the lease every billing run takes.
const RunLease = "billing-run"

// RunOptions configure one billing run.
type RunOptions struct {
	// AsOf is the billing day; zero means today in the company's timezone.
	AsOf money.Date
	// Now is the clock, read once for the whole run; zero means time.Now().
	Now time.Time
	// Holder names this run in the lease (default host:pid).
	Holder string
	// Wait makes a run wait for a running one instead of failing.
	Wait bool
	// BatchSize is how many services one transaction invoices (default 2000).
	BatchSize int
	// LeaseTTL is how long the lease outlives a run that died (default 2m).
	LeaseTTL time.Duration
}

// Run is the daily billing cycle as of one day: renewal invoices for every
// due service and addon. It is safe to run at any time and any number of
// times: a period is invoiced once, whatever happens. Only one run at a time
// goes ahead across processes; another gets *ErrLeaseHeld (or waits, with
// RunOptions.Wait).
func Run(ctx context.Context, app core.App, opts RunOptions) (*Report, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Holder == "" {
		host, _ := os.Hostname()
		opts.Holder = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 2000
	}
	if opts.LeaseTTL <= 0 {
		opts.LeaseTTL = 2 * time.Minute
	}

	lease, leased, err := acquireRunLease(ctx, app, opts)
	if err != nil {
		return nil, err
	}
	defer lease.Release()

	policy, err := LoadPolicy(app)
	if err != nil {
		return nil, err
	}
	if opts.AsOf.IsZero() {
		opts.AsOf = money.DateOf(opts.Now, policy.Location)
	}
	now, err := types.ParseDateTime(opts.Now)
	if err != nil {
		return nil, err
	}
	report := &Report{AsOf: opts.AsOf}
	started := time.Now()
	defer func() { report.Duration = time.Since(started) }()

	r := &renewal{app: app, policy: policy, asOf: opts.AsOf, now: now, report: report, batch: opts.BatchSize}
	if err := r.run(leased); err != nil {
		report.Duration = time.Since(started)
		return report, err
	}
	if err := lateFeeStep(leased, app, policy, opts.AsOf, now, report); err != nil {
		report.Duration = time.Since(started)
		return report, err
	}
	if policy.AutoApplyCredit {
		if err := applyCreditStep(leased, app, opts.AsOf, report); err != nil {
			report.Duration = time.Since(started)
			return report, err
		}
	}
	if err := runSteps(leased, app, RunDay{AsOf: opts.AsOf, Now: now, Policy: policy, Report: report}); err != nil {
		report.Duration = time.Since(started)
		return report, err
	}
	// Last: mail only what the steps above committed.
	if err := emailStep(leased, app, opts.AsOf, report); err != nil {
		report.Duration = time.Since(started)
		return report, err
	}
	return report, nil
}

func acquireRunLease(ctx context.Context, app core.App, opts RunOptions) (*Lease, context.Context, error) {
	for {
		lease, leased, err := AcquireLease(ctx, app, RunLease, opts.Holder, opts.LeaseTTL)
		var held *ErrLeaseHeld
		if err == nil || !opts.Wait || !errors.As(err, &held) {
			return lease, leased, err
		}
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}
