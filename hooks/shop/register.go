package shop

import "github.com/pocketbase/pocketbase/core"

// Register wires the shop's hooks.
func Register(app core.App) {
	registerCatalogValidation(app)
}
