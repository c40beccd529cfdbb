package notify

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/emails"
)

// ErrUnknownTemplate is returned (wrapped with the key) for a template key
// that has no default in emails/.
var ErrUnknownTemplate = errors.New("notify: unknown email template")

// TemplateFor returns the template Send uses for key: the active
// email_templates record with that key if there is one, else the embedded
// default.
func TemplateFor(app core.App, key string) (emails.Template, error) {
	def, ok := emails.Default(key)
	if !ok {
		return emails.Template{}, fmt.Errorf("%w: %q", ErrUnknownTemplate, key)
	}
	f := collections.EmailTemplateFields
	rec, err := app.FindFirstRecordByFilter(collections.EmailTemplates,
		f.Key+" = {:key} && "+f.Active+" = true", dbx.Params{"key": key})
	if errors.Is(err, sql.ErrNoRows) {
		return def, nil
	}
	if err != nil {
		return emails.Template{}, fmt.Errorf("notify: read template %s: %w", key, err)
	}
	t := collections.WrapEmailTemplate(rec)
	return emails.Template{Key: key, Subject: t.Subject(), Body: t.Body(), Description: t.Description()}, nil
}
