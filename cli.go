package main

import (
	"fmt"
	"os"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// exitOnError adapts a command body for PocketBase, which ignores the errors
// of commands: a failing Hostbase command prints its error, closes the
// database and exits with status 1, so that scripts and cron see the failure.
func exitOnError(app core.App, run func(cmd *cobra.Command, args []string) error) func(cmd *cobra.Command, args []string) {
	return func(cmd *cobra.Command, args []string) {
		if err := run(cmd, args); err != nil {
			fmt.Fprintln(cmd.ErrOrStderr(), "Error:", err)
			_ = app.ResetBootstrapState()
			os.Exit(1)
		}
	}
}
