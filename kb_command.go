package main

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/kb"
)

// kbCommand is `hostbase kb reindex`: the knowledge base's search index
// rebuilt from the published articles, for after articles were written by
// raw SQL or restored from elsewhere (saves through the app keep it in
// step on their own).
func kbCommand(app core.App) *cobra.Command {
	cmd := &cobra.Command{Use: "kb", Short: "Knowledge base jobs"}
	cmd.AddCommand(&cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the knowledge base's full-text search index from the published articles",
		Run: exitOnError(app, func(cmd *cobra.Command, args []string) error {
			if err := app.RunAppMigrations(); err != nil {
				return fmt.Errorf("migrate: %w", err)
			}
			began := time.Now()
			if err := kb.RebuildSearchIndex(app); err != nil {
				return err
			}
			n, err := app.CountRecords(collections.KBArticles, dbx.HashExp{collections.KBArticleFields.Status: "published"})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "search index rebuilt from %d published article(s) in %s\n", n, time.Since(began).Round(time.Millisecond))
			return nil
		}),
	})
	return cmd
}
