package main

import (
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"github.com/ezscale/hostbase/hooks/demo"
)

// demoCommand is `hostbase demo`: it seeds the demo shop into an empty
// database, creates an owner (superuser) account for the dashboard when there
// is none, and prints every password once.
func demoCommand(app core.App) *cobra.Command {
	var ifEmpty bool
	var examplePanel string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Seed a demo hosting shop (catalog, taxes, coupons, KB, accounts) into an empty database",
		Run: exitOnError(app, func(cmd *cobra.Command, args []string) error {
			// Commands other than serve do not run our migrations by themselves.
			if err := app.RunAppMigrations(); err != nil {
				return fmt.Errorf("migrate: %w", err)
			}
			res, err := demo.Seed(app, demo.Options{ExamplePanelDir: examplePanel})
			if errors.Is(err, demo.ErrNotEmpty) && ifEmpty {
				fmt.Fprintln(cmd.OutOrStdout(), "Demo shop already seeded: nothing to do.")
				return nil
			}
			if err != nil {
				return err
			}
			owner, err := ensureOwner(app)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if err := res.Print(out); err != nil {
				return err
			}
			if owner != "" {
				fmt.Fprintf(out, "\nDashboard owner (superuser): owner@example.com  password: %s\n", owner)
			}
			fmt.Fprintln(out, "\nThese passwords are shown once. Change them before you sell.")
			return nil
		}),
	}
	cmd.Flags().BoolVar(&ifEmpty, "if-empty", false, "exit quietly when the shop already has products")
	cmd.Flags().StringVar(&examplePanel, "example-panel", "", "provision the Cloud VPS plans with the example plugin, on a panel kept in this existing directory (no real panel needed)")
	return cmd
}

// ensureOwner creates the demo superuser when there is none and returns its
// password; it returns "" when a superuser already exists.
func ensureOwner(app core.App) (string, error) {
	n, err := app.CountRecords(core.CollectionNameSuperusers)
	if err != nil || n > 0 {
		return "", err
	}
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return "", err
	}
	password := rand.Text()[:20]
	su := core.NewRecord(col)
	su.SetEmail("owner@example.com")
	su.SetPassword(password)
	if err := app.Save(su); err != nil {
		return "", fmt.Errorf("create the owner account: %w", err)
	}
	return password, nil
}
