// Command gen regenerates the collections package's typed record proxies from
// the schema that pb_migrations builds. Run it with `go generate ./collections`.
package main

import (
	"log"
	"os"
	"path/filepath"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/ezscale/hostbase/collections/internal/schemagen"
	_ "github.com/ezscale/hostbase/pb_migrations"
)

func main() {
	dir, err := os.MkdirTemp("", "hostbase-schemagen-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	app, err := tests.NewTestApp(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer app.Cleanup()

	files, err := schemagen.Generate(app)
	if err != nil {
		log.Fatal(err)
	}
	out := "."
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(out, name), src, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
