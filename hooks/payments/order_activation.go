package payments

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/lifecycle"
)

// activateOrder is a paid hook: paying an order's first invoice makes the
// order active and hands its pending services to provisioning (but for
// products staff set up by hand) (the
// lifecycle's hooks enqueue the plugin jobs). Idempotent: an active order
// and services past pending are left alone.
func activateOrder(tx core.App, inv *collections.Invoice, now types.DateTime) error {
	f := collections.OrderFields
	orders, err := tx.FindRecordsByFilter(collections.Orders, f.Invoice+" = {:inv} && "+f.Status+" = 'pending'", "", 0, 0, dbx.Params{"inv": inv.Id})
	if err != nil {
		return err
	}
	for _, rec := range orders {
		order := collections.WrapOrder(rec)
		order.SetStatus(collections.OrderStatusActive)
		if err := tx.Save(order); err != nil {
			return err
		}
		sf := collections.ServiceFields
		services, err := tx.FindRecordsByFilter(collections.Services, sf.Order+" = {:o} && "+sf.Status+" = 'pending'", "", 0, 0, dbx.Params{"o": order.Id})
		if err != nil {
			return err
		}
		for _, s := range services {
			// A product set up by hand stays pending for staff.
			if p, err := collections.FindProduct(tx, s.GetString(sf.Product)); err == nil && p.AutoSetup() == collections.ProductAutoSetupManual {
				continue
			}
			if _, err := lifecycle.MarkProvisioning(tx, s.Id, lifecycle.Reason{ActorName: "payments", Why: "invoice " + inv.Number() + " paid", Now: now}); err != nil {
				return err
			}
		}
	}
	return nil
}
