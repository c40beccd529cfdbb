// Package numbering formats the numbers of invoices, credit notes and orders
// from a configurable pattern such as "INV-{YYYY}-{SEQ:6}".
//
// Numbers are sequential and gapless per series (an EU legal requirement):
// the caller keeps one counter per series and period, increments it in the
// same transaction that takes a document out of draft, and formats the new
// value with Pattern.Format. This package is pure: it never reads the clock
// or the database, and it allocates no numbers itself.
//
// Tokens, replaced by the issue date (a civil date in the company's time
// zone) and the sequence number:
//
//	{YYYY}   the 4-digit year            2026
//	{YY}     the last 2 digits of it     26
//	{MM}     the 2-digit month           03
//	{DD}     the 2-digit day             09
//	{SEQ}    the sequence, no padding    42
//	{SEQ:n}  zero-padded to n digits     {SEQ:6} → 000042 (1 ≤ n ≤ 12)
//
// A tiny example:
//
//	p, err := numbering.ParsePattern("INV-{YYYY}-{SEQ:6}")
//	if err != nil {
//		return err // e.g. "unknown token {YYY} at position 4"
//	}
//	if err := numbering.ValidateReset(p, yearlyReset); err != nil {
//		return err // yearly reset needs {YYYY} or {YY} in the pattern
//	}
//	key := p.Period(issued, yearlyReset) // "" or "2026": the counter to increment
//	number := p.Format(seq, issued)      // "INV-2026-000042"
package numbering
