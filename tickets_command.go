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
	"github.com/ezscale/hostbase/hooks/tickets"
)

// ticketsCommand is `hostbase tickets autoclose [--as-of DATE]`: the daily
// run's auto-close of tickets waiting for their customers, on its own.
func ticketsCommand(app core.App) *cobra.Command {
	cmd := &cobra.Command{Use: "tickets", Short: "Support desk jobs"}
	var asOf string
	autoclose := &cobra.Command{
		Use:   "autoclose",
		Short: "Close tickets that have waited for their customer long enough, with a notice; safe to run any time",
		Run: exitOnError(app, func(cmd *cobra.Command, args []string) error {
			if err := app.RunAppMigrations(); err != nil {
				return fmt.Errorf("migrate: %w", err)
			}
			now := time.Now()
			if asOf != "" {
				d, err := money.ParseDate(asOf)
				if err != nil {
					return fmt.Errorf("--as-of: %w", err)
				}
				policy, err := billing.LoadPolicy(app)
				if err != nil {
					return err
				}
				// As of the end of that day in the company's timezone.
				now = d.AddDays(1).Start(policy.Location).Add(-time.Second)
			}
			ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			res, err := tickets.AutoClose(ctx, app, now)
			if err != nil {
				return err
			}
			b, _ := json.Marshal(res)
			fmt.Fprintln(cmd.OutOrStdout(), string(b))
			if len(res.Problems) > 0 {
				return fmt.Errorf("%d problem(s)", len(res.Problems))
			}
			return nil
		}),
	}
	autoclose.Flags().StringVar(&asOf, "as-of", "", "close as of the end of this day, YYYY-MM-DD (default: now)")
	cmd.AddCommand(autoclose)
	return cmd
}
