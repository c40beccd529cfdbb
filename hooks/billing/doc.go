// Package billing is Hostbase's billing engine on PocketBase: it issues
// invoices with gapless numbers, runs the daily renewal cycle under a
// database lease, and keeps each customer's account credit. The arithmetic
// lives in pure subpackages (tax, invoicecalc, numbering, proration,
// coupons); this package loads records, calls them, and writes the results.
//
//	report, err := billing.Run(ctx, app, billing.RunOptions{AsOf: day})
package billing
