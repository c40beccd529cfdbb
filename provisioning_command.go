package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os/signal"
	"sort"
	"syscall"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"github.com/ezscale/hostbase/hooks/provisioning"
)

// provisioningCommand is `hostbase provisioning reconcile|run`.
func provisioningCommand(app core.App) *cobra.Command {
	cmd := &cobra.Command{Use: "provisioning", Short: "Provisioning jobs and reconciliation"}
	var asJSON bool
	reconcile := &cobra.Command{
		Use:   "reconcile",
		Short: "Compare our services with what each server's panel holds, and report the drift",
		Run: exitOnError(app, func(cmd *cobra.Command, args []string) error {
			if err := app.RunAppMigrations(); err != nil {
				return fmt.Errorf("migrate: %w", err)
			}
			ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			results, err := provisioning.Reconcile(ctx, app)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				b, _ := json.Marshal(results)
				fmt.Fprintln(out, string(b))
				return nil
			}
			if len(results) == 0 {
				fmt.Fprintln(out, "No enabled server has a plugin that can list what it holds.")
			}
			for _, r := range results {
				if r.Error != "" {
					fmt.Fprintf(out, "%s: failed: %s\n", r.Name, r.Error)
					continue
				}
				fmt.Fprintf(out, "%s: %d drift\n", r.Name, len(r.Drift))
				sort.SliceStable(r.Drift, func(i, j int) bool { return r.Drift[i].Kind < r.Drift[j].Kind })
				for _, d := range r.Drift {
					fmt.Fprintf(out, "  %-32s service=%s status=%s remote=%s state=%s\n", d.Kind, d.Service, d.Status, d.RemoteID, d.State)
				}
			}
			return nil
		}),
	}
	reconcile.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	run := &cobra.Command{
		Use:   "run",
		Short: "Run every provisioning job that is due now, then exit (serve runs them continuously)",
		Run: exitOnError(app, func(cmd *cobra.Command, args []string) error {
			if err := app.RunAppMigrations(); err != nil {
				return fmt.Errorf("migrate: %w", err)
			}
			n, err := provisioning.QueueOf(app).RunDue(context.Background())
			fmt.Fprintf(cmd.OutOrStdout(), "%d jobs run\n", n)
			return err
		}),
	}
	cmd.AddCommand(reconcile, run)
	return cmd
}
