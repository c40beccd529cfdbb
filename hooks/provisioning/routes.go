package provisioning

import (
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/secrets"
)

func registerRoutes(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		auth := apis.RequireAuth(collections.Customers, collections.Staff, core.CollectionNameSuperusers)
		g := se.Router.Group("/api/hb")
		g.POST("/provisioning/jobs/{id}/retry", retryJobRoute).Bind(auth)
		g.POST("/provisioning/reconcile", reconcileRoute).Bind(auth)
		g.GET("/plugins", pluginsRoute).Bind(auth)
		g.POST("/servers/{id}/test", testServerRoute).Bind(auth)
		s := g.Group("/services/{id}")
		s.Bind(auth)
		s.GET("/actions", listActionsRoute)
		s.POST("/actions/{action}", runActionRoute)
		s.GET("/sso", ssoRoute)
		s.GET("/usage", usageRoute)
		s.GET("/credentials", credentialsRoute)
		s.POST("/password", passwordRoute)
		s.POST("/cancel", cancelRoute)
		s.POST("/lifecycle/{action}", serviceLifecycleRoute)
		return se.Next()
	})
}

// today is the billing day now, in the company's timezone.
func today(app core.App) (money.Date, error) {
	p, err := billing.LoadPolicy(app)
	if err != nil {
		return money.Date{}, err
	}
	return money.DateOf(time.Now(), p.Location), nil
}

func redact(s string, values []string) string { return secrets.RedactString(s, values...) }
