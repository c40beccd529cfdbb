package numbering

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/money"
)

func TestValidateReset(t *testing.T) {
	tests := []struct {
		pattern string
		yearly  bool
		ok      bool
	}{
		{"INV-{YYYY}-{SEQ:6}", true, true},
		{"INV-{YYYY}-{SEQ:6}", false, true},
		{"INV-{YY}{MM}-{SEQ:4}", true, true},
		{"INV-{SEQ:6}", false, true},
		{"INV-{SEQ:6}", true, false},
		{"INV-{MM}{DD}-{SEQ}", true, false}, // month and day repeat every year too
		{"INV-2026-{SEQ}", true, false},     // a literal year is not the year
	}
	for _, tt := range tests {
		err := ValidateReset(mustParse(t, tt.pattern), tt.yearly)
		if (err == nil) != tt.ok {
			t.Errorf("ValidateReset(%q, %v) = %v, want ok=%v", tt.pattern, tt.yearly, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrResetWithoutYear) {
			t.Errorf("ValidateReset(%q, %v) = %v, want ErrResetWithoutYear", tt.pattern, tt.yearly, err)
		}
	}

	err := ValidateReset(mustParse(t, "INV-{SEQ:6}"), true)
	want := `yearly reset needs {YYYY} or {YY} in the pattern: "INV-{SEQ:6}" would issue the same numbers every year`
	if err == nil || err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if err := ValidateReset(Pattern{}, false); err == nil {
		t.Error("ValidateReset accepted the zero Pattern")
	}
}

// randomPattern returns a pattern that ParsePattern accepts: literals (digits
// included, so that they can run into the sequence), date tokens and exactly
// one sequence token, in random order.
func randomPattern(r *rand.Rand) string {
	const alphabet = "AZaz09-_/.# 1"
	parts := []string{}
	for range r.IntN(5) {
		switch r.IntN(6) {
		case 0:
			parts = append(parts, "{YYYY}")
		case 1:
			parts = append(parts, "{YY}")
		case 2:
			parts = append(parts, "{MM}")
		case 3:
			parts = append(parts, "{DD}")
		default:
			var b strings.Builder
			for range 1 + r.IntN(3) {
				b.WriteByte(alphabet[r.IntN(len(alphabet))])
			}
			parts = append(parts, b.String())
		}
	}
	seq := "{SEQ}"
	if r.IntN(3) > 0 {
		seq = fmt.Sprintf("{SEQ:%d}", 1+r.IntN(MaxSeqDigits))
	}
	at := r.IntN(len(parts) + 1)
	parts = append(parts[:at], append([]string{seq}, parts[at:]...)...)
	return strings.Trim(strings.Join(parts, ""), " ")
}

// The property behind gapless numbering: for a pattern that passes
// ValidateReset, two documents with different (period, seq) never get the
// same number. Years are kept within one century, where {YY} is unique.
func TestDistinctPeriodAndSeqGiveDistinctNumbers(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 3))
	checked := 0
	for range 300 {
		p := mustParse(t, randomPattern(r))
		for _, yearly := range []bool{false, true} {
			if ValidateReset(p, yearly) != nil {
				continue
			}
			checked++
			type key struct {
				period string
				seq    int64
			}
			seen := map[string]key{}
			for range 1000 {
				issued := money.AddCycles(money.Date{Year: 2000 + r.IntN(100), Month: time.January, Day: 1}, money.Monthly, r.IntN(12)).AddDays(r.IntN(28))
				var seq int64
				switch r.IntN(3) {
				case 0:
					seq = 1 + r.Int64N(20)
				case 1:
					seq = 1 + r.Int64N(2_000_000)
				default:
					seq = 1 + r.Int64N(999_999_999_999)
				}
				k := key{p.Period(issued, yearly), seq}
				number := p.Format(seq, issued)
				if len(number) > p.MaxLen() {
					t.Fatalf("%q: %q is longer than MaxLen %d", p, number, p.MaxLen())
				}
				if prev, ok := seen[number]; ok && prev != k {
					t.Fatalf("%q (yearly %v): %v and %v both give %q", p, yearly, prev, k, number)
				}
				seen[number] = k
			}
		}
	}
	if checked < 300 {
		t.Fatalf("only %d pattern/reset combinations were checked", checked)
	}
}

// The counter-example ValidateReset exists for: without the year in the
// pattern, the first invoice of every year has the same number.
func TestResetWithoutYearRepeatsNumbers(t *testing.T) {
	p := mustParse(t, "INV-{SEQ:6}")
	a, b := day(2026, time.June, 1), day(2027, time.June, 1)
	if p.Period(a, true) == p.Period(b, true) {
		t.Fatal("different years share a period")
	}
	if p.Format(1, a) != p.Format(1, b) {
		t.Fatal("expected the same number in both years")
	}
	if ValidateReset(p, true) == nil {
		t.Fatal("ValidateReset accepted it")
	}
}
