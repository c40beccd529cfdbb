package lifecycle_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/hooks/hbtest"
)

func TestMain(m *testing.M) { hbtest.Main(m) }

// fixture is one customer's product and addon, to make services of.
type fixture struct {
	app                      *hbtest.App
	customer, product, addon string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	app := hbtest.NewApp(t, hbtest.MigratedDir(t))
	g := hbtest.Make(t, app, "product_groups", map[string]any{"name": "VPS", "slug": "vps"})
	f := &fixture{app: app}
	// A provisioner, so that provisioning waits for its plugin's job.
	f.product = hbtest.Make(t, app, "products", map[string]any{"name": "VPS S", "slug": "vps-s", "kind": "vps", "group": g.Id, "provisioner": "example",
		"pricing": `{"USD":{"monthly":{"price":1299,"setup":0}}}`}).Id
	f.addon = hbtest.Make(t, app, "addons", map[string]any{"name": "Backups", "pricing": `{"USD":{"monthly":{"price":300,"setup":0}}}`}).Id
	f.customer = hbtest.Make(t, app, "customers", map[string]any{"name": "Anna", "email": "anna@example.com", "country": "DE"}).Id
	return f
}

func (f *fixture) service(t *testing.T, status string) string {
	t.Helper()
	return hbtest.Make(t, f.app, "services", map[string]any{"customer": f.customer, "product": f.product, "status": status,
		"cycle": "monthly", "currency": "USD", "recurring_amount": 1299}).Id
}

func (f *fixture) serviceAddon(t *testing.T, service, status string) string {
	t.Helper()
	return hbtest.Make(t, f.app, "service_addons", map[string]any{"service": service, "customer": f.customer, "addon": f.addon,
		"status": status, "cycle": "monthly", "currency": "USD", "quantity": 1, "recurring_amount": 300}).Id
}

func (f *fixture) status(t *testing.T, collection, id string) string {
	t.Helper()
	r, err := f.app.FindRecordById(collection, id)
	if err != nil {
		t.Fatal(err)
	}
	return r.GetString("status")
}

// inTx runs fn in a transaction of the fixture's app.
func (f *fixture) inTx(fn func(tx core.App) error) error { return f.app.RunInTransaction(fn) }
