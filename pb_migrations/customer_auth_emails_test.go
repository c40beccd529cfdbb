package pb_migrations_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// A customer's verification, password-reset and email-change links open
// the storefront's pages, never the staff dashboard; staff keep PocketBase's.
func TestCustomerAccountEmailsLinkToTheStorefront(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()

	customers, err := app.FindCollectionByNameOrId("customers")
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		tmpl core.EmailTemplate
		link string
	}{
		"verification": {customers.VerificationTemplate, "{APP_URL}/verify-email/{TOKEN}"},
		"password":     {customers.ResetPasswordTemplate, "{APP_URL}/reset-password/{TOKEN}"},
		"email change": {customers.ConfirmEmailChangeTemplate, "{APP_URL}/confirm-email-change/{TOKEN}"},
	} {
		if !strings.Contains(c.tmpl.Body, c.link) || strings.Contains(c.tmpl.Body, "/_/") {
			t.Errorf("%s email: want a link to %s, got\n%s", name, c.link, c.tmpl.Body)
		}
	}

	staff, err := app.FindCollectionByNameOrId("staff")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(staff.ResetPasswordTemplate.Body, "/_/#/auth/confirm-password-reset/") {
		t.Errorf("staff reset their password in the dashboard; got\n%s", staff.ResetPasswordTemplate.Body)
	}
}
