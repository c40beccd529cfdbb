package dunning

import (
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/notify"
)

// invoiceData is what every dunning email says about the invoice, its
// customer and where to pay it.
func invoiceData(app core.App, inv *collections.Invoice, customer *collections.Customer, dueOn money.Date) (notify.Data, error) {
	company, err := notify.LoadCompany(app)
	if err != nil {
		return notify.Data{}, err
	}
	issuedOn, _ := parseStoredDate(inv.IssuedAt().String())
	d := notify.Data{
		Company:  company,
		Customer: notify.Customer{Name: customer.Name(), Email: customer.Email()},
		Invoice: notify.Invoice{ID: inv.Id, Number: inv.Number(), Currency: inv.Currency(), Total: inv.Total(), AmountDue: inv.AmountDue(),
			IssuedAt: humanDay(issuedOn), DueAt: humanDay(dueOn)},
	}
	if base := strings.TrimRight(company.URL, "/"); base != "" {
		d.Links.ClientArea = base + "/client/"
		d.Links.Invoice = base + "/client/invoices/" + inv.Id
	}
	return d, nil
}

// serviceData is the service as its emails name it: the product's name and
// the hostname the customer knows it by.
func serviceData(app core.App, svc *collections.Service, loc *time.Location) (notify.Service, error) {
	product, err := collections.FindProduct(app, svc.ProductID())
	if err != nil {
		return notify.Service{}, err
	}
	return notify.Service{
		ID: svc.Id, Name: product.Name(), Hostname: svc.Hostname(), Status: string(svc.Status()),
		SuspendReason: svc.SuspendReason(),
		SuspendedAt:   humanTime(svc.SuspendedAt(), loc),
		TerminatedAt:  humanTime(svc.TerminatedAt(), loc),
	}, nil
}
