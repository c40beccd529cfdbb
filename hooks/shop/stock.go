package shop

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
)

// checkStock refuses a cart that asks for more of a tracked product than
// is in stock, naming the first item past the stock. products[i] is item
// i's product.
func checkStock(products []*collections.Product) error {
	demand := map[string]int64{}
	for i, p := range products {
		if !p.TrackStock() {
			continue
		}
		demand[p.Id]++
		if demand[p.Id] > p.Stock() {
			return outOfStock(i, p)
		}
	}
	return nil
}

func outOfStock(i int, p *collections.Product) error {
	msg := fmt.Sprintf("%s is out of stock.", p.Name())
	if p.Stock() > 0 {
		msg = fmt.Sprintf("Only %d of %s left in stock.", p.Stock(), p.Name())
	}
	return &billing.CartError{Field: fmt.Sprintf("items.%d.product", i), Code: "validation_out_of_stock", Message: msg}
}

// takeStock decrements the stock of each tracked product of an order inside
// txApp's transaction. The decrement is conditional, so two checkouts racing
// for the last unit cannot both take it: the loser's transaction fails with
// the item out of stock and writes nothing.
func takeStock(txApp core.App, products []*collections.Product) error {
	demand := map[string]int64{}
	first := map[string]int{}
	for i, p := range products {
		if !p.TrackStock() {
			continue
		}
		if _, ok := first[p.Id]; !ok {
			first[p.Id] = i
		}
		demand[p.Id]++
	}
	f := collections.ProductFields
	for id, n := range demand {
		res, err := txApp.DB().NewQuery("UPDATE {{" + collections.Products + "}} SET [[" + f.Stock + "]] = [[" + f.Stock + "]] - {:n} " +
			"WHERE [[id]] = {:id} AND [[" + f.TrackStock + "]] = 1 AND [[" + f.Stock + "]] >= {:n}").
			Bind(dbx.Params{"n": n, "id": id}).Execute()
		if err != nil {
			return fmt.Errorf("take stock of %s: %w", id, err)
		}
		if rows, err := res.RowsAffected(); err != nil || rows != 1 {
			p, ferr := collections.FindProduct(txApp, id)
			if ferr != nil {
				return ferr
			}
			return outOfStock(first[id], p)
		}
	}
	return nil
}
