package billing

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing/invoicecalc"
	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
)

// maxCatchUp bounds how many periods one run invoices for a service that
// fell behind (a service restored from a backup, a run skipped for months).
const maxCatchUp = 36

// renewal is one run's renewal step: it invoices every service (and addon)
// whose next invoice date has come, one invoice per customer, due date and
// currency, and moves each service's dates on by the periods invoiced.
type renewal struct {
	app    core.App
	policy *Policy
	asOf   money.Date
	now    types.DateTime
	report *Report
	batch  int

	products map[string]productInfo
	coupons  map[string]*couponRecord // by id, loaded as services name them
}

type productInfo struct {
	Name          string
	TaxExempt     bool
	DaysInAdvance int
}

// dueService is a service row as the renewal query reads it.
type dueService struct {
	ID          string `db:"id"`
	Customer    string `db:"customer"`
	Product     string `db:"product"`
	Cycle       string `db:"cycle"`
	Currency    string `db:"currency"`
	Amount      int64  `db:"recurring_amount"`
	Anchor      string `db:"anchor_date"`
	NextDue     string `db:"next_due_date"`
	NextInvoice string `db:"next_invoice_date"`
	Hostname    string `db:"hostname"`
	Coupon      string `db:"coupon"`
	Order       string `db:"order"`
}

type dueAddon struct {
	ID       string `db:"id"`
	Service  string `db:"service"`
	Addon    string `db:"addon"`
	Name     string `db:"name"`
	Cycle    string `db:"cycle"`
	Currency string `db:"currency"`
	Quantity int64  `db:"quantity"`
	Amount   int64  `db:"recurring_amount"`
	Anchor   string `db:"anchor_date"`
	NextDue  string `db:"next_due_date"`
}

type customerInfo struct {
	ID        string `db:"id"`
	Name      string `db:"name"`
	Company   string `db:"company"`
	Email     string `db:"email"`
	Line1     string `db:"address_line1"`
	Line2     string `db:"address_line2"`
	City      string `db:"city"`
	State     string `db:"state"`
	Postcode  string `db:"postcode"`
	Country   string `db:"country"`
	TaxID     string `db:"tax_id"`
	TaxExempt bool   `db:"tax_exempt"`
}

// pendingLine is a line waiting for its invoice.
type pendingLine struct {
	input                  invoicecalc.LineInput
	service, addon         string
	periodStart, periodEnd money.Date
}

type groupKey struct {
	customer string
	due      money.Date
	currency string
}

// datesUpdate moves a service's or addon's dates on.
type datesUpdate struct {
	table, id            string
	nextDue, nextInvoice money.Date
}

func (r *renewal) loadProducts() error {
	var rows []struct {
		ID        string        `db:"id"`
		Name      string        `db:"name"`
		TaxExempt bool          `db:"tax_exempt"`
		Overrides types.JSONRaw `db:"overrides"`
	}
	f := collections.ProductFields
	if err := r.app.DB().Select(f.ID, f.Name, f.TaxExempt, f.Overrides).From(collections.Products).All(&rows); err != nil {
		return fmt.Errorf("load products: %w", err)
	}
	r.products = make(map[string]productInfo, len(rows))
	for _, p := range rows {
		info := productInfo{Name: p.Name, TaxExempt: p.TaxExempt, DaysInAdvance: r.policy.DaysInAdvance}
		var o struct {
			DaysInAdvance *int `json:"renewal_days_in_advance"`
		}
		if len(p.Overrides) > 0 && json.Unmarshal(p.Overrides, &o) == nil && o.DaysInAdvance != nil && *o.DaysInAdvance >= 0 {
			info.DaysInAdvance = *o.DaysInAdvance
		}
		r.products[p.ID] = info
	}
	return nil
}

// dueServices lists the services whose next invoice date has come, ordered
// by customer and due date so that a chunk never splits an invoice.
func (r *renewal) dueServices() ([]dueService, error) {
	f := collections.ServiceFields
	var out []dueService
	err := r.app.DB().Select(f.ID, f.Customer, f.Product, f.Cycle, f.Currency, f.RecurringAmount, f.AnchorDate, f.NextDueDate, f.NextInvoiceDate, f.Hostname, f.Coupon, "[["+f.Order+"]]").
		From(collections.Services).
		Where(dbx.In(f.Status, string(collections.ServiceStatusActive), string(collections.ServiceStatusSuspended))).
		AndWhere(dbx.NewExp("[["+f.Cycle+"]] != {:onetime}", dbx.Params{"onetime": string(money.OneTime)})).
		AndWhere(dbx.NewExp("[["+f.NextInvoiceDate+"]] != '' AND [["+f.NextInvoiceDate+"]] <= {:asof}", dbx.Params{"asof": storedDate(r.asOf)})).
		// A service cancelled at the end of its period is not renewed past it.
		AndWhere(dbx.NewExp("([["+f.CancelAt+"]] = '' OR [["+f.CancelAt+"]] > [["+f.NextDueDate+"]])")).
		OrderBy(f.Customer, f.NextDueDate, f.ID).
		All(&out)
	return out, err
}

// run invoices every due service, chunk by chunk, each chunk in one
// transaction.
func (r *renewal) run(ctx context.Context) error {
	if err := r.loadProducts(); err != nil {
		return err
	}
	due, err := r.dueServices()
	if err != nil {
		return fmt.Errorf("find due services: %w", err)
	}
	for start := 0; start < len(due); {
		end := start + r.batch
		if end > len(due) {
			end = len(due)
		}
		// A chunk ends between invoices: never inside one customer's due date.
		for end < len(due) && due[end].Customer == due[end-1].Customer && due[end].NextDue == due[end-1].NextDue {
			end++
		}
		if err := context.Cause(ctx); err != nil {
			return fmt.Errorf("renewals stopped after %d of %d services: %w", start, len(due), err)
		}
		if err := r.chunk(due[start:end]); err != nil {
			return err
		}
		start = end
	}
	return nil
}

// periods returns the periods of a service (or addon) due by the run's day,
// and its dates after them.
func (r *renewal) periods(anchorText, nextDueText string, cycle money.Cycle, daysInAdvance int) (starts, ends []money.Date, next money.Date, err error) {
	next, err = parseStoredDate(nextDueText)
	if err != nil || next.IsZero() {
		return nil, nil, next, fmt.Errorf("next_due_date %q: %v", nextDueText, err)
	}
	anchor, err := parseStoredDate(anchorText)
	if err != nil {
		return nil, nil, next, fmt.Errorf("anchor_date %q: %w", anchorText, err)
	}
	if anchor.IsZero() {
		anchor = next
	}
	for i := 0; i < maxCatchUp; i++ {
		if next.AddDays(-daysInAdvance).After(r.asOf) {
			break
		}
		n := money.PeriodIndex(anchor, cycle, next)
		if n < 0 {
			return nil, nil, next, fmt.Errorf("next due date %s is before the anchor %s", next, anchor)
		}
		starts = append(starts, next)
		ends = append(ends, money.PeriodEnd(anchor, cycle, n))
		next = money.AddCycles(anchor, cycle, n+1)
	}
	return starts, ends, next, nil
}

func (r *renewal) chunk(services []dueService) error {
	ids := make([]any, len(services))
	customerIDs := map[string]bool{}
	for i, s := range services {
		ids[i] = s.ID
		customerIDs[s.Customer] = true
	}

	customers, err := r.loadCustomers(customerIDs)
	if err != nil {
		return err
	}
	addons, err := r.dueAddons(ids)
	if err != nil {
		return err
	}
	invoiced, err := r.alreadyInvoiced(ids)
	if err != nil {
		return err
	}
	discounted, err := r.discountedPeriods(services)
	if err != nil {
		return err
	}
	redemptions := map[[2]string]bool{} // (coupon, order) whose count moved
	credits, err := r.pendingCredits(ids)
	if err != nil {
		return err
	}
	var carried []carriedCredit

	groups := map[groupKey][]pendingLine{}
	var updates []datesUpdate
	for _, s := range services {
		prod := r.products[s.Product]
		cycle := money.Cycle(s.Cycle)
		starts, ends, next, err := r.periods(s.Anchor, s.NextDue, cycle, prod.DaysInAdvance)
		if err != nil {
			r.report.fail("service %s: %v", s.ID, err)
			continue
		}
		for i, start := range starts {
			if invoiced[lineKey{s.ID, "", start}] {
				r.report.AlreadyInvoiced++
				continue
			}
			desc := prod.Name
			if s.Hostname != "" {
				desc += " (" + s.Hostname + ")"
			}
			k := groupKey{s.Customer, start, s.Currency}
			groups[k] = append(groups[k], pendingLine{
				input:       invoicecalc.LineInput{Kind: string(collections.InvoiceItemKindService), Description: desc, Quantity: 1, UnitAmount: s.Amount, Taxable: !prod.TaxExempt, Ref: s.ID},
				service:     s.ID,
				periodStart: start, periodEnd: ends[i],
			})
			r.report.ServicePeriods++
			off, label := r.renewalDiscount(s, discounted[s.ID])
			if off > 0 {
				groups[k] = append(groups[k], pendingLine{
					input:   invoicecalc.LineInput{Kind: string(collections.InvoiceItemKindDiscount), Description: label, Quantity: 1, UnitAmount: -off, Taxable: !prod.TaxExempt, Ref: s.ID},
					service: s.ID, periodStart: start, periodEnd: ends[i],
				})
				discounted[s.ID]++
				redemptions[[2]string{s.Coupon, s.Order}] = true
				r.report.Discounts++
			}
			if pc := credits[s.ID]; len(pc) > 0 {
				c := carriedCredit{customer: s.Customer, currency: s.Currency, taxable: !prod.TaxExempt, group: k}
				var owed int64
				for _, p := range pc {
					owed += p.Credit - p.Charge
					c.changes = append(c.changes, p.Change)
				}
				line := min(owed, s.Amount-off)
				c.rest = owed - line
				if line > 0 {
					groups[k] = append(groups[k], pendingLine{
						input:   invoicecalc.LineInput{Kind: string(collections.InvoiceItemKindCredit), Description: "Credit for an earlier downgrade", Quantity: 1, UnitAmount: -line, Taxable: !prod.TaxExempt, Ref: s.ID},
						service: s.ID, periodStart: start, periodEnd: ends[i],
					})
				}
				carried = append(carried, c)
				delete(credits, s.ID)
			}
		}
		if len(starts) > 0 {
			updates = append(updates, datesUpdate{collections.Services, s.ID, next, next.AddDays(-prod.DaysInAdvance)})
		}
	}
	byID := make(map[string]*dueService, len(services))
	for i := range services {
		byID[services[i].ID] = &services[i]
	}
	for _, a := range addons {
		svc := byID[a.Service]
		if svc == nil {
			continue
		}
		prod := r.products[svc.Product]
		starts, ends, next, err := r.periods(a.Anchor, a.NextDue, money.Cycle(a.Cycle), prod.DaysInAdvance)
		if err != nil {
			r.report.fail("service addon %s: %v", a.ID, err)
			continue
		}
		for i, start := range starts {
			if invoiced[lineKey{a.Service, a.ID, start}] {
				r.report.AlreadyInvoiced++
				continue
			}
			k := groupKey{svc.Customer, start, a.Currency}
			groups[k] = append(groups[k], pendingLine{
				input:   invoicecalc.LineInput{Kind: string(collections.InvoiceItemKindAddon), Description: a.Name, Quantity: a.Quantity, UnitAmount: a.Amount, Taxable: !prod.TaxExempt, Ref: a.ID},
				service: a.Service, addon: a.ID,
				periodStart: start, periodEnd: ends[i],
			})
			r.report.AddonPeriods++
		}
		if len(starts) > 0 {
			updates = append(updates, datesUpdate{collections.ServiceAddons, a.ID, next, next.AddDays(-prod.DaysInAdvance)})
		}
	}

	keys := make([]groupKey, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].customer != keys[j].customer {
			return keys[i].customer < keys[j].customer
		}
		if c := keys[i].due.Compare(keys[j].due); c != 0 {
			return c < 0
		}
		return keys[i].currency < keys[j].currency
	})

	// Compute every invoice before the transaction: it only writes.
	type computed struct {
		key   groupKey
		lines []pendingLine
		inv   invoicecalc.Invoice
		cust  customerInfo
	}
	var invoices []computed
	applied := map[string]tax.Applied{}
	for _, k := range keys {
		cust, ok := customers[k.customer]
		if !ok {
			r.report.fail("customer %s of a due service is missing", k.customer)
			continue
		}
		a, ok := applied[k.customer]
		if !ok {
			buyer := tax.Party{Country: cust.Country, State: cust.State, VATID: cust.TaxID, Exempt: cust.TaxExempt}
			a, err = tax.Resolve(context.Background(), r.policy.Seller, buyer, r.policy.TaxRules, tax.Options{ReverseCharge: r.policy.ReverseCharge})
			if err != nil {
				r.report.fail("tax for customer %s: %v", k.customer, err)
				continue
			}
			applied[k.customer] = a
		}
		inputs := make([]invoicecalc.LineInput, len(groups[k]))
		for i, l := range groups[k] {
			inputs[i] = l.input
		}
		// Compute checks the invariants; the row writer checks again before SQL.
		inv, err := invoicecalc.Compute(k.currency, r.policy.TaxMode, a, inputs)
		if err != nil {
			r.report.fail("invoice for customer %s due %s: %v", k.customer, k.due, err)
			continue
		}
		invoices = append(invoices, computed{k, groups[k], inv, cust})
	}

	return r.app.RunInTransaction(func(tx core.App) error {
		w, err := newRowWriter(tx)
		if err != nil {
			return err
		}
		defer w.close()
		numbers, err := NextNumbers(tx, SeriesInvoice, r.policy.InvoicePattern, r.policy.YearlyReset, r.asOf, r.now, len(invoices))
		if err != nil {
			return err
		}
		for i, c := range invoices {
			number := numbers[i]
			h := invoiceHeader{
				ID: newID(), Number: number, Series: SeriesInvoice, Kind: string(collections.InvoiceKindInvoice),
				Customer: c.key.customer, Status: string(collections.InvoiceStatusUnpaid),
				IssuedOn: r.asOf, DueOn: c.key.due, BillingAddress: c.cust.snapshot(), Seller: r.policy.SellerSnapshot,
			}
			items := make([]itemRow, len(c.lines))
			for i, l := range c.lines {
				items[i] = itemRow{Service: l.service, ServiceAddon: l.addon, PeriodStart: l.periodStart, PeriodEnd: l.periodEnd}
			}
			if err := w.insertInvoice(h, c.inv, items, r.now); err != nil {
				return fmt.Errorf("invoice for customer %s: %w", c.key.customer, err)
			}
			r.report.Invoices++
			r.report.Lines += len(items)
		}
		if err := w.moveDates(updates, r.now); err != nil {
			return err
		}
		written := map[groupKey]bool{}
		for _, c := range invoices {
			written[c.key] = true
		}
		var done []carriedCredit // an invoice that failed to compute carries nothing
		for _, c := range carried {
			if !written[c.group] {
				continue
			}
			if err := r.creditRest(tx, c, applied[c.customer]); err != nil {
				return err
			}
			done = append(done, c)
		}
		if err := markCarried(w, done); err != nil {
			return err
		}
		return countCouponCycles(tx, redemptions)
	})
}

func (c customerInfo) snapshot() map[string]any {
	return map[string]any{
		"name": c.Name, "company": c.Company, "email": c.Email, "address_line1": c.Line1, "address_line2": c.Line2,
		"city": c.City, "state": c.State, "postcode": c.Postcode, "country": c.Country, "tax_id": c.TaxID,
	}
}

func (r *renewal) loadCustomers(ids map[string]bool) (map[string]customerInfo, error) {
	list := make([]any, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	f := collections.CustomerFields
	var rows []customerInfo
	err := r.app.DB().Select("id", f.Name, f.Company, "email", f.AddressLine1, f.AddressLine2, f.City, f.State, f.Postcode, f.Country, f.TaxID, f.TaxExempt).
		From(collections.Customers).Where(dbx.In("id", list...)).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("load customers: %w", err)
	}
	out := make(map[string]customerInfo, len(rows))
	for _, c := range rows {
		out[c.ID] = c
	}
	return out, nil
}

func (r *renewal) dueAddons(serviceIDs []any) ([]dueAddon, error) {
	f := collections.ServiceAddonFields
	var out []dueAddon
	err := r.app.DB().Select("sa."+f.ID, "sa."+f.Service, "sa."+f.Addon, "a."+collections.AddonFields.Name+" AS name", "sa."+f.Cycle, "sa."+f.Currency,
		"sa."+f.Quantity, "sa."+f.RecurringAmount, "sa."+f.AnchorDate, "sa."+f.NextDueDate).
		From(collections.ServiceAddons+" sa").
		InnerJoin(collections.Addons+" a", dbx.NewExp("a.id = sa."+f.Addon)).
		Where(dbx.In("sa."+f.Service, serviceIDs...)).
		AndWhere(dbx.In("sa."+f.Status, string(collections.ServiceAddonStatusActive), string(collections.ServiceAddonStatusSuspended))).
		AndWhere(dbx.NewExp("sa."+f.Cycle+" != {:onetime} AND sa."+f.NextDueDate+" != ''", dbx.Params{"onetime": string(money.OneTime)})).
		OrderBy("sa." + f.ID).
		All(&out)
	if err != nil {
		return nil, fmt.Errorf("load due addons: %w", err)
	}
	return out, nil
}

type lineKey struct {
	service, addon string
	start          money.Date
}

// alreadyInvoiced finds the service and addon periods of the chunk that have
// a line already (the unique index would refuse them): a date moved back by
// hand must not bill a period twice.
func (r *renewal) alreadyInvoiced(serviceIDs []any) (map[lineKey]bool, error) {
	f := collections.InvoiceItemFields
	var rows []struct {
		Service string `db:"service"`
		Addon   string `db:"service_addon"`
		Start   string `db:"period_start"`
	}
	err := r.app.DB().Select(f.Service, f.ServiceAddon, f.PeriodStart).From(collections.InvoiceItems).
		Where(dbx.In(f.Service, serviceIDs...)).
		// Spelled out so that SQLite uses the partial unique index on lines.
		AndWhere(dbx.NewExp("[[" + f.Service + "]] != ''")).
		AndWhere(dbx.In(f.Kind, string(collections.InvoiceItemKindService), string(collections.InvoiceItemKindAddon))).
		All(&rows)
	if err != nil {
		return nil, fmt.Errorf("load invoiced periods: %w", err)
	}
	out := make(map[lineKey]bool, len(rows))
	for _, row := range rows {
		d, err := parseStoredDate(row.Start)
		if err == nil {
			out[lineKey{row.Service, row.Addon, d}] = true
		}
	}
	return out, nil
}
