package shop

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// Register wires the shop's hooks and routes.
func Register(app core.App) {
	registerCatalogValidation(app)
	registerServiceChangeRoutes(app)
	registerCartRoutes(app)
}

// registerCartRoutes wires the storefront's quote, checkout and order
// progress routes.
func registerCartRoutes(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/hb")
		g.POST("/cart/quote", cartQuoteRoute)
		g.POST("/checkout", checkoutRoute).Bind(apis.RequireAuth(collections.Customers))
		g.GET("/orders/{id}/progress", orderProgressRoute).Bind(apis.RequireAuth(collections.Customers, collections.Staff, core.CollectionNameSuperusers))
		return se.Next()
	})
}
