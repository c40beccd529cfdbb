// Package collections names Hostbase's collections and fields and wraps their
// records in typed proxies (PocketBase's core.BaseRecordProxy pattern), so
// that hook code never spells a field name as a string twice.
//
// The *_gen.go files are generated from the migrated schema; the hand-written
// files beside them add typed views of JSON fields and other helpers.
//
//	inv, err := collections.FindInvoice(app, id)
//	if inv.Status() == collections.InvoiceStatusUnpaid { ... }
//	inv.SetAmountDue(0)
//	err = app.Save(inv)
package collections

//go:generate go run ./gen
