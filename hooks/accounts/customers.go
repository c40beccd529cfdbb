// Package accounts owns customers and staff: the defaults and checks of their
// records and the login history both see in their profile.
package accounts

import (
	"fmt"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// checkCustomerCurrency gives a new customer the shop's default currency and
// refuses a currency the shop does not sell in.
func checkCustomerCurrency(e *core.RecordEvent) error {
	c := collections.WrapCustomer(e.Record)
	code := c.Currency()
	if code == "" {
		var def string
		err := e.App.DB().Select(collections.CurrencyFields.Code).From(collections.Currencies).
			Where(dbx.HashExp{collections.CurrencyFields.IsDefault: true}).Limit(1).Row(&def)
		if err == nil {
			c.SetCurrency(def)
		}
		return e.Next()
	}
	if !e.Record.IsNew() && e.Record.Original().GetString(collections.CustomerFields.Currency) == code {
		return e.Next()
	}
	var active int
	err := e.App.DB().Select("count(*)").From(collections.Currencies).
		Where(dbx.HashExp{collections.CurrencyFields.Code: code, collections.CurrencyFields.Active: true}).Row(&active)
	if err != nil {
		return err
	}
	if active == 0 {
		return validation.Errors{collections.CustomerFields.Currency: validation.NewError(
			"validation_unknown_currency", fmt.Sprintf("%q is not a currency this shop sells in.", code))}
	}
	return e.Next()
}
