package money_test

import (
	"errors"
	"fmt"

	"github.com/ezscale/hostbase/hooks/money"
)

// The package example: parse what a customer typed, add 20% tax, print.
func Example() {
	price, err := money.ParseAmount("1,299.00", "USD")
	if err != nil {
		fmt.Println(err)
		return
	}
	tax, err := money.MulRateBP(price.Minor, 2000)
	if err != nil {
		fmt.Println(err)
		return
	}
	total, err := price.Add(money.Amount{Minor: tax, Currency: "USD"})
	fmt.Println(total, err)
	// Output: USD 1558.80 <nil>
}

func ExampleParseAmount() {
	for _, input := range []string{"12.34", ".5", "1,234.56", "-0", "12.345", "-1", "1e3"} {
		a, err := money.ParseAmount(input, "USD")
		var pe *money.ParseError
		switch {
		case errors.As(err, &pe):
			fmt.Printf("%-9s error: %s\n", input, pe.Message)
		default:
			fmt.Printf("%-9s %v\n", input, a)
		}
	}
	// Output:
	// 12.34     USD 12.34
	// .5        USD 0.50
	// 1,234.56  USD 1234.56
	// -0        USD 0.00
	// 12.345    error: "12.345" has more decimals than USD allows (2)
	// -1        error: "-1" is negative; the amount must be zero or more
	// 1e3       error: "1e3" is not a valid amount; use digits with an optional decimal point, like 1234.56
}

func ExampleExtractInclusiveBP() {
	gross := int64(1000) // 10.00 including 19% VAT
	tax, _ := money.ExtractInclusiveBP(gross, 1900)
	fmt.Println(money.FormatMinor(gross-tax, 2), "+", money.FormatMinor(tax, 2))
	// Output: 8.40 + 1.60
}

func ExampleAddCycles() {
	anchor, _ := money.ParseDate("2026-01-31")
	for n := range 5 {
		fmt.Println(money.AddCycles(anchor, money.Monthly, n), "to", money.PeriodEnd(anchor, money.Monthly, n))
	}
	// Output:
	// 2026-01-31 to 2026-02-27
	// 2026-02-28 to 2026-03-30
	// 2026-03-31 to 2026-04-29
	// 2026-04-30 to 2026-05-30
	// 2026-05-31 to 2026-06-29
}

func ExampleParsePricing() {
	_, err := money.ParsePricing([]byte(`{"USD":{"monthly":{"price":-1299}},"EUR":{"monthly":{"price":12.99}}}`))
	fmt.Println(err)

	p, _ := money.ParsePricing([]byte(`{"USD":{"monthly":{"price":1299},"annual":{"price":12990}}}`))
	cycle, price, _ := p.Cheapest("USD")
	fmt.Println(cycle, price.Price)
	// Output:
	// EUR.monthly.price: must be an integer number of minor units, got 12.99
	// annual 12990
}
