package billing

import (
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing/numbering"
	"github.com/ezscale/hostbase/hooks/money"
)

// Series of document numbers; each counts on its own.
const (
	SeriesInvoice    = "INV"
	SeriesCreditNote = "CN"
)

// ErrNotInTransaction is returned when a number is asked for outside a
// transaction: only a transaction that also saves the document keeps the
// numbers gapless.
var ErrNotInTransaction = errors.New("billing: document numbers are assigned inside the transaction that saves the document")

var idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// newID returns a record id in PocketBase's format, for rows written with SQL.
func newID() string { return security.RandomStringWithAlphabet(15, idAlphabet) }

// NextNumber assigns the next number of a series for a document issued on a
// day. It bumps the series' counter inside txApp's transaction: if the
// document is not saved, the transaction rolls back and the number is never
// used, so the series stays gapless.
func NextNumber(txApp core.App, series string, pattern numbering.Pattern, yearlyReset bool, issued money.Date, now types.DateTime) (string, error) {
	numbers, err := NextNumbers(txApp, series, pattern, yearlyReset, issued, now, 1)
	if err != nil {
		return "", err
	}
	return numbers[0], nil
}

// NextNumbers reserves the next count numbers of a series at once, for a
// batch of documents saved in the same transaction. The caller must use every
// one of them in that transaction, in order, or the series would have a gap.
func NextNumbers(txApp core.App, series string, pattern numbering.Pattern, yearlyReset bool, issued money.Date, now types.DateTime, count int) ([]string, error) {
	if !txApp.IsTransactional() {
		return nil, ErrNotInTransaction
	}
	if count <= 0 {
		return nil, nil
	}
	period := pattern.Period(issued, yearlyReset)
	var last int64
	err := txApp.DB().NewQuery(
		"INSERT INTO {{" + collections.InvoiceSequences + "}} (id, series, period, last, created, updated) " +
			"VALUES ({:id}, {:series}, {:period}, {:count}, {:now}, {:now}) " +
			"ON CONFLICT(series, period) DO UPDATE SET last = last + {:count}, updated = excluded.updated " +
			"RETURNING last",
	).Bind(dbx.Params{"id": newID(), "series": series, "period": period, "count": count, "now": now.String()}).Row(&last)
	if err != nil {
		return nil, fmt.Errorf("next %s numbers: %w", series, err)
	}
	out := make([]string, count)
	for i := range out {
		out[i] = pattern.Format(last-int64(count)+1+int64(i), issued)
	}
	return out, nil
}
