package pb_migrations

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// customerAuthLinks are where PocketBase's account emails send a customer:
// the storefront's own pages, not the staff dashboard PocketBase links to
// by default (/_/#/auth/…), which a customer cannot use.
var customerAuthLinks = map[string]string{
	"/_/#/auth/confirm-verification/":   "/verify-email/",
	"/_/#/auth/confirm-password-reset/": "/reset-password/",
	"/_/#/auth/confirm-email-change/":   "/confirm-email-change/",
}

func init() {
	m.Register(func(app core.App) error {
		return relinkCustomerEmails(app, func(body string) string {
			for dashboard, storefront := range customerAuthLinks {
				body = strings.ReplaceAll(body, dashboard, storefront)
			}
			return body
		})
	}, func(app core.App) error {
		return relinkCustomerEmails(app, func(body string) string {
			for dashboard, storefront := range customerAuthLinks {
				body = strings.ReplaceAll(body, "{APP_URL}"+storefront, "{APP_URL}"+dashboard)
			}
			return body
		})
	})
}

func relinkCustomerEmails(app core.App, relink func(string) string) error {
	customers, err := app.FindCollectionByNameOrId("customers")
	if err != nil {
		return err
	}
	for _, tmpl := range []*core.EmailTemplate{&customers.VerificationTemplate, &customers.ResetPasswordTemplate, &customers.ConfirmEmailChangeTemplate} {
		tmpl.Body = relink(tmpl.Body)
	}
	return app.Save(customers)
}
