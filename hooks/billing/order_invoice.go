package billing

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
)

// OrderInvoice is what the checkout asks the billing engine to invoice.
type OrderInvoice struct {
	// Cart holds the priced items; each item's Service (and each addon's
	// ServiceAddon) is the pending record the checkout created for it.
	Cart Cart
	// Order is the orders record id: an order has one first invoice, and
	// asking again returns it.
	Order string
	// Today is the billing day in the company's timezone; Now the clock.
	Today money.Date
	Now   types.DateTime
}

// IssueOrderInvoice writes the first invoice of an order inside txApp's
// transaction: a line per service, setup fee, addon and discount, for each
// item's cycle, taxed for the customer as their record says. It numbers the
// invoice, records the coupon's redemption, dates each service from its
// anchor (the first period starts on it), and applies account credit when
// the settings say so; an invoice with nothing to pay is paid at once.
//
// It is idempotent per order: asking again, concurrently or after a crash
// returns the invoice already written (the transaction either wrote all of
// it or nothing).
func IssueOrderInvoice(txApp core.App, in OrderInvoice) (*collections.Invoice, error) {
	if !txApp.IsTransactional() {
		return nil, ErrNotInTransaction
	}
	if in.Order != "" {
		existing, err := orderInvoice(txApp, in.Order)
		if err != nil || existing != nil {
			return existing, err
		}
	}
	customer, err := collections.FindCustomer(txApp, in.Cart.Customer)
	if err != nil {
		return nil, &CartError{Field: "customer", Code: "validation_not_found", Message: "The customer does not exist."}
	}
	policy, err := LoadPolicy(txApp)
	if err != nil {
		return nil, err
	}
	cart := in.Cart
	cart.Buyer = tax.Party{Country: customer.Country(), State: customer.State(), VATID: customer.TaxID(), Exempt: customer.TaxExempt()}

	periods, updates, err := firstPeriods(txApp, cart, in.Today, policy)
	if err != nil {
		return nil, err
	}
	priced, err := PriceCart(txApp, policy, cart, in.Now.Time())
	if err != nil {
		return nil, err
	}

	rows := make([]itemRow, len(priced.sources))
	for i, src := range priced.sources {
		it := cart.Items[src.item]
		p := periods[src.item]
		row := itemRow{Service: it.Service, PeriodStart: p.start, PeriodEnd: p.end}
		if src.addon >= 0 {
			row.ServiceAddon = it.Addons[src.addon].ServiceAddon
		}
		rows[i] = row
	}

	number, err := NextNumber(txApp, SeriesInvoice, policy.InvoicePattern, policy.YearlyReset, in.Today, in.Now)
	if err != nil {
		return nil, err
	}
	h := invoiceHeader{
		ID: newID(), Number: number, Series: SeriesInvoice, Kind: string(collections.InvoiceKindInvoice),
		Customer: customer.Id, Status: string(collections.InvoiceStatusUnpaid), Order: in.Order,
		IssuedOn: in.Today, DueOn: in.Today, BillingAddress: customerSnapshot(customer), Seller: policy.SellerSnapshot,
	}
	w, err := newRowWriter(txApp)
	if err != nil {
		return nil, err
	}
	defer w.close()
	if err := w.insertInvoice(h, priced.Invoice, rows, in.Now); err != nil {
		return nil, fmt.Errorf("order invoice: %w", err)
	}
	if err := w.moveDates(updates, in.Now); err != nil {
		return nil, err
	}
	if err := setAnchors(txApp, periods, cart, in.Now); err != nil {
		return nil, err
	}
	if priced.Coupon != nil {
		if err := redeemCoupon(txApp, priced.Coupon, cart, in.Order, h.ID); err != nil {
			return nil, err
		}
	}

	inv, err := collections.FindInvoice(txApp, h.ID)
	if err != nil {
		return nil, err
	}
	if inv.Total() == 0 {
		inv.SetStatus(collections.InvoiceStatusPaid)
		inv.SetPaidAt(in.Now)
		if err := txApp.Save(inv); err != nil {
			return nil, err
		}
		return inv, InvoicePaid(txApp, inv.Id, in.Now)
	}
	if policy.AutoApplyCredit {
		if _, err := ApplyCredit(txApp, inv.Id, in.Today); err != nil {
			return nil, err
		}
		return collections.FindInvoice(txApp, h.ID)
	}
	return inv, nil
}

// orderInvoice returns the first invoice of an order, nil when it has none.
func orderInvoice(app core.App, order string) (*collections.Invoice, error) {
	f := collections.InvoiceFields
	rec, err := app.FindFirstRecordByFilter(collections.Invoices, f.Order+" = {:order} && "+f.Kind+" = 'invoice'", dbx.Params{"order": order})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return collections.WrapInvoice(rec), nil
}

// firstPeriod is the period an item's first invoice pays.
type firstPeriod struct {
	anchor, start, end money.Date
}

// firstPeriods checks each item's service (the customer's, pending, in the
// cart's currency and the item's cycle) and returns the first period it pays
// and the dates its service and addons move to.
func firstPeriods(app core.App, cart Cart, today money.Date, policy *Policy) ([]firstPeriod, []datesUpdate, error) {
	periods := make([]firstPeriod, len(cart.Items))
	var updates []datesUpdate
	seen := map[string]bool{}
	for i, it := range cart.Items {
		field := func(name string) string { return fmt.Sprintf("items.%d.%s", i, name) }
		if it.Service == "" {
			return nil, nil, &CartError{Field: field("service"), Code: "validation_required", Message: "Each item of an order needs its service."}
		}
		if seen[it.Service] {
			return nil, nil, &CartError{Field: field("service"), Code: "validation_duplicate", Message: "Two items name the same service."}
		}
		seen[it.Service] = true
		svc, err := collections.FindService(app, it.Service)
		if err != nil || svc.CustomerID() != cart.Customer {
			return nil, nil, &CartError{Field: field("service"), Code: "validation_not_found", Message: "The service does not exist."}
		}
		switch {
		case svc.Status() != collections.ServiceStatusPending:
			return nil, nil, &CartError{Field: field("service"), Code: "validation_not_pending", Message: fmt.Sprintf("The service is %s, not pending.", svc.Status())}
		case svc.Currency() != cart.Currency:
			return nil, nil, &CartError{Field: field("service"), Code: "validation_currency_mismatch", Message: fmt.Sprintf("The service is billed in %s, the cart in %s.", svc.Currency(), cart.Currency)}
		case money.Cycle(svc.Cycle()) != it.Cycle:
			return nil, nil, &CartError{Field: field("cycle"), Code: "validation_cycle_mismatch", Message: fmt.Sprintf("The service is billed %s, the item %s.", svc.Cycle(), it.Cycle)}
		case svc.ProductID() != it.Product:
			return nil, nil, &CartError{Field: field("product"), Code: "validation_product_mismatch", Message: "The service is for another product."}
		}
		anchor, err := parseStoredDate(svc.AnchorDate().String())
		if err != nil {
			return nil, nil, err
		}
		if anchor.IsZero() {
			anchor = today
		}
		p := firstPeriod{anchor: anchor, start: anchor}
		if it.Cycle != money.OneTime {
			p.end = money.PeriodEnd(anchor, it.Cycle, 0)
			next := money.AddCycles(anchor, it.Cycle, 1)
			days := daysInAdvance(app, it.Product, policy)
			updates = append(updates, datesUpdate{collections.Services, svc.Id, next, next.AddDays(-days)})
			for j, a := range it.Addons {
				if a.ServiceAddon == "" {
					return nil, nil, &CartError{Field: fmt.Sprintf("items.%d.addons.%d.service_addon", i, j), Code: "validation_required", Message: "Each addon of an order needs its service addon."}
				}
				sa, err := collections.FindServiceAddon(app, a.ServiceAddon)
				if err != nil || sa.ServiceID() != svc.Id {
					return nil, nil, &CartError{Field: fmt.Sprintf("items.%d.addons.%d.service_addon", i, j), Code: "validation_not_found", Message: "The service addon does not belong to the item's service."}
				}
				updates = append(updates, datesUpdate{collections.ServiceAddons, sa.Id, next, next.AddDays(-days)})
			}
		}
		periods[i] = p
	}
	return periods, updates, nil
}

// daysInAdvance is how many days before a due date a product's renewal
// invoice is issued: the product's override or the settings'.
func daysInAdvance(app core.App, product string, policy *Policy) int {
	days := policy.DaysInAdvance
	p, err := collections.FindProduct(app, product)
	if err != nil {
		return days
	}
	var o struct {
		DaysInAdvance *int `json:"renewal_days_in_advance"`
	}
	if p.UnmarshalOverrides(&o) == nil && o.DaysInAdvance != nil && *o.DaysInAdvance >= 0 {
		days = *o.DaysInAdvance
	}
	return days
}

// setAnchors writes each service's and addon's anchor date (every later due
// date is computed from it) where the checkout left it empty.
func setAnchors(app core.App, periods []firstPeriod, cart Cart, now types.DateTime) error {
	for i, it := range cart.Items {
		anchor := storedDate(periods[i].anchor)
		params := dbx.Params{collections.ServiceFields.AnchorDate: anchor, "updated": now.String()}
		if it.Cycle == money.OneTime {
			params[collections.ServiceFields.NextDueDate] = ""
			params[collections.ServiceFields.NextInvoiceDate] = ""
		}
		if _, err := app.DB().Update(collections.Services, params, dbx.HashExp{"id": it.Service}).Execute(); err != nil {
			return err
		}
		for _, a := range it.Addons {
			if _, err := app.DB().Update(collections.ServiceAddons, dbx.Params{collections.ServiceAddonFields.AnchorDate: anchor, "updated": now.String()},
				dbx.HashExp{"id": a.ServiceAddon}).Execute(); err != nil {
				return err
			}
		}
	}
	return nil
}

// redeemCoupon records a coupon's use by an order and, for a recurring
// coupon, ties it to the discounted services so that renewals apply it.
func redeemCoupon(app core.App, c *AppliedCoupon, cart Cart, order, invoice string) error {
	r, err := collections.NewCouponRedemption(app)
	if err != nil {
		return err
	}
	r.SetCouponID(c.ID)
	r.SetCustomerID(cart.Customer)
	r.SetOrderID(order)
	r.SetInvoiceID(invoice)
	r.SetServiceID(cart.Items[c.Items[0]].Service)
	r.SetAmount(c.Discount)
	r.SetCurrency(cart.Currency)
	r.SetCyclesApplied(1)
	if err := app.Save(r); err != nil {
		return fmt.Errorf("record coupon %s: %w", c.Code, err)
	}
	if !c.Recurring {
		return nil
	}
	for _, i := range c.Items {
		if _, err := app.DB().Update(collections.Services, dbx.Params{collections.ServiceFields.Coupon: c.ID}, dbx.HashExp{"id": cart.Items[i].Service}).Execute(); err != nil {
			return err
		}
	}
	return nil
}
