package notify

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// LoadCompany reads the sender's details from the settings record: the
// name, the contact email and the storefront URL.
func LoadCompany(app core.App) (Company, error) {
	rec, err := app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		return Company{}, fmt.Errorf("notify: read settings: %w", err)
	}
	s := collections.WrapCompanySettings(rec)
	return Company{Name: s.CompanyName(), Email: s.CompanyEmail(), URL: s.StorefrontURL()}, nil
}
