package notify

import "github.com/pocketbase/pocketbase/core"

// Register binds the validation of email_templates records. It seeds
// nothing: the defaults stay embedded in emails/, and a record only
// overrides one.
func Register(app core.App) {
	validateTemplates(app)
}
