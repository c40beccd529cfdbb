// Package proration computes what a mid-period change of a service costs:
// when a customer upgrades or downgrades (another product, other options),
// the unused part of the current period is credited at the old price and the
// new price is charged for the same remaining days.
//
// Everything is counted in whole calendar days, the change day included, and
// each amount is rounded half-even once (see money.MulDivHalfEven). The
// package is pure: no clock, no database, no floating point.
//
// A tiny example, a 31-day January period changed on the 16th (16 of 31
// days left) from 10.00 to 20.00 a month:
//
//	r, err := proration.Compute(proration.Change{
//		PeriodStart: jan1, PeriodEnd: jan31, On: jan16,
//		OldPrice: 1000, NewPrice: 2000,
//	})
//	// r.Credit = 516 (1000 × 16/31 = 516.13), r.Charge = 1032 (2000 × 16/31 =
//	// 1032.26), r.Net = 516 > 0: an upgrade, invoice 5.16
package proration
