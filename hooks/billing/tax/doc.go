// Package tax decides which taxes an invoice line carries and computes them,
// exactly, in integer minor units.
//
// It is pure: no floating point, no clock, no database. Rates are integer
// basis points (19% = 1900). Resolve picks the rules that apply to a buyer
// (or none: a tax-exempt buyer, an EU business-to-business reverse charge);
// Applied.Line computes the taxes of one line, each rounded half-even once,
// so that Net plus the taxes equals Gross to the minor unit.
//
// A tiny example, a German shop selling to a German consumer:
//
//	rules := []tax.Rule{{ID: "de-vat", Country: "DE", Name: "VAT", RateBP: 1900, Priority: 1}}
//	seller := tax.Party{Country: "DE"}
//	buyer := tax.Party{Country: "DE"}
//	applied, err := tax.Resolve(ctx, seller, buyer, rules, tax.Options{ReverseCharge: true})
//	if err != nil {
//		return err
//	}
//	line, err := applied.Line(1299, tax.Exclusive) // 12.99 net
//	// line.Net 1299, line.Taxes[0].Amount 247 (246.81 rounded), line.Gross 1546
package tax
