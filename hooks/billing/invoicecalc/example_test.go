package invoicecalc_test

import (
	"context"
	"fmt"

	"github.com/ezscale/hostbase/hooks/billing/invoicecalc"
	"github.com/ezscale/hostbase/hooks/billing/tax"
)

// The package example: one month of a VPS and a coupon for a German
// consumer, 19% VAT added.
func Example() {
	rules := []tax.Rule{{ID: "de-vat", Country: "DE", Name: "VAT", RateBP: 1900, Priority: 1}}
	applied, err := tax.Resolve(context.Background(), tax.Party{Country: "DE"}, tax.Party{Country: "DE"}, rules, tax.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	inv, err := invoicecalc.Compute("EUR", tax.Exclusive, applied, []invoicecalc.LineInput{
		{Kind: invoicecalc.KindService, Description: "VPS S (monthly)", Quantity: 1, UnitAmount: 1299, Taxable: true},
		{Kind: invoicecalc.KindDiscount, Description: "Coupon WELCOME10", Quantity: 1, UnitAmount: -130, Taxable: true},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range inv.Lines {
		fmt.Printf("%-18s %6d  tax %4d at %d bp\n", l.Description, l.Amount, l.Tax, l.TaxRateBP)
	}
	fmt.Println("subtotal", inv.Subtotal, "discount", inv.DiscountTotal, "tax", inv.TaxTotal, "total", inv.Total)
	for _, tl := range inv.TaxLines {
		fmt.Printf("%s %d bp on %d: %d\n", tl.Name, tl.RateBP, tl.Base, tl.Amount)
	}
	// Output:
	// VPS S (monthly)      1299  tax  247 at 1900 bp
	// Coupon WELCOME10     -130  tax  -25 at 1900 bp
	// subtotal 1299 discount 130 tax 222 total 1391
	// VAT 1900 bp on 1169: 222
}
