package accounts

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// Register wires the accounts hooks.
func Register(app core.App) {
	app.OnRecordEnrich(collections.Customers, collections.Staff).BindFunc(showEmailsToStaff)
	app.OnRecordCreate(collections.Customers).BindFunc(checkCustomerCurrency)
	app.OnRecordUpdate(collections.Customers).BindFunc(checkCustomerCurrency)

	// e.AuthMethod tells which method completed the sign-in.
	app.OnRecordAuthRequest(collections.Customers, collections.Staff).BindFunc(func(e *core.RecordAuthRequestEvent) error {
		method := collections.LoginRecordMethod(e.AuthMethod)
		switch method {
		case collections.LoginRecordMethodPassword, collections.LoginRecordMethodOTP, collections.LoginRecordMethodOAuth2:
		default:
			method = ""
		}
		return recordLogin(method)(e)
	})
}
