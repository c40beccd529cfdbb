package affiliates

import (
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/routine"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/notify"
)

// Template keys of the affiliate programme's emails (emails/templates).
const (
	EmailCommissionsApproved  = "affiliate_commissions_approved"
	EmailPayoutPaid           = "affiliate_payout_paid"
	EmailPayoutRejected       = "affiliate_payout_rejected"
	EmailStaffPayoutRequested = "staff_affiliate_payout_requested"
)

// bindPayoutEmails mails about a payout once it is committed, whatever
// wrote it: billing staff hear of a manual request; the affiliate hears
// that it was paid (to credit at once, or by hand) or refused. Each email
// is sent once per payout and outcome (its dedupe key), so a payout saved
// again sends nothing more.
func bindPayoutEmails(app core.App) {
	mail := func(e *core.RecordEvent) error {
		// A copy for the goroutine: the event stays its caller's.
		payout := collections.WrapPayout(e.Record.Fresh())
		if e.App.Settings().SMTP.Enabled {
			app := e.App
			routine.FireAndForget(func() { logMail(app, payoutEmail(app, payout)) })
		}
		return e.Next()
	}
	app.OnRecordAfterCreateSuccess(collections.AffiliatePayouts).BindFunc(mail)
	app.OnRecordAfterUpdateSuccess(collections.AffiliatePayouts).BindFunc(mail)
}

func payoutEmail(app core.App, p *collections.Payout) error {
	data, affiliate, customer, err := affiliateMail(app, p.AffiliateID())
	if err != nil {
		return err
	}
	commissions, err := countCommissions(app, p.Id)
	if err != nil {
		return err
	}
	data.Affiliate.Amount, data.Affiliate.Currency, data.Affiliate.Commissions = p.Amount(), p.Currency(), commissions
	data.Affiliate.Method, data.Affiliate.Reference, data.Affiliate.Note = string(p.Method()), p.Reference(), p.Note()
	msg := notify.Message{To: customer.Email(), ToName: data.Customer.Name, Customer: customer.Id,
		RelatedCollection: collections.AffiliatePayouts, RelatedID: p.Id}
	switch p.Status() {
	case collections.PayoutStatusRequested:
		if data.Company.Email == "" {
			return nil
		}
		data.Affiliate.Details = affiliate.PayoutDetails()
		data.Affiliate.Link = staffPayoutsLink(data.Company.URL)
		msg.To, msg.ToName, msg.Customer = data.Company.Email, data.Company.Name, ""
		msg.Template = EmailStaffPayoutRequested
	case collections.PayoutStatusPaid:
		msg.Template = EmailPayoutPaid
	case collections.PayoutStatusRejected:
		msg.Template = EmailPayoutRejected
	default:
		return nil
	}
	msg.Data, msg.DedupeKey = data, msg.Template+":"+p.Id
	return notify.Send(app, msg)
}

// notifyApproved tells each affiliate what the approval at now made
// payable, one email per currency; approved_at keeps the first approval's
// time, so a repeated run finds nothing new to announce.
func notifyApproved(app core.App, now string) {
	if !app.Settings().SMTP.Enabled {
		return
	}
	cf := collections.CommissionFields
	var groups []struct {
		Affiliate string `db:"affiliate"`
		Currency  string `db:"currency"`
		Amount    int64  `db:"amount"`
		Count     int    `db:"n"`
	}
	err := app.DB().Select(cf.Affiliate+" AS affiliate", cf.Currency+" AS currency", "SUM("+cf.Amount+") AS amount", "COUNT(*) AS n").
		From(collections.Commissions).
		Where(dbx.HashExp{cf.Status: string(collections.CommissionStatusApproved), cf.ApprovedAt: now}).
		GroupBy(cf.Affiliate, cf.Currency).All(&groups)
	if err != nil {
		app.Logger().Warn("affiliate email: approved commissions", "error", err)
		return
	}
	for _, g := range groups {
		data, _, customer, err := affiliateMail(app, g.Affiliate)
		if err != nil {
			logMail(app, err)
			continue
		}
		data.Affiliate.Amount, data.Affiliate.Currency, data.Affiliate.Commissions = g.Amount, g.Currency, g.Count
		logMail(app, notify.Send(app, notify.Message{Template: EmailCommissionsApproved, To: customer.Email(), ToName: data.Customer.Name,
			Customer: customer.Id, Data: data, DedupeKey: EmailCommissionsApproved + ":" + g.Affiliate + ":" + g.Currency + ":" + now,
			RelatedCollection: collections.Affiliates, RelatedID: g.Affiliate}))
	}
}

// affiliateMail reads an affiliate, its customer and what every affiliate
// email shares.
func affiliateMail(app core.App, affiliateID string) (notify.Data, *collections.Affiliate, *collections.Customer, error) {
	affiliate, err := collections.FindAffiliate(app, affiliateID)
	if err != nil {
		return notify.Data{}, nil, nil, err
	}
	customer, err := collections.FindCustomer(app, affiliate.CustomerID())
	if err != nil {
		return notify.Data{}, nil, nil, err
	}
	company, err := notify.LoadCompany(app)
	if err != nil {
		return notify.Data{}, nil, nil, err
	}
	data := notify.Data{
		Company:   company,
		Customer:  notify.Customer{Name: customer.Name(), Email: customer.Email()},
		Affiliate: notify.Affiliate{Code: affiliate.Code()},
	}
	if base := strings.TrimRight(company.URL, "/"); base != "" {
		data.Links.ClientArea = base + "/client/"
		data.Affiliate.Link = base + "/client/affiliate"
	}
	return data, affiliate, customer, nil
}

// staffPayoutsLink is the staff pages' payout queue, where billing staff
// mark a payout paid or refuse it.
func staffPayoutsLink(site string) string {
	base := strings.TrimRight(site, "/")
	if base == "" {
		return ""
	}
	return base + "/staff/payouts"
}

// logMail logs a failed email; mail never holds up the programme.
func logMail(app core.App, err error) {
	if err != nil {
		app.Logger().Warn("affiliate email", "error", err)
	}
}
