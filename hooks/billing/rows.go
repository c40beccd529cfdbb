package billing

import (
	"encoding/json"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing/invoicecalc"
	"github.com/ezscale/hostbase/hooks/money"
)

// invoiceHeader is what an invoice row holds besides its computed amounts.
type invoiceHeader struct {
	ID, Number, Series, Kind, Customer, Status string
	IssuedOn, DueOn                            money.Date
	BillingAddress, Seller                     map[string]any
	RelatedInvoice, Order, Notes               string
}

// itemRow is what a line row holds besides its computed amounts.
type itemRow struct {
	Service, ServiceAddon  string
	CreditsItem            string
	PeriodStart, PeriodEnd money.Date
}

// rowWriter writes computed invoices with prepared statements: the hot path
// of the renewal run, where PocketBase's per-record Save would cost 5–10× a
// prepared insert. Everything it writes was computed and checked in Go first
// (invoicecalc.Invoice.Check), since SQL skips the record validators.
type rowWriter struct {
	tx            core.App
	invoice, item *dbx.Query
}

func newRowWriter(tx core.App) (*rowWriter, error) {
	inv := collections.InvoiceFields
	it := collections.InvoiceItemFields
	w := &rowWriter{
		tx: tx,
		invoice: tx.DB().NewQuery("INSERT INTO {{" + collections.Invoices + "}} (" +
			"id, " + inv.Number + ", " + inv.Series + ", " + inv.Kind + ", " + inv.Customer + ", " + inv.Status + ", " +
			inv.IssuedAt + ", " + inv.DueAt + ", " + inv.Currency + ", " + inv.Subtotal + ", " + inv.DiscountTotal + ", " +
			inv.TaxTotal + ", " + inv.Total + ", " + inv.AmountDue + ", " + inv.TaxMode + ", " + inv.TaxLines + ", " +
			inv.ReverseCharge + ", " + inv.BillingAddress + ", " + inv.Seller + ", " + inv.RelatedInvoice + ", [[" + inv.Order + "]], " +
			inv.Notes + ", created, updated) VALUES ({:id}, {:number}, {:series}, {:kind}, {:customer}, {:status}, " +
			"{:issued}, {:due}, {:currency}, {:subtotal}, {:discount}, {:tax}, {:total}, {:due_amount}, {:mode}, {:tax_lines}, " +
			"{:reverse}, {:address}, {:seller}, {:related}, {:order}, {:notes}, {:now}, {:now})").Prepare(),
		item: tx.DB().NewQuery("INSERT INTO {{" + collections.InvoiceItems + "}} (" +
			"id, " + it.Invoice + ", " + it.Kind + ", " + it.Service + ", " + it.ServiceAddon + ", " + it.Description + ", " +
			it.PeriodStart + ", " + it.PeriodEnd + ", " + it.Quantity + ", " + it.UnitAmount + ", " + it.Amount + ", " +
			it.TaxRateBP + ", " + it.TaxAmount + ", " + it.Taxable + ", " + it.Sort + ", " + it.CreditsItem + ", created, updated) VALUES (" +
			"{:id}, {:invoice}, {:kind}, {:service}, {:addon}, {:description}, {:start}, {:end}, {:qty}, {:unit}, {:amount}, " +
			"{:rate}, {:tax}, {:taxable}, {:sort}, {:credits}, {:now}, {:now})").Prepare(),
	}
	return w, nil
}

func (w *rowWriter) close() {
	for _, q := range []*dbx.Query{w.invoice, w.item} {
		if q != nil {
			_ = q.Close()
		}
	}
}

func optionalDate(d money.Date) string {
	if d.IsZero() {
		return ""
	}
	return storedDate(d)
}

func jsonText(v any) (string, error) {
	if v == nil {
		return "null", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// insertInvoice writes one invoice and its lines. items[i] belongs to
// inv.Lines[i].
func (w *rowWriter) insertInvoice(h invoiceHeader, inv invoicecalc.Invoice, items []itemRow, now types.DateTime) error {
	if len(items) != len(inv.Lines) {
		return fmt.Errorf("billing: %d line rows for %d computed lines", len(items), len(inv.Lines))
	}
	if err := inv.Check(); err != nil {
		return err
	}
	taxLines, err := jsonText(inv.TaxLines)
	if err != nil {
		return err
	}
	address, err := jsonText(h.BillingAddress)
	if err != nil {
		return err
	}
	seller, err := jsonText(h.Seller)
	if err != nil {
		return err
	}
	_, err = w.invoice.Bind(dbx.Params{
		"id": h.ID, "number": h.Number, "series": h.Series, "kind": h.Kind, "customer": h.Customer, "status": h.Status,
		"issued": optionalDate(h.IssuedOn), "due": optionalDate(h.DueOn), "currency": inv.Currency,
		"subtotal": inv.Subtotal, "discount": inv.DiscountTotal, "tax": inv.TaxTotal, "total": inv.Total, "due_amount": inv.Total,
		"mode": string(inv.Mode), "tax_lines": taxLines, "reverse": inv.ReverseCharge, "address": address, "seller": seller,
		"related": h.RelatedInvoice, "order": h.Order, "notes": h.Notes, "now": now.String(),
	}).Execute()
	if err != nil {
		return fmt.Errorf("insert invoice: %w", err)
	}
	for i, l := range inv.Lines {
		_, err := w.item.Bind(dbx.Params{
			"id": newID(), "invoice": h.ID, "kind": l.Kind, "service": items[i].Service, "addon": items[i].ServiceAddon,
			"description": l.Description, "start": optionalDate(items[i].PeriodStart), "end": optionalDate(items[i].PeriodEnd),
			"qty": l.Quantity, "unit": l.UnitAmount, "amount": l.Amount, "rate": l.TaxRateBP, "tax": l.Tax,
			"taxable": l.Taxable, "sort": i, "credits": items[i].CreditsItem, "now": now.String(),
		}).Execute()
		if err != nil {
			return fmt.Errorf("insert line %d: %w", i, err)
		}
	}
	return nil
}

// moveDates writes the new dates of services and addons, one statement per
// table and pair of dates (services due together move together).
func (w *rowWriter) moveDates(updates []datesUpdate, now types.DateTime) error {
	type key struct {
		table            string
		due, nextInvoice money.Date
	}
	groups := map[key][]any{}
	var order []key
	for _, u := range updates {
		k := key{u.table, u.nextDue, u.nextInvoice}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], u.id)
	}
	for _, k := range order {
		ids := groups[k]
		for start := 0; start < len(ids); start += 500 {
			end := min(start+500, len(ids))
			due, inv := collections.ServiceFields.NextDueDate, collections.ServiceFields.NextInvoiceDate
			if k.table == collections.ServiceAddons {
				due, inv = collections.ServiceAddonFields.NextDueDate, collections.ServiceAddonFields.NextInvoiceDate
			}
			_, err := w.tx.DB().Update(k.table, dbx.Params{due: storedDate(k.due), inv: storedDate(k.nextInvoice), "updated": now.String()},
				dbx.In("id", ids[start:end]...)).Execute()
			if err != nil {
				return fmt.Errorf("move the dates of %d %s: %w", end-start, k.table, err)
			}
		}
	}
	return nil
}
