package shop

import "github.com/pocketbase/pocketbase/core"

// Register wires the shop's hooks and routes.
func Register(app core.App) {
	registerCatalogValidation(app)
	registerServiceChangeRoutes(app)
	registerCartRoutes(app)
}
