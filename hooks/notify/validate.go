package notify

import (
	"errors"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/emails"
)

// validateTemplates refuses an email_templates record, from the API or from
// Go, whose key has no default or whose subject or body does not render
// with SampleData: a broken override would otherwise surface as failed
// customer emails, long after the edit.
func validateTemplates(app core.App) {
	app.OnRecordValidate(collections.EmailTemplates).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return checkTemplate(collections.WrapEmailTemplate(e.Record))
	})
}

// checkTemplate returns validation.Errors naming the field at fault.
func checkTemplate(t *collections.EmailTemplate) error {
	f := collections.EmailTemplateFields
	sample, ok := SampleData(t.Key())
	if !ok {
		return validation.Errors{f.Key: validation.NewError("validation_unknown_email_template",
			"Must be one of: "+strings.Join(emails.Keys(), ", ")+".")}
	}
	_, err := emails.Render(emails.Template{Key: t.Key(), Subject: t.Subject(), Body: t.Body()}, sample)
	var re *emails.Error
	if errors.As(err, &re) {
		field := map[string]string{"subject": f.Subject, "body": f.Body}[re.Field]
		return validation.Errors{field: validation.NewError("validation_invalid_email_template",
			"Does not render: "+re.Err.Error())}
	}
	return err
}
