package integrity

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// createDefaults are the values a new record gets for fields left empty.
// Clients may not set several of these at all (the API rules refuse them),
// so the default is what every new record starts with.
var createDefaults = map[string]map[string]any{
	collections.Customers: {
		collections.CustomerFields.Status: string(collections.CustomerStatusActive),
	},
	collections.Products: {
		collections.ProductFields.AutoSetup: string(collections.ProductAutoSetupOnPayment),
	},
	collections.Coupons: {
		collections.CouponFields.AppliesTo: string(collections.CouponAppliesToFirstInvoice),
	},
	collections.ServerGroups: {
		collections.ServerGroupFields.Strategy: string(collections.ServerGroupStrategyLeastFull),
	},
	collections.Tickets: {
		collections.TicketFields.Status:   string(collections.TicketStatusOpen),
		collections.TicketFields.Priority: string(collections.TicketPriorityMedium),
	},
	collections.TicketMessages: {
		collections.TicketMessageFields.Source: string(collections.TicketMessageSourceWeb),
	},
	collections.Affiliates: {
		collections.AffiliateFields.PayoutMethod: string(collections.AffiliatePayoutMethodCredit),
	},
}

func applyDefaults(app core.App) {
	var names []string
	for name := range createDefaults {
		names = append(names, name)
	}
	app.OnRecordCreate(names...).BindFunc(func(e *core.RecordEvent) error {
		for field, v := range createDefaults[e.Record.Collection().Name] {
			if e.Record.GetString(field) == "" {
				e.Record.Set(field, v)
			}
		}
		return e.Next()
	})
}
