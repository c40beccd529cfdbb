package shop

import (
	"database/sql"
	"errors"
	"net/http"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/request"
)

// progressAnswer is what GET /api/hb/orders/{id}/progress answers.
type progressAnswer struct {
	Order    string            `json:"order"`
	Number   string            `json:"order_number"`
	Status   string            `json:"status"`
	Invoice  *progressInvoice  `json:"invoice"`
	Services []progressService `json:"services"`
}

type progressInvoice struct {
	ID        string `json:"id"`
	Number    string `json:"number"`
	Status    string `json:"status"`
	AmountDue int64  `json:"amount_due"`
	Currency  string `json:"currency"`
}

type progressService struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Status   string `json:"status"`
	Hostname string `json:"hostname"`
	IP       string `json:"ip"`
	// Provisioning is the status of the service's latest provisioning
	// job: queued, running, done, failed (retrying), dead, or "" (none).
	Provisioning string `json:"provisioning"`
	// Message says where the service is, for the customer: never a
	// panel's error text, which is for staff.
	Message string `json:"message"`
}

// orderProgressRoute: GET /api/hb/orders/{id}/progress — the order's
// customer (or staff) reads how far the order has got: the invoice, and
// each service's status and provisioning, for the confirmation page to
// poll or to re-read when a realtime event about a service arrives.
// Anyone else is told there is no such order.
func orderProgressRoute(e *core.RequestEvent) error {
	order, err := collections.FindOrder(e.App, e.Request.PathValue("id"))
	customer := request.CustomerID(e)
	if err != nil || !(request.IsStaff(e) || (customer != "" && customer == order.CustomerID())) {
		return e.NotFoundError("No such order.", nil)
	}
	out := progressAnswer{Order: order.Id, Number: order.Number(), Status: string(order.Status()), Services: []progressService{}}
	if inv, err := collections.FindInvoice(e.App, order.InvoiceID()); err == nil {
		out.Invoice = &progressInvoice{ID: inv.Id, Number: inv.Number(), Status: string(inv.Status()), AmountDue: inv.AmountDue(), Currency: inv.Currency()}
	}

	sf := collections.ServiceFields
	var services []struct {
		ID       string `db:"id"`
		Status   string `db:"status"`
		Hostname string `db:"hostname"`
		IP       string `db:"ip"`
		Name     string `db:"name"`
	}
	err = e.App.DB().Select("s.id AS id", "s."+sf.Status+" AS status", "s."+sf.Hostname+" AS hostname", "s."+sf.IP+" AS ip", "p.name AS name").
		From(collections.Services+" s").
		InnerJoin(collections.Products+" p", dbx.NewExp("p.id = s."+sf.Product)).
		Where(dbx.HashExp{"s." + sf.Order: order.Id}).
		OrderBy("s.created", "s.id").All(&services)
	if err != nil {
		return err
	}
	for _, s := range services {
		job, err := latestJob(e.App, s.ID)
		if err != nil {
			return err
		}
		out.Services = append(out.Services, progressService{ID: s.ID, Name: s.Name, Status: s.Status, Hostname: s.Hostname, IP: s.IP,
			Provisioning: job, Message: progressMessage(s.Status, job, out.Invoice)})
	}
	return e.JSON(http.StatusOK, out)
}

// latestJob is the status of a service's latest provisioning job, "" when
// it has none.
func latestJob(app core.App, service string) (string, error) {
	f := collections.ProvisioningJobFields
	var status string
	err := app.DB().Select(f.Status).From(collections.ProvisioningJobs).
		Where(dbx.HashExp{f.Service: service}).OrderBy(f.Created+" DESC", "rowid DESC").Limit(1).Row(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return status, err
}

// progressMessage tells the customer where a service is.
func progressMessage(status, job string, inv *progressInvoice) string {
	switch collections.ServiceStatus(status) {
	case collections.ServiceStatusPending:
		if inv != nil && inv.Status == string(collections.InvoiceStatusUnpaid) {
			return "Waiting for payment."
		}
		return "Waiting to be set up by our team."
	case collections.ServiceStatusProvisioning:
		switch collections.ProvisioningJobStatus(job) {
		case collections.ProvisioningJobStatusRunning:
			return "Setting up your service."
		case collections.ProvisioningJobStatusFailed:
			return "Setting up is taking longer than usual; we keep trying."
		case collections.ProvisioningJobStatusDead:
			return "Setting up needs our team; they have been told."
		}
		return "Queued to be set up."
	case collections.ServiceStatusActive:
		return "Ready."
	case collections.ServiceStatusFailed:
		return "Setting up failed; our team has been told and will retry."
	case collections.ServiceStatusSuspended:
		return "Suspended."
	case collections.ServiceStatusCancelled, collections.ServiceStatusTerminated:
		return "Closed."
	}
	return ""
}
