// Command hostbase is a self-hosted billing, provisioning and support
// platform for hosting companies: one binary with an embedded database.
package main

import (
	"embed"
	"io/fs"
	"log"
	"path"
	"strings"
	_ "time/tzdata" // billing days are read in the company's timezone, wherever the binary runs

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"github.com/ezscale/hostbase/hooks"
	_ "github.com/ezscale/hostbase/pb_migrations"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

//go:embed all:pb_public
var publicFS embed.FS

func main() {
	app := pocketbase.NewWithConfig(pocketbase.Config{DefaultDev: false})
	app.RootCmd.Use = "hostbase"
	app.RootCmd.Short = "Hostbase: billing, provisioning and support for hosting companies"
	app.RootCmd.Version = version

	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{Automigrate: false})
	gateways, err := gatewaysFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	plugins, err := newPluginHost(app)
	if err != nil {
		log.Fatal(err)
	}
	hooks.Register(app, hooks.Deps{Gateways: gateways, Plugins: plugins})
	app.RootCmd.AddCommand(demoCommand(app), billingCommand(app), pluginsCommand(app, plugins), provisioningCommand(app), ticketsCommand(app), kbCommand(app))

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/{path...}", storefront(apis.MustSubFS(publicFS, "pb_public")))
		return se.Next()
	})

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}

// storefront serves pb_public: a file when it exists, and for any other path
// without a file extension the app's index.html, so that links such as
// /product/cloud-vps-s or /client/invoices/ID load the app, which routes them
// in the browser. A missing asset (a name with a short extension such as
// .js) and an unknown /api/ path stay 404s; a token with dots in a link
// (/reset-password/<JWT>) is not an extension.
func storefront(fsys fs.FS) func(*core.RequestEvent) error {
	files := apis.Static(fsys, false)
	app := apis.Static(fsys, true)
	return func(e *core.RequestEvent) error {
		name := e.Request.PathValue(apis.StaticWildcardParam)
		if name == "api" || strings.HasPrefix(name, "api/") {
			return e.NotFoundError("", nil)
		}
		if ext := path.Ext(name); ext != "" && len(ext) <= 6 {
			return files(e)
		}
		return app(e)
	}
}
