// Package invoicecalc computes an invoice as a value — its lines, taxes and
// totals in integer minor units — before anything is saved.
//
// It is pure: no floating point, no clock, no database. The taxes come from
// package tax (one tax.Applied for the whole invoice, each line's taxes
// rounded half-even once); the result satisfies, exactly,
//
//	Total == Σ line Amount + Σ line Tax == Subtotal - DiscountTotal + TaxTotal
//
// and Invoice.Check re-verifies that and every other invariant.
//
// A tiny example, one month of a VPS and a coupon, for a German consumer:
//
//	applied, _ := tax.Resolve(ctx, seller, buyer, rules, tax.Options{}) // DE VAT 19%
//	inv, err := invoicecalc.Compute("EUR", tax.Exclusive, applied, []invoicecalc.LineInput{
//		{Kind: invoicecalc.KindService, Description: "VPS S (monthly)", Quantity: 1, UnitAmount: 1299, Taxable: true},
//		{Kind: invoicecalc.KindDiscount, Description: "Coupon WELCOME10", Quantity: 1, UnitAmount: -130, Taxable: true},
//	})
//	// inv.Subtotal 1299, inv.DiscountTotal 130, inv.TaxTotal 222 (247 - 25), inv.Total 1391
package invoicecalc
