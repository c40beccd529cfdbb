package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"github.com/ezscale/hostbase/hooks/provisioning"
	"github.com/ezscale/hostbase/plugins/host"
)

// pluginsCommand is `hostbase plugins list|test`.
func pluginsCommand(app core.App, h *host.Host) *cobra.Command {
	cmd := &cobra.Command{Use: "plugins", Short: "Provisioner plugins"}
	cmd.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "List the provisioner plugins found in HOSTBASE_PLUGINS_DIR, with their versions",
		Run: exitOnError(app, func(cmd *cobra.Command, args []string) error {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			infos := h.List(ctx)
			out := cmd.OutOrStdout()
			if len(infos) == 0 {
				fmt.Fprintf(out, "No plugins in %s (hostbase-provisioner-* executables).\n", h.Dir())
				return nil
			}
			fmt.Fprintf(out, "Plugins in %s:\n", h.Dir())
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tVERSION\tDISPLAY NAME\tSTATUS")
			for _, info := range infos {
				if info.Err != nil {
					fmt.Fprintf(tw, "%s\t-\t-\terror: %v\n", info.Name, info.Err)
					continue
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\tok\n", info.Name, info.Metadata.Version, info.Metadata.DisplayName)
			}
			return tw.Flush()
		}),
	})
	cmd.AddCommand(&cobra.Command{
		Use:   "test SERVER",
		Short: "Run the plugin's TestConnection against a server (its id or name)",
		Args:  cobra.ExactArgs(1),
		Run: exitOnError(app, func(cmd *cobra.Command, args []string) error {
			if err := app.RunAppMigrations(); err != nil {
				return fmt.Errorf("migrate: %w", err)
			}
			msg, err := provisioning.TestServer(context.Background(), app, args[0])
			if err != nil {
				return fmt.Errorf("server %s: %w", args[0], err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "ok: %s\n", msg)
			return nil
		}),
	})
	return cmd
}
