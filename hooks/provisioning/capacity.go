package provisioning

import (
	"context"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// availabilityTimeout bounds the panels' pre-flight while a buyer waits.
const availabilityTimeout = 10 * time.Second

// checkCart is the billing engine's cart check: before any money is asked
// for, every item whose product is provisioned must fit on a server of its
// group, by the servers' capacity and, when the plugin can tell, by the
// panel's own pre-flight (CheckAvailability). A panel that cannot be asked
// (down, timing out) does not block the sale: the job queue retries later,
// and only a known refusal turns a buyer away.
func checkCart(ctx context.Context, app core.App, cart billing.Cart) error {
	demand := map[string]int64{}
	for i, item := range cart.Items {
		product, err := collections.FindProduct(app, item.Product)
		if err != nil || product.Provisioner() == "" || product.AutoSetup() == collections.ProductAutoSetupManual {
			continue
		}
		demand[product.Id]++
		servers, free, configured, err := roomFor(app, product)
		if err != nil {
			return err
		}
		if !configured {
			// No server is set up for the product yet: it is sold and set
			// up by hand (its create job tells staff), as before servers.
			continue
		}
		if free >= 0 && free < demand[product.Id] {
			return soldOut(i, product, "no server has room for it right now")
		}
		reason, ok := askPanels(ctx, app, product, item, servers)
		if !ok {
			return soldOut(i, product, reason)
		}
	}
	return nil
}

func soldOut(i int, product *collections.Product, reason string) error {
	return &billing.CartError{Field: fmt.Sprintf("items.%d.product", i), Code: "validation_out_of_stock",
		Message: fmt.Sprintf("%s cannot be ordered right now: %s.", product.Name(), reason)}
}

// roomFor lists the product's enabled servers with room, least full first,
// and the free slots across them (-1: a server without a limit);
// configured is false when the product has no enabled server at all.
func roomFor(app core.App, product *collections.Product) (servers []candidate, free int64, configured bool, err error) {
	sf := collections.ServerFields
	where := dbx.HashExp{sf.Plugin: product.Provisioner(), sf.Enabled: true}
	if product.ServerGroupID() != "" {
		where[sf.Group] = product.ServerGroupID()
	}
	recs, err := app.FindAllRecords(collections.Servers, where)
	if err != nil || len(recs) == 0 {
		return nil, 0, false, err
	}
	all, err := loads(app, recs, false)
	if err != nil {
		return nil, 0, true, err
	}
	var out []candidate
	for _, c := range all {
		if !c.hasRoom() {
			continue
		}
		out = append(out, c)
		if c.server.Capacity() == 0 {
			free = -1
		} else if free >= 0 {
			free += c.server.Capacity() - c.load
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && fuller(out[j-1], out[j]); j-- {
			out[j-1], out[j] = out[j], out[j-1]
		}
	}
	return out, free, true, nil
}

// askPanels asks each candidate server's panel in turn whether it can take
// the item; ok when one can, or when none can be asked.
func askPanels(ctx context.Context, app core.App, product *collections.Product, item billing.CartItem, servers []candidate) (reason string, ok bool) {
	plugins := pluginsOf(app)
	if plugins == nil || len(servers) == 0 {
		return "", true
	}
	meta, err := metadata(app, product.Provisioner())
	if err != nil || !meta.Capabilities.CheckAvailability {
		return "", true
	}
	p, err := plugins.Provisioner(product.Provisioner())
	if err != nil {
		return "", true
	}
	config, err := productConfigWith(app, product, item.Options)
	if err != nil {
		return "", true
	}
	ctx, cancel := context.WithTimeout(ctx, availabilityTimeout)
	defer cancel()
	asked := false
	for _, c := range servers {
		srv, _, err := sdkServer(keyring(app), c.server)
		if err != nil {
			continue
		}
		a, err := p.CheckAvailability(ctx, sdk.AvailabilityRequest{Server: srv, ProductConfig: config, CallKey: "availability:" + product.Id})
		if err != nil {
			app.Logger().Warn("provisioning: availability check failed", "server", c.server.Name(), "error", sdk.AsError(err).Message)
			continue
		}
		asked = true
		if a.Available {
			return "", true
		}
		if reason == "" {
			reason = a.Reason
		}
	}
	if !asked {
		return "", true
	}
	if reason == "" {
		reason = "the servers are full"
	}
	return reason, false
}
