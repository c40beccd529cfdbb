package provisioning

import (
	"sort"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/notify"
)

// Template keys of the provisioning emails (emails/templates).
const (
	EmailServiceWelcome          = "service_welcome"
	EmailStaffProvisioningFailed = "staff_provisioning_failed"
)

// The emails go after the commit of what they tell, once each (a dedupe
// key of record ids), and only when mail is set up; a failure is logged
// and never holds up the queue.

// sendWelcome emails the customer their new service's login details.
func (q *Queue) sendWelcome(serviceID string) {
	app := q.app
	if !app.Settings().SMTP.Enabled {
		return
	}
	svc, customer, data, ok := serviceMail(app, serviceID)
	if !ok || svc.Status() != collections.ServiceStatusActive {
		return
	}
	creds, err := openObject(keyring(app), collections.Services+"."+collections.ServiceFields.Credentials, svc.Credentials())
	if err != nil {
		app.Logger().Warn("provisioning: welcome email", "service", serviceID, "error", err)
	}
	keys := make([]string, 0, len(creds))
	for k := range creds {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		data.Service.Credentials = append(data.Service.Credentials, notify.Credential{Label: credentialLabel(k), Value: creds[k]})
	}
	logMail(app, notify.Send(app, notify.Message{Template: EmailServiceWelcome, To: customer.Email(), ToName: customer.Name(), Customer: customer.Id,
		Data: data, DedupeKey: EmailServiceWelcome + ":" + svc.Id, RelatedCollection: collections.Services, RelatedID: svc.Id}))
}

// alertStaff tells the company a job is dead.
func (q *Queue) alertStaff(jobID string) {
	app := q.app
	if !app.Settings().SMTP.Enabled {
		return
	}
	job, err := collections.FindProvisioningJob(app, jobID)
	if err != nil {
		return
	}
	_, _, data, ok := serviceMail(app, job.ServiceID())
	if !ok || data.Company.Email == "" {
		return
	}
	data.Job = notify.Job{ID: job.Id, Action: string(job.Action()), Attempts: job.Attempts(), ErrorKind: string(job.ErrorKind()), Error: job.LastError()}
	if job.ServerID() != "" {
		if server, err := collections.FindServer(app, job.ServerID()); err == nil {
			data.Job.Plugin, data.Job.Server = server.Plugin(), server.Name()
		}
	}
	if base := strings.TrimRight(data.Company.URL, "/"); base != "" {
		data.Job.Link = base + "/_/#/collections?collection=" + collections.ProvisioningJobs + "&recordId=" + job.Id
	}
	// One alert per death: a retried job that dies again alerts again.
	key := EmailStaffProvisioningFailed + ":" + job.Id + ":" + job.FinishedAt().String()
	logMail(app, notify.Send(app, notify.Message{Template: EmailStaffProvisioningFailed, To: data.Company.Email, ToName: data.Company.Name,
		Data: data, DedupeKey: key, RelatedCollection: collections.ProvisioningJobs, RelatedID: job.Id}))
}

// serviceMail reads a service, its customer and the data every
// provisioning email shares.
func serviceMail(app core.App, serviceID string) (*collections.Service, *collections.Customer, notify.Data, bool) {
	svc, err := collections.FindService(app, serviceID)
	if err != nil {
		return nil, nil, notify.Data{}, false
	}
	customer, err := collections.FindCustomer(app, svc.CustomerID())
	if err != nil {
		return nil, nil, notify.Data{}, false
	}
	company, err := notify.LoadCompany(app)
	if err != nil {
		logMail(app, err)
		return nil, nil, notify.Data{}, false
	}
	name := ""
	if product, err := collections.FindProduct(app, svc.ProductID()); err == nil {
		name = product.Name()
	}
	var extra []string
	_ = svc.UnmarshalExtraIPs(&extra)
	data := notify.Data{
		Company:  company,
		Customer: notify.Customer{Name: customer.Name(), Email: customer.Email()},
		Service: notify.Service{ID: svc.Id, Name: name, Hostname: svc.Hostname(), Status: string(svc.Status()),
			IP: svc.IP(), ExtraIPs: extra, Username: svc.Username()},
	}
	if base := strings.TrimRight(company.URL, "/"); base != "" {
		data.Links.ClientArea = base + "/client/services/" + svc.Id
	}
	return svc, customer, data, true
}

// credentialLabel turns a credential key into words: "root_password" →
// "Root password".
func credentialLabel(key string) string {
	words := strings.ReplaceAll(strings.ReplaceAll(key, "_", " "), "-", " ")
	if words == "" {
		return key
	}
	return strings.ToUpper(words[:1]) + words[1:]
}

func logMail(app core.App, err error) {
	if err != nil {
		app.Logger().Warn("provisioning email", "error", err)
	}
}
