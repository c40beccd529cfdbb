package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os/signal"
	"syscall"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/money"
)

// billingCommand is `hostbase billing run [--as-of DATE]`: the daily billing
// cycle, as the cron inside `serve` runs it, for any day.
func billingCommand(app core.App) *cobra.Command {
	cmd := &cobra.Command{Use: "billing", Short: "Billing jobs"}
	var asOf string
	var wait, asJSON bool
	var batch int
	var leaseTTL time.Duration
	run := &cobra.Command{
		Use:   "run",
		Short: "Run the daily billing cycle (renewal invoices…) as of a day; safe to run any time",
		Run: exitOnError(app, func(cmd *cobra.Command, args []string) error {
			if err := app.RunAppMigrations(); err != nil {
				return fmt.Errorf("migrate: %w", err)
			}
			opts := billing.RunOptions{Wait: wait, BatchSize: batch, LeaseTTL: leaseTTL}
			if asOf != "" {
				d, err := money.ParseDate(asOf)
				if err != nil {
					return fmt.Errorf("--as-of: %w", err)
				}
				opts.AsOf = d
			}
			ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			report, err := billing.Run(ctx, app, opts)
			if report != nil {
				if asJSON {
					b, _ := json.Marshal(report)
					fmt.Fprintln(cmd.OutOrStdout(), string(b))
				} else {
					fmt.Fprintln(cmd.OutOrStdout(), report)
				}
			}
			return err
		}),
	}
	run.Flags().StringVar(&asOf, "as-of", "", "the billing day, YYYY-MM-DD (default: today in the company's timezone)")
	run.Flags().BoolVar(&wait, "wait", false, "wait for a run in progress instead of exiting")
	run.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	run.Flags().IntVar(&batch, "batch", 2000, "services invoiced per transaction")
	run.Flags().DurationVar(&leaseTTL, "lease-ttl", 2*time.Minute, "how long the run's lease outlives a run that died")
	cmd.AddCommand(run)
	return cmd
}
