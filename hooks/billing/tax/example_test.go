package tax_test

import (
	"context"
	"fmt"

	"github.com/ezscale/hostbase/hooks/billing/tax"
)

// The package example: a German shop, a German consumer, 19% VAT on 12.99.
func Example() {
	rules := []tax.Rule{{ID: "de-vat", Country: "DE", Name: "VAT", RateBP: 1900, Priority: 1}}
	seller := tax.Party{Country: "DE"}
	buyer := tax.Party{Country: "DE"}
	applied, err := tax.Resolve(context.Background(), seller, buyer, rules, tax.Options{ReverseCharge: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	line, err := applied.Line(1299, tax.Exclusive)
	fmt.Println(line.Net, line.Taxes[0].Name, line.Taxes[0].Amount, line.Gross, err)
	// Output: 1299 VAT 247 1546 <nil>
}

// A French business with a VAT number buying from a German shop pays no
// VAT; the invoice carries the reverse charge notice.
func ExampleResolve() {
	rules := []tax.Rule{{ID: "fr-vat", Country: "FR", Name: "TVA", RateBP: 2000}}
	seller := tax.Party{Country: "DE"}
	buyer := tax.Party{Country: "FR", VATID: "fr 12 345 678 901"}
	applied, _ := tax.Resolve(context.Background(), seller, buyer, rules, tax.Options{ReverseCharge: true})
	fmt.Println(applied.ReverseCharge, applied.BuyerVATID, len(applied.Portions()))
	fmt.Println(applied.Notice)
	// Output:
	// true FR12345678901 0
	// Reverse charge: VAT to be accounted for by the recipient as per Article 196 of Council Directive 2006/112/EC.
}

// Quebec in 2012: GST 5%, then QST 9.5% on the price plus the GST.
func ExampleApplied_Line() {
	rules := []tax.Rule{
		{ID: "gst", Country: "CA", Name: "GST", RateBP: 500, Priority: 1},
		{ID: "qst", Country: "CA", State: "QC", Name: "QST", RateBP: 950, Compound: true, Priority: 2},
	}
	applied, _ := tax.Resolve(context.Background(), tax.Party{Country: "CA"}, tax.Party{Country: "CA", State: "QC"}, rules, tax.Options{})
	for _, mode := range []tax.Mode{tax.Exclusive, tax.Inclusive} {
		line, _ := applied.Line(10000, mode)
		fmt.Printf("%s: net %d", mode, line.Net)
		for _, p := range line.Taxes {
			fmt.Printf(" + %s %d on %d", p.Name, p.Amount, p.Base)
		}
		fmt.Printf(" = %d\n", line.Gross)
	}
	fmt.Println("effective rate", applied.EffectiveRateBP(), "bp")
	// Output:
	// exclusive: net 10000 + GST 500 on 10000 + QST 998 on 10500 = 11498
	// inclusive: net 8698 + GST 435 on 8698 + QST 867 on 9133 = 10000
	// effective rate 1498 bp
}

func ExampleNormalizeVATID() {
	for _, in := range [][2]string{{"GR", "gr 123.456.789"}, {"NL", "123456789b01"}, {"DE", "12345678"}} {
		id, err := tax.NormalizeVATID(in[0], in[1])
		fmt.Printf("%q %v\n", id, err)
	}
	// Output:
	// "EL123456789" <nil>
	// "NL123456789B01" <nil>
	// "" tax: invalid VAT ID: "12345678" is not a VAT number of DE: expected DE followed by 9 digits, e.g. DE123456789
}
