package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// initialSchema lists every family of the first release's schema, in the
// order their collections are created.
func initialSchema() []collectionSpec {
	var all []collectionSpec
	for _, family := range [][]collectionSpec{
		peopleSchema, catalogSchema, ordersSchema, billingSchema,
		provisioningSchema, supportSchema, growthSchema, operationsSchema,
	} {
		all = append(all, family...)
	}
	return all
}

func init() {
	m.Register(func(app core.App) error {
		if err := dropDefaultUsers(app); err != nil {
			return err
		}
		return applySchema(app, initialSchema())
	}, func(app core.App) error {
		return dropSchema(app, initialSchema())
	})
}

// dropDefaultUsers removes PocketBase's starter "users" collection: Hostbase's
// people are customers and staff, and an unused auth collection with open
// signup would be a door nobody watches.
func dropDefaultUsers(app core.App) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return nil // already gone
	}
	n, err := app.CountRecords(users)
	if err != nil || n > 0 {
		return err
	}
	return app.Delete(users)
}
