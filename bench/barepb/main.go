// Command barepb is plain PocketBase with nothing of Hostbase's: the baseline
// that bench/foundation.sh measures Hostbase against, serving a copy of the
// same database. Its rate limiter is switched off so that the baseline pays
// for nothing Hostbase adds.
package main

import (
	"log"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
)

func main() {
	app := pocketbase.NewWithConfig(pocketbase.Config{DefaultDev: false, HideStartBanner: true})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.App.Settings().RateLimits.Enabled = false
		return se.Next()
	})
	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}
