package pb_migrations_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

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
	if _, err := runner.Down(2); err != nil {
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
