package collections_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/ezscale/hostbase/collections/internal/schemagen"
	_ "github.com/ezscale/hostbase/pb_migrations"
)

// The proxies must match the schema: a migration that adds or renames a
// field without `go generate ./collections` fails here.
func TestGeneratedProxiesMatchSchema(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()

	files, err := schemagen.Generate(app)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("%s: %v (run go generate ./collections)", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go generate ./collections", name)
		}
	}
	entries, _ := os.ReadDir(".")
	for _, e := range entries {
		if n := e.Name(); len(n) > 7 && n[len(n)-7:] == "_gen.go" && files[n] == nil {
			t.Errorf("%s is generated but no longer produced: delete it", n)
		}
	}
}
