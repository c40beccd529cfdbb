package tax

import (
	"math"
	"slices"
	"testing"
)

func TestEffectiveRateBP(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		name     string
		applied  Applied
		expected int64
	}{
		{"no tax", Applied{}, 0},
		{"exempt", Applied{Exempt: true}, 0},
		{"DE 19%", apply(t, vat19), 1900},
		{"TX 6.25%", apply(t, tx), 625},
		{"GST 5% + QST 9.5% not compound", apply(t, gst5, qst95), 1450},
		{"GST 5% + QST 9.5% compound: 14.975% → 1498", apply(t, gst5, qst95c), 1498}, // 500 + 950 × 1.05 = 1497.5 → even 1498
		{"three levels", apply(t, gst5, qst95c, Rule{ID: "z", Name: "Z", RateBP: 1000, Compound: true, Priority: 3}), 2647}, // 1.14975 × 1.1 = 1.264725 → 2647.25 → 2647
		{"compound of a zero rate", apply(t, gst5, zeroC), 500},
	}
	for _, s := range scenarios {
		if got := s.applied.EffectiveRateBP(); got != s.expected {
			t.Errorf("%s: EffectiveRateBP() = %d; expected %d", s.name, got, s.expected)
		}
	}

	// 70 levels of 100% compounding: 2^70 - 1 times 10000 does not fit
	deep := Applied{}
	for i := range 70 {
		deep.rules = append(deep.rules, Rule{Name: "X", RateBP: MaxRateBP, Compound: true, Priority: i})
	}
	if got := deep.EffectiveRateBP(); got != math.MaxInt64 {
		t.Errorf("deep.EffectiveRateBP() = %d; expected math.MaxInt64", got)
	}
}

func TestPortions(t *testing.T) {
	t.Parallel()

	a := apply(t, qst95c, gst5)
	expected := []Portion{
		{RuleID: "gst", Name: "GST", RateBP: 500, Priority: 1},
		{RuleID: "qst", Name: "QST", RateBP: 950, Compound: true, Priority: 2},
	}
	got := a.Portions()
	if !slices.Equal(got, expected) {
		t.Fatalf("Portions() = %+v; expected %+v", got, expected)
	}
	got[0].Name = "changed"
	if a.Portions()[0].Name != "GST" {
		t.Error("Portions() shares its slice with Applied")
	}
	if p := (Applied{Exempt: true}).Portions(); len(p) != 0 {
		t.Errorf("exempt Portions() = %+v", p)
	}
}
