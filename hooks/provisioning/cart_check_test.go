package provisioning_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
)

func cartOf(w *world, n int) billing.Cart {
	c := billing.Cart{Currency: "USD", Customer: w.alice, Buyer: tax.Party{Country: "US", State: "OR"}}
	for i := 0; i < n; i++ {
		c.Items = append(c.Items, billing.CartItem{Product: w.product, ProductName: "VPS S", Cycle: money.Monthly, Price: 1299})
	}
	return c
}

func priceCart(t *testing.T, w *world, cart billing.Cart) error {
	t.Helper()
	policy, err := billing.LoadPolicy(w.app)
	if err != nil {
		t.Fatal(err)
	}
	_, err = billing.PriceCart(w.app, policy, cart, time.Now())
	return err
}

// The quote and the checkout refuse, before any money, what the servers
// cannot hold: by their capacity, and by the panel's own pre-flight.
func TestACartTheServersCannotHoldIsRefusedBeforePayment(t *testing.T) {
	w := newWorld(t, withCapacity(2))
	if err := priceCart(t, w, cartOf(w, 2)); err != nil {
		t.Fatalf("two VPS on a server with room for two: %v", err)
	}
	var ce *billing.CartError
	err := priceCart(t, w, cartOf(w, 3))
	if !errors.As(err, &ce) || ce.Field != "items.2.product" || ce.Code != "validation_out_of_stock" {
		t.Fatalf("three VPS on a server with room for two: %v, want items.2.product out of stock", err)
	}

	w.activeService(t, w.alice)
	w.activeService(t, w.bob)
	if err := priceCart(t, w, cartOf(w, 1)); !errors.As(err, &ce) || ce.Field != "items.0.product" {
		t.Fatalf("a VPS on a full server: %v", err)
	}
}

func TestThePanelsPreflightRefusalIsTheBuyersReason(t *testing.T) {
	w := newWorld(t)
	// The example panel's own limit: one server in its directory.
	if _, err := w.app.DB().NewQuery("UPDATE servers SET config = {:c} WHERE id = {:id}").
		Bind(map[string]any{"c": `{"directory":"` + w.panelDir + `","max_servers":1}`, "id": w.server}).Execute(); err != nil {
		t.Fatal(err)
	}
	if err := priceCart(t, w, cartOf(w, 1)); err != nil {
		t.Fatalf("an empty panel: %v", err)
	}
	w.activeService(t, w.alice)
	var ce *billing.CartError
	err := priceCart(t, w, cartOf(w, 1))
	if !errors.As(err, &ce) || ce.Field != "items.0.product" || !strings.Contains(ce.Message, "VPS S cannot be ordered right now") {
		t.Fatalf("a full panel: %v", err)
	}

	// A panel that cannot be asked does not turn buyers away.
	if err := os.RemoveAll(w.panelDir); err != nil {
		t.Fatal(err)
	}
	if err := priceCart(t, w, cartOf(w, 1)); err != nil {
		t.Fatalf("a panel that cannot answer blocked the sale: %v", err)
	}
}

// A product with no server set up yet is sold and set up by hand, as before
// servers were configured: the check does not turn its buyers away.
func TestAProductWithoutServersIsStillSold(t *testing.T) {
	w := newWorld(t)
	srv, err := collections.FindServer(w.app, w.server)
	if err != nil {
		t.Fatal(err)
	}
	srv.SetEnabled(false)
	if err := w.app.Save(srv); err != nil {
		t.Fatal(err)
	}
	if err := priceCart(t, w, cartOf(w, 3)); err != nil {
		t.Fatalf("a product without servers: %v", err)
	}
}
