// Package integrity enforces the rules of the data that no single capability
// owns: money records are never deleted or orphaned, the settings record is
// unique, and new records get the defaults their enums promise.
package integrity

import (
	"fmt"
	"sync"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// MoneyCollections hold money records: kept forever, whoever asks (superusers
// included), and never left pointing at a deleted record. An invoice still in
// draft is not yet a money record and may be deleted with its lines.
var MoneyCollections = []string{
	collections.Invoices, collections.InvoiceItems, collections.Transactions,
	collections.CreditLedger, collections.GatewayEvents, collections.PaymentAttempts,
	collections.CouponRedemptions, collections.Commissions, collections.AffiliatePayouts,
	collections.DunningSteps, collections.InvoiceSequences, collections.AuditLog,
}

// ErrMoneyRecord is returned when a delete would remove or orphan a money record.
type ErrMoneyRecord struct {
	Collection, ID, Reason string
}

func (e *ErrMoneyRecord) Error() string {
	return fmt.Sprintf("%s %s cannot be deleted: %s", e.Collection, e.ID, e.Reason)
}

func isMoneyCollection(name string) bool {
	for _, n := range MoneyCollections {
		if n == name {
			return true
		}
	}
	return false
}

// protectMoneyRecords refuses deleting a money record, and deleting any record
// a money record refers to through a non-cascading relation (PocketBase would
// otherwise blank that reference on the money record).
func protectMoneyRecords(app core.App) {
	refs := &moneyReferences{}
	app.OnCollectionAfterCreateSuccess().BindFunc(func(e *core.CollectionEvent) error { refs.reset(); return e.Next() })
	app.OnCollectionAfterUpdateSuccess().BindFunc(func(e *core.CollectionEvent) error { refs.reset(); return e.Next() })
	app.OnCollectionAfterDeleteSuccess().BindFunc(func(e *core.CollectionEvent) error { refs.reset(); return e.Next() })

	app.OnRecordDelete().BindFunc(func(e *core.RecordEvent) error {
		name := e.Record.Collection().Name
		if isMoneyCollection(name) {
			if ok, err := deletableDraft(e.App, e.Record); err != nil {
				return err
			} else if !ok {
				return &ErrMoneyRecord{name, e.Record.Id, "money records are kept forever; cancel it or issue a credit note instead"}
			}
		}
		for _, ref := range refs.to(e.App, name) {
			cond := dbx.Expression(dbx.HashExp{ref.field: e.Record.Id})
			if ref.multi {
				cond = dbx.NewExp("EXISTS (SELECT 1 FROM json_each(["+ref.field+"]) WHERE value = {:id})", dbx.Params{"id": e.Record.Id})
			}
			var n int
			err := e.App.DB().Select("count(*)").From(ref.collection).Where(cond).Row(&n)
			if err != nil {
				return err
			}
			if n > 0 {
				return &ErrMoneyRecord{name, e.Record.Id, fmt.Sprintf("%d %s record(s) refer to it through %s", n, ref.collection, ref.field)}
			}
		}
		return e.Next()
	})
}

// deletableDraft reports whether a money record is still a draft: an invoice
// in draft, or a line of one.
func deletableDraft(app core.App, r *core.Record) (bool, error) {
	switch r.Collection().Name {
	case collections.Invoices:
		return collections.WrapInvoice(r).Status() == collections.InvoiceStatusDraft, nil
	case collections.InvoiceItems:
		inv, err := collections.FindInvoice(app, collections.WrapInvoiceItem(r).InvoiceID())
		if err != nil {
			return true, nil // the invoice is already gone: this is its cascade
		}
		return inv.Status() == collections.InvoiceStatusDraft, nil
	}
	return false, nil
}

type moneyRef struct {
	collection, field string
	multi             bool
}

// moneyReferences caches, per target collection, the non-cascading relation
// fields of money collections that point at it.
type moneyReferences struct {
	mu       sync.Mutex
	byTarget map[string][]moneyRef
}

func (m *moneyReferences) reset() {
	m.mu.Lock()
	m.byTarget = nil
	m.mu.Unlock()
}

func (m *moneyReferences) to(app core.App, target string) []moneyRef {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.byTarget == nil {
		m.byTarget = map[string][]moneyRef{}
		for _, name := range MoneyCollections {
			c, err := app.FindCachedCollectionByNameOrId(name)
			if err != nil {
				continue
			}
			for _, f := range c.Fields {
				rel, ok := f.(*core.RelationField)
				if !ok || rel.CascadeDelete {
					continue
				}
				tc, err := app.FindCachedCollectionByNameOrId(rel.CollectionId)
				if err != nil {
					continue
				}
				m.byTarget[tc.Name] = append(m.byTarget[tc.Name], moneyRef{name, rel.Name, rel.IsMultiple()})
			}
		}
	}
	return m.byTarget[target]
}
