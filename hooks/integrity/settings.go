package integrity

import (
	"errors"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// ErrSettingsSingleton is returned when a second settings record is created
// or the only one deleted.
var ErrSettingsSingleton = errors.New("there is exactly one settings record: edit it instead")

// guardSettings keeps the settings record unique and its timezone loadable.
func guardSettings(app core.App) {
	app.OnRecordCreate(collections.Settings).BindFunc(func(e *core.RecordEvent) error {
		n, err := e.App.CountRecords(collections.Settings)
		if err != nil {
			return err
		}
		if n > 0 {
			return ErrSettingsSingleton
		}
		return e.Next()
	})
	app.OnRecordDelete(collections.Settings).BindFunc(func(e *core.RecordEvent) error {
		return ErrSettingsSingleton
	})
	validate := func(e *core.RecordEvent) error {
		tz := collections.WrapCompanySettings(e.Record).Timezone()
		if _, err := time.LoadLocation(tz); err != nil || tz == "" || tz == "Local" {
			return validation.Errors{collections.CompanySettingsFields.Timezone: validation.NewError(
				"validation_unknown_timezone", "Must be an IANA time zone such as Europe/Berlin or America/New_York.")}
		}
		return e.Next()
	}
	app.OnRecordCreate(collections.Settings).BindFunc(validate)
	app.OnRecordUpdate(collections.Settings).BindFunc(validate)
}
