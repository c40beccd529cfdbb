package dunning

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// billedService is a service an invoice bills, directly or through one of
// its addons.
type billedService struct {
	ID          string `db:"id"`
	Name        string `db:"name"` // the product's
	Hostname    string `db:"hostname"`
	Status      string `db:"status"`
	Exempt      bool   `db:"dunning_exempt"`
	Product     string `db:"product"`
	Overrides   string `db:"overrides"`
	SuspendedAt string `db:"suspended_at"`
}

// billedServices lists the services an invoice bills, in the order of their
// first line.
func billedServices(app core.App, invoiceID string) ([]billedService, error) {
	var out []billedService
	err := app.DB().NewQuery(`
		SELECT s.id, COALESCE(p.name, '') AS name, s.hostname, s.status, s.dunning_exempt, s.product,
		       COALESCE(p.overrides, '') AS overrides, s.suspended_at
		FROM {{` + collections.InvoiceItems + `}} li
		LEFT JOIN {{` + collections.ServiceAddons + `}} sa ON li.service = '' AND sa.id = li.service_addon
		JOIN {{` + collections.Services + `}} s ON s.id = (CASE WHEN li.service != '' THEN li.service ELSE sa.service END)
		LEFT JOIN {{` + collections.Products + `}} p ON p.id = s.product
		WHERE li.invoice = {:invoice}
		GROUP BY s.id
		ORDER BY MIN(li.sort), MIN(li.id)`).Bind(dbx.Params{"invoice": invoiceID}).All(&out)
	if err != nil {
		return nil, fmt.Errorf("services of invoice %s: %w", invoiceID, err)
	}
	return out, nil
}

// ForInvoice returns the policy for one invoice and whether its customer is
// exempt (customers.dunning_exempt): an exempt customer gets no overdue
// notices, retries, suspension or termination. The policy is base with the
// override of the product of the invoice's first service line
// (products.overrides.dunning), or base when the invoice bills no service.
// One invoice has one schedule, so a mixed invoice follows its first
// service; a service marked exempt (services.dunning_exempt) is still
// reminded about but never suspended or terminated.
func ForInvoice(app core.App, base Policy, invoiceID string) (p Policy, exempt bool, err error) {
	inv, err := collections.FindInvoice(app, invoiceID)
	if err != nil {
		return Policy{}, false, fmt.Errorf("dunning: invoice %s: %w", invoiceID, err)
	}
	customer, err := collections.FindCustomer(app, inv.CustomerID())
	if err != nil {
		return Policy{}, false, fmt.Errorf("dunning: customer of invoice %s: %w", invoiceID, err)
	}
	services, err := billedServices(app, invoiceID)
	if err != nil {
		return Policy{}, false, err
	}
	p = base
	if len(services) > 0 {
		if p, err = ProductPolicy(base, []byte(services[0].Overrides)); err != nil {
			return Policy{}, false, fmt.Errorf("dunning: product %s: %w", services[0].Product, err)
		}
	}
	return p, customer.DunningExempt(), nil
}
