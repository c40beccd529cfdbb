// Package money holds Hostbase's pure money primitives: ISO 4217 currencies,
// integer amounts in minor units, half-even rounding of integer rates,
// parsing of customer input, billing cycles, civil dates and the arithmetic
// of billing periods, and catalog price lists.
//
// Nothing in this package uses floating point, reads the clock or touches the
// database. Amounts are int64 minor units (cents for USD, yen for JPY, fils
// for KWD) plus an upper-case ISO 4217 code; rates are integer basis points
// (20% = 2000) and are rounded half-even, once per line.
//
// A tiny example:
//
//	price, err := money.ParseAmount("1,299.00", "USD") // USD 1299.00
//	if err != nil {
//		return err // a *money.ParseError with a message a customer can read
//	}
//	tax, err := money.MulRateBP(price.Minor, 2000) // 20% VAT: 25980 minor units
//	if err != nil {
//		return err
//	}
//	total, err := price.Add(money.Amount{Minor: tax, Currency: "USD"})
//	fmt.Println(total, err) // USD 1558.80 <nil>
package money
