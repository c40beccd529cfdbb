package pb_migrations_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/dbutils"

	_ "github.com/ezscale/hostbase/pb_migrations"
)

func TestInitialSchemaCreatesEveryCollection(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()

	cols, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	var ours []string
	for _, c := range cols {
		if !c.System {
			ours = append(ours, c.Name)
		}
	}
	t.Logf("%d collections: %v", len(ours), ours)
	if len(ours) < 45 {
		t.Fatalf("expected the whole domain schema, got %d collections", len(ours))
	}
	if _, err := app.FindFirstRecordByFilter("settings", "company_name != ''"); err != nil {
		t.Fatalf("settings record missing: %v", err)
	}
	if !app.Settings().RateLimits.Enabled {
		t.Fatal("rate limiter must be on")
	}
	var _ core.App = app
}

func TestInitialSchemaReverts(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()

	runner := core.NewMigrationsRunner(app, core.AppMigrations)
	// Every app migration, however many later releases add.
	if _, err := runner.Down(len(core.AppMigrations.Items())); err != nil {
		t.Fatalf("down: %v", err)
	}
	for _, name := range []string{"customers", "invoices", "settings", "users"} {
		if _, err := app.FindCollectionByNameOrId(name); err == nil {
			t.Errorf("collection %s still exists after down", name)
		}
	}
	if app.Settings().RateLimits.Enabled {
		t.Error("rate limiter still on after down")
	}
	if _, err := runner.Up(); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if _, err := app.FindCollectionByNameOrId("invoices"); err != nil {
		t.Fatalf("invoices missing after up again: %v", err)
	}
}

// Every single-valued relation leads an index, so that finding the records
// that point at something (a customer's invoices, a ticket's messages, the
// payments of a credit note) never scans a table. Multi-valued relations are
// JSON arrays that an index cannot serve.
func TestEveryRelationIsIndexed(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	cols, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cols {
		if c.System {
			continue
		}
		for _, f := range c.Fields {
			rel, ok := f.(*core.RelationField)
			if !ok || rel.IsMultiple() {
				continue
			}
			if !leadsAnIndex(c, rel.Name) {
				t.Errorf("%s.%s is a relation without an index that starts with it", c.Name, rel.Name)
			}
		}
	}
}

func leadsAnIndex(c *core.Collection, column string) bool {
	for _, raw := range c.Indexes {
		ix := dbutils.ParseIndex(raw)
		if len(ix.Columns) > 0 && strings.Trim(ix.Columns[0].Name, "`\"[]") == column {
			return true
		}
	}
	return false
}
