package billing

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/hooks/billing/tax"

	"github.com/ezscale/hostbase/collections"
)

// Downgrade credits carried to the next renewal (settings.downgrade_policy
// = credit_next_renewal). The downgrade itself is applied at once; its
// change stays pending until a renewal invoice of the service carries the
// unused difference as a credit line. A credit larger than the renewal's
// own lines of the service leaves the rest in the account credit, tax
// included as the invoice taxes it, so no money is lost to the cap.

// pendingCredit is a downgrade's credit waiting for the next renewal.
type pendingCredit struct {
	Change  string `db:"id"`
	Service string `db:"service"`
	Credit  int64  `db:"credit_amount"`
	Charge  int64  `db:"charge_amount"`
}

// pendingCredits loads the waiting downgrade credits of a chunk's services.
func (r *renewal) pendingCredits(serviceIDs []any) (map[string][]pendingCredit, error) {
	f := collections.ServiceChangeFields
	var rows []pendingCredit
	err := r.app.DB().Select("id", f.Service, f.CreditAmount, f.ChargeAmount).From(collections.ServiceChanges).
		Where(dbx.In(f.Service, serviceIDs...)).
		AndWhere(dbx.HashExp{f.Status: string(collections.ServiceChangeStatusPending), f.Kind: string(collections.ServiceChangeKindDowngrade)}).
		AndWhere(dbx.NewExp("[[" + f.AppliedAt + "]] != ''")).
		OrderBy("created").All(&rows)
	if err != nil {
		return nil, fmt.Errorf("load pending downgrade credits: %w", err)
	}
	out := map[string][]pendingCredit{}
	for _, row := range rows {
		out[row.Service] = append(out[row.Service], row)
	}
	return out, nil
}

// carriedCredit is a credit line a renewal invoice carries for downgrades.
type carriedCredit struct {
	customer, currency string
	changes            []any
	// rest is the part of the credit beyond the line, before tax.
	rest    int64
	taxable bool
	group   groupKey
}

// markCarried closes the changes whose credit a chunk carried.
func markCarried(w *rowWriter, carried []carriedCredit) error {
	var ids []any
	for _, c := range carried {
		ids = append(ids, c.changes...)
	}
	if len(ids) == 0 {
		return nil
	}
	_, err := w.tx.DB().Update(collections.ServiceChanges, dbx.Params{collections.ServiceChangeFields.Status: string(collections.ServiceChangeStatusApplied)},
		dbx.In("id", ids...)).Execute()
	return err
}

// creditRest puts the part of a downgrade credit the renewal line could not
// carry into the account credit, taxed as the invoice would have taxed it.
func (r *renewal) creditRest(tx core.App, c carriedCredit, applied tax.Applied) error {
	if c.rest <= 0 {
		return nil
	}
	amount := c.rest
	if c.taxable && r.policy.TaxMode == tax.Exclusive {
		lt, err := applied.Line(c.rest, tax.Exclusive)
		if err != nil {
			return err
		}
		amount = lt.Gross
	}
	key := fmt.Sprint(append([]any{"downgrade-rest:"}, c.changes...)...)
	_, err := AddCredit(tx, CreditEntry{Customer: c.customer, Currency: c.currency, Amount: amount,
		Kind: collections.CreditEntryKindAdjustment, Note: "Credit for an earlier downgrade, beyond the renewal invoice", IdempotencyKey: key})
	return err
}
