package billing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing/invoicecalc"
	"github.com/ezscale/hostbase/hooks/billing/proration"
	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
)

// ChangeRequest asks to move an active service to another product or other
// options in the middle of its billing period. The shop prices the new plan
// (NewPrice); the billing engine prorates it by days.
type ChangeRequest struct {
	Service string
	// ToProduct is the new product ("" keeps the product); ToProductName
	// names it on the invoice.
	ToProduct, ToProductName string
	// ToConfig is the service's new options as the service stores them;
	// nil keeps them.
	ToConfig map[string]any
	// NewPrice is one full period of the new plan, in the service's
	// currency and cycle.
	NewPrice int64
	// Today is the day the change takes effect; Now the clock.
	Today money.Date
	Now   types.DateTime
}

// ChangeError is a change the billing engine refuses; Field names the field
// at fault.
type ChangeError struct {
	Field, Code, Message string
}

func (e *ChangeError) Error() string { return e.Field + ": " + e.Message }

// ChangePreview is what a change would cost or credit.
type ChangePreview struct {
	Kind     collections.ServiceChangeKind `json:"kind"`
	Currency string                        `json:"currency"`
	// The current period, both days included, and the days left of it
	// from the change day on.
	PeriodStart   money.Date `json:"period_start"`
	PeriodEnd     money.Date `json:"period_end"`
	TotalDays     int        `json:"total_days"`
	RemainingDays int        `json:"remaining_days"`
	OldPrice      int64      `json:"old_price"`
	NewPrice      int64      `json:"new_price"`
	// Credit is the unused part of the old price, Charge the new price
	// for the rest of the period, Net = Charge − Credit (before tax).
	Credit int64 `json:"credit"`
	Charge int64 `json:"charge"`
	Net    int64 `json:"net"`
	// DueNow is what the upgrade invoice asks, tax included; 0 for a
	// downgrade.
	DueNow int64 `json:"due_now"`
	// CreditNow is the account credit a downgrade adds at once, tax
	// included; CreditNextRenewal the credit (before tax) the next renewal
	// invoice carries instead, when the settings say so.
	CreditNow         int64 `json:"credit_now"`
	CreditNextRenewal int64 `json:"credit_next_renewal"`

	lines   []invoicecalc.LineInput
	applied tax.Applied
	invoice *invoicecalc.Invoice
}

// ChangeAppliedEvent is fired, inside the transaction, for each service
// change the billing engine applies (the service's product, options and
// price are already updated). The provisioning package binds its
// change-package job to it.
type ChangeAppliedEvent struct {
	hook.Event
	App     core.App
	Change  *collections.ServiceChange
	Service *collections.Service
}

const changeHookKey = "billing.onChangeApplied"

// OnChangeApplied is the hook app fires for every applied service change.
func OnChangeApplied(app core.App) *hook.Hook[*ChangeAppliedEvent] {
	h, _ := app.Store().GetOrSet(changeHookKey, func() any { return &hook.Hook[*ChangeAppliedEvent]{} }).(*hook.Hook[*ChangeAppliedEvent])
	return h
}

// PreviewChange prorates req without writing anything.
func PreviewChange(app core.App, req ChangeRequest) (*ChangePreview, error) {
	policy, err := LoadPolicy(app)
	if err != nil {
		return nil, err
	}
	svc, err := collections.FindService(app, req.Service)
	if err != nil {
		return nil, &ChangeError{"service", "validation_not_found", "The service does not exist."}
	}
	return previewChange(app, policy, svc, req)
}

func previewChange(app core.App, policy *Policy, svc *collections.Service, req ChangeRequest) (*ChangePreview, error) {
	if svc.Status() != collections.ServiceStatusActive {
		return nil, &ChangeError{"service", "validation_not_active", fmt.Sprintf("Only an active service can change plan; this one is %s.", svc.Status())}
	}
	cycle := money.Cycle(svc.Cycle())
	if cycle == money.OneTime {
		return nil, &ChangeError{"service", "validation_one_time", "A one-time purchase has no period to prorate."}
	}
	if req.NewPrice < 0 {
		return nil, &ChangeError{"price", "validation_negative", "A price cannot be negative."}
	}
	if req.ToProduct == "" && req.ToConfig == nil {
		return nil, &ChangeError{"product", "validation_required", "Choose a product or options to change to."}
	}
	if req.ToProduct == svc.ProductID() && req.ToConfig == nil && req.NewPrice == svc.RecurringAmount() {
		return nil, &ChangeError{"product", "validation_no_change", "That is the service's current plan."}
	}
	if err := noOpenChange(app, svc.Id); err != nil {
		return nil, err
	}
	if err := noUnpaidRenewal(app, svc.Id); err != nil {
		return nil, err
	}

	anchor, _ := parseStoredDate(svc.AnchorDate().String())
	nextDue, _ := parseStoredDate(svc.NextDueDate().String())
	if anchor.IsZero() || nextDue.IsZero() {
		return nil, &ChangeError{"service", "validation_not_billed", "The service has no billing period yet."}
	}
	n := money.PeriodIndex(anchor, cycle, req.Today)
	start, end := money.AddCycles(anchor, cycle, n), money.PeriodEnd(anchor, cycle, n)
	if nextDue.After(end.AddDays(1)) {
		return nil, &ChangeError{"service", "validation_next_period_invoiced", "The next period is already invoiced; change plan once it has begun."}
	}
	if nextDue.Before(end.AddDays(1)) {
		return nil, &ChangeError{"service", "validation_period_not_invoiced", "The current period is not invoiced yet."}
	}
	r, err := proration.Compute(proration.Change{PeriodStart: start, PeriodEnd: end, On: req.Today, OldPrice: svc.RecurringAmount(), NewPrice: req.NewPrice})
	if err != nil {
		return nil, &ChangeError{"service", "validation_invalid", err.Error()}
	}
	p := &ChangePreview{
		Kind: collections.ServiceChangeKindChange, Currency: svc.Currency(),
		PeriodStart: start, PeriodEnd: end, TotalDays: r.TotalDays, RemainingDays: r.RemainingDays,
		OldPrice: svc.RecurringAmount(), NewPrice: req.NewPrice, Credit: r.Credit, Charge: r.Charge, Net: r.Net,
	}
	switch {
	case req.NewPrice > svc.RecurringAmount():
		p.Kind = collections.ServiceChangeKindUpgrade
	case req.NewPrice < svc.RecurringAmount():
		p.Kind = collections.ServiceChangeKindDowngrade
	}

	customer, err := collections.FindCustomer(app, svc.CustomerID())
	if err != nil {
		return nil, err
	}
	buyer := tax.Party{Country: customer.Country(), State: customer.State(), VATID: customer.TaxID(), Exempt: customer.TaxExempt()}
	if p.applied, err = tax.Resolve(context.Background(), policy.Seller, buyer, policy.TaxRules, tax.Options{ReverseCharge: policy.ReverseCharge}); err != nil {
		return nil, err
	}
	taxable := !productTaxExempt(app, svc.ProductID())
	oldName, newName := productName(app, svc.ProductID()), req.ToProductName
	if newName == "" {
		newName = oldName
	}
	span := fmt.Sprintf("%s to %s", req.Today, end)
	switch {
	case r.Net > 0:
		p.lines = []invoicecalc.LineInput{
			{Kind: string(collections.InvoiceItemKindService), Description: fmt.Sprintf("%s, %s (plan change)", newName, span), Quantity: 1, UnitAmount: r.Charge, Taxable: taxable},
			{Kind: string(collections.InvoiceItemKindCredit), Description: fmt.Sprintf("Unused %s, %s", oldName, span), Quantity: 1, UnitAmount: -r.Credit, Taxable: taxable},
		}
		inv, err := invoicecalc.Compute(svc.Currency(), policy.TaxMode, p.applied, p.lines)
		if err != nil {
			return nil, err
		}
		p.invoice, p.DueNow = &inv, inv.Total
	case r.Net < 0 && policy.DowngradeToCreditNow:
		gross, err := invoicecalc.Compute(svc.Currency(), policy.TaxMode, p.applied, []invoicecalc.LineInput{
			{Kind: string(collections.InvoiceItemKindAdjustment), Description: "credit", Quantity: 1, UnitAmount: -r.Net, Taxable: taxable}})
		if err != nil {
			return nil, err
		}
		p.CreditNow = gross.Total
	case r.Net < 0:
		p.CreditNextRenewal = -r.Net
	}
	return p, nil
}

// RequestChange records a change inside txApp's transaction and carries it
// out: an upgrade becomes an invoice and is applied when that invoice is
// paid (InvoicePaid); a downgrade is applied at once and credits the unused
// difference to the account credit, or to the next renewal invoice when the
// settings say so; a change of the same price is applied at once.
func RequestChange(txApp core.App, req ChangeRequest) (*collections.ServiceChange, error) {
	if !txApp.IsTransactional() {
		return nil, ErrNotInTransaction
	}
	policy, err := LoadPolicy(txApp)
	if err != nil {
		return nil, err
	}
	svc, err := collections.FindService(txApp, req.Service)
	if err != nil {
		return nil, &ChangeError{"service", "validation_not_found", "The service does not exist."}
	}
	p, err := previewChange(txApp, policy, svc, req)
	if err != nil {
		return nil, err
	}
	ch, err := collections.NewServiceChange(txApp)
	if err != nil {
		return nil, err
	}
	ch.SetServiceID(svc.Id)
	ch.SetCustomerID(svc.CustomerID())
	ch.SetKind(p.Kind)
	ch.SetFromProductID(svc.ProductID())
	ch.SetToProductID(svc.ProductID())
	if req.ToProduct != "" {
		ch.SetToProductID(req.ToProduct)
	}
	ch.SetFromConfig(svc.ConfigJSON())
	ch.SetToConfig(svc.ConfigJSON())
	if req.ToConfig != nil {
		ch.SetToConfig(req.ToConfig)
	}
	ch.SetFromAmount(svc.RecurringAmount())
	ch.SetToAmount(req.NewPrice)
	ch.SetChargeAmount(p.Charge)
	ch.SetCreditAmount(p.Credit)
	ch.SetCurrency(svc.Currency())
	ch.SetEffectiveAt(dayTime(req.Today))
	ch.SetStatus(collections.ServiceChangeStatusPending)
	if err := txApp.Save(ch); err != nil {
		return nil, fmt.Errorf("record the change: %w", err)
	}

	if p.invoice != nil {
		customer, err := collections.FindCustomer(txApp, svc.CustomerID())
		if err != nil {
			return nil, err
		}
		number, err := NextNumber(txApp, SeriesInvoice, policy.InvoicePattern, policy.YearlyReset, req.Today, req.Now)
		if err != nil {
			return nil, err
		}
		h := invoiceHeader{ID: newID(), Number: number, Series: SeriesInvoice, Kind: string(collections.InvoiceKindInvoice),
			Customer: svc.CustomerID(), Status: string(collections.InvoiceStatusUnpaid), IssuedOn: req.Today, DueOn: req.Today,
			BillingAddress: customerSnapshot(customer), Seller: policy.SellerSnapshot}
		w, err := newRowWriter(txApp)
		if err != nil {
			return nil, err
		}
		defer w.close()
		if err := w.insertInvoice(h, *p.invoice, make([]itemRow, len(p.invoice.Lines)), req.Now); err != nil {
			return nil, err
		}
		ch.SetInvoiceID(h.ID)
		ch.SetStatus(collections.ServiceChangeStatusInvoiced)
		if err := txApp.Save(ch); err != nil {
			return nil, err
		}
		if policy.AutoApplyCredit {
			if _, err := ApplyCredit(txApp, h.ID, req.Today); err != nil {
				return nil, err
			}
		}
		return collections.FindServiceChange(txApp, ch.Id)
	}

	if p.CreditNow > 0 {
		_, err := AddCredit(txApp, CreditEntry{Customer: svc.CustomerID(), Currency: svc.Currency(), Amount: p.CreditNow,
			Kind: collections.CreditEntryKindAdjustment, Note: fmt.Sprintf("Downgrade: unused %s to %s", req.Today, p.PeriodEnd),
			IdempotencyKey: "downgrade:" + ch.Id})
		if err != nil {
			return nil, err
		}
	}
	if err := applyChange(txApp, ch, req.Now, p.CreditNextRenewal > 0); err != nil {
		return nil, err
	}
	return ch, nil
}

// applyChange moves the service to the change's plan and fires
// OnChangeApplied. A change whose credit waits for the next renewal stays
// pending (with applied_at set) until the renewal carries it.
func applyChange(txApp core.App, ch *collections.ServiceChange, now types.DateTime, creditPending bool) error {
	svc, err := collections.FindService(txApp, ch.ServiceID())
	if err != nil {
		return err
	}
	svc.SetProductID(ch.ToProductID())
	svc.SetConfig(ch.ToConfigJSON())
	svc.SetRecurringAmount(ch.ToAmount())
	if err := txApp.Save(svc); err != nil {
		return fmt.Errorf("change service %s: %w", svc.Id, err)
	}
	ch.SetAppliedAt(now)
	ch.SetStatus(collections.ServiceChangeStatusApplied)
	if creditPending {
		ch.SetStatus(collections.ServiceChangeStatusPending)
	}
	if err := txApp.Save(ch); err != nil {
		return err
	}
	return OnChangeApplied(txApp).Trigger(&ChangeAppliedEvent{App: txApp, Change: ch, Service: svc}, func(e *ChangeAppliedEvent) error { return nil })
}

// settleChange applies the change an upgrade invoice paid for; a second
// call finds it applied and does nothing.
func settleChange(txApp core.App, invoiceID string, now types.DateTime) error {
	rec, err := txApp.FindFirstRecordByData(collections.ServiceChanges, collections.ServiceChangeFields.Invoice, invoiceID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	ch := collections.WrapServiceChange(rec)
	if ch.Status() != collections.ServiceChangeStatusInvoiced {
		return nil
	}
	return applyChange(txApp, ch, now, false)
}

// noOpenChange refuses a second change while one awaits payment.
func noOpenChange(app core.App, service string) error {
	f := collections.ServiceChangeFields
	var n int
	err := app.DB().Select("count(*)").From(collections.ServiceChanges).
		Where(dbx.HashExp{f.Service: service, f.Status: string(collections.ServiceChangeStatusInvoiced)}).Row(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return &ChangeError{"service", "validation_change_pending", "A plan change of this service awaits payment; pay or cancel its invoice first."}
	}
	return nil
}

// noUnpaidRenewal refuses a change while a renewal of the service is unpaid:
// it was priced on the old plan.
func noUnpaidRenewal(app core.App, service string) error {
	var n int
	err := app.DB().Select("count(*)").From(collections.InvoiceItems+" ii").
		InnerJoin(collections.Invoices+" i", dbx.NewExp("i.id = ii."+collections.InvoiceItemFields.Invoice)).
		Where(dbx.HashExp{"ii." + collections.InvoiceItemFields.Service: service, "i." + collections.InvoiceFields.Status: string(collections.InvoiceStatusUnpaid)}).
		Row(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return &ChangeError{"service", "validation_unpaid_invoice", "The service has an unpaid invoice; pay it before changing plan."}
	}
	return nil
}

func productName(app core.App, id string) string {
	p, err := collections.FindProduct(app, id)
	if err != nil {
		return "Service"
	}
	return p.Name()
}

func productTaxExempt(app core.App, id string) bool {
	p, err := collections.FindProduct(app, id)
	return err == nil && p.TaxExempt()
}
