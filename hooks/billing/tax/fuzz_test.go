package tax

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/hooks/money"
)

// FuzzLine computes one line with random rules, amounts and modes and checks
// that Check passes, that the mode's fixed side is kept, and that a negative
// amount gives exactly the negated taxes.
//
//	go test -run='^$' -fuzz=FuzzLine -fuzztime=30s ./hooks/billing/tax/
func FuzzLine(f *testing.F) {
	f.Add([]byte{0x6c, 0x07, 1, 0}, int64(1299), false)                // 19%
	f.Add([]byte{0x6c, 0x07, 1, 0}, int64(1193), true)                 // 19%, residue
	f.Add([]byte{0xf4, 0x01, 1, 0, 0xb6, 0x03, 2, 1}, int64(17), true) // GST + compound QST, residue
	f.Add([]byte{0x10, 0x27, 0, 1, 0x10, 0x27, 1, 1, 0, 0, 2, 1}, int64(math.MaxInt64), true)
	f.Add([]byte{0x10, 0x27, 0, 0}, int64(math.MinInt64), false)
	f.Add([]byte("8 0011110"), int64(-math.MaxInt64), true) // net + taxes one beyond int64 before the residue

	f.Fuzz(func(t *testing.T, spec []byte, amount int64, inclusive bool) {
		var rules []Rule
		for i := 0; len(spec) >= 4 && i < 5; i, spec = i+1, spec[4:] {
			rules = append(rules, Rule{
				ID: fmt.Sprint(i), Country: "DE", Name: fmt.Sprint("T", i),
				RateBP:   int64(binary.LittleEndian.Uint16(spec)) % (MaxRateBP + 1),
				Priority: int(spec[2] % 4), Compound: spec[3]&1 == 1,
			})
		}
		applied, err := Resolve(context.Background(), Party{Country: "DE"}, Party{Country: "DE"}, rules, Options{})
		if err != nil {
			t.Fatal(err)
		}
		mode := Exclusive
		if inclusive {
			mode = Inclusive
		}

		lt, err := applied.Line(amount, mode)
		if err != nil {
			return
		}
		if err := lt.Check(mode); err != nil {
			t.Fatalf("Check: %v\n%+v", err, lt)
		}
		if (mode == Exclusive && lt.Net != amount) || (mode == Inclusive && lt.Gross != amount) {
			t.Fatalf("%s line of %d: %+v", mode, amount, lt)
		}
		if amount == math.MinInt64 {
			return
		}
		neg, err := applied.Line(-amount, mode)
		if err != nil {
			// int64 has one more negative value than positive ones, so in
			// the last units of its range an intermediate sum (a compound
			// base before the inclusive residue) may overflow on the
			// positive side only
			if errors.Is(err, money.ErrOverflow) && amount < 0 && amount < math.MinInt64+16 {
				return
			}
			t.Fatalf("Line(%d) failed where Line(%d) did not: %v", -amount, amount, err)
		}
		mirrored := LineTax{Net: -lt.Net, Gross: -lt.Gross, Taxes: slices.Clone(lt.Taxes)}
		for i := range mirrored.Taxes {
			mirrored.Taxes[i].Base = -mirrored.Taxes[i].Base
			mirrored.Taxes[i].Amount = -mirrored.Taxes[i].Amount
		}
		if neg.Net != mirrored.Net || neg.Gross != mirrored.Gross || !slices.Equal(neg.Taxes, mirrored.Taxes) {
			t.Fatalf("Line(%d) = %+v is not the mirror of %+v", -amount, neg, lt)
		}
	})
}

// FuzzNormalizeVATID checks that NormalizeVATID never panics, that what it
// returns starts with the country's VAT prefix, and that its result
// normalizes to itself, with or without the prefix (unless the number
// without it starts with the prefix again, see NormalizeVATID).
//
//	go test -run='^$' -fuzz=FuzzNormalizeVATID -fuzztime=30s ./hooks/billing/tax/
func FuzzNormalizeVATID(f *testing.F) {
	f.Add("DE", "DE 123 456 789")
	f.Add("GR", "gr123456789")
	f.Add("FR", "FRFR123456789")
	f.Add("IE", "8+12345T")
	f.Add("NL", "123456789.B.01")
	f.Add("ES", "ESX1234567L")
	f.Add("US", "123")

	f.Fuzz(func(t *testing.T, country, id string) {
		got, err := NormalizeVATID(country, id)
		if err != nil {
			return
		}
		prefix := euMembers[strings.ToUpper(strings.TrimSpace(country))]
		if prefix == "" || !strings.HasPrefix(got, prefix) {
			t.Fatalf("NormalizeVATID(%q, %q) = %q without the prefix %q", country, id, got, prefix)
		}
		if again, err := NormalizeVATID(country, got); again != got || err != nil {
			t.Fatalf("NormalizeVATID(%q, %q) = %q, %v; expected %q", country, got, again, err, got)
		}
		// a bare number that itself starts with the prefix (a French key
		// "FR") is read as prefixed, by design
		if bare := got[len(prefix):]; strings.HasPrefix(bare, prefix) {
			return
		}
		if bare, err := NormalizeVATID(country, got[len(prefix):]); bare != got || err != nil {
			t.Fatalf("NormalizeVATID(%q, %q) = %q, %v; expected %q", country, got[len(prefix):], bare, err, got)
		}
	})
}
