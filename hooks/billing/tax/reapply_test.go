package tax

import (
	"context"
	"slices"
	"testing"
)

// A credit note recomputes an invoice's line with the invoice's own rates
// and gets the same taxes, compound order included.
func TestReapplyChargesTheSameTaxes(t *testing.T) {
	rules := []Rule{
		{ID: "gst", Country: "CA", Name: "GST", RateBP: 500, Priority: 1},
		{ID: "qst", Country: "CA", State: "QC", Name: "QST", RateBP: 950, Compound: true, Priority: 2},
	}
	a, err := Resolve(context.Background(), Party{Country: "CA"}, Party{Country: "CA", State: "QC"}, rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	portions := a.Portions()
	slices.Reverse(portions) // stored in any order
	again := Reapply(portions)
	for _, mode := range []Mode{Exclusive, Inclusive} {
		for _, amount := range []int64{1, 1299, 99999, -260} {
			want, err1 := a.Line(amount, mode)
			got, err2 := again.Line(amount, mode)
			if err1 != nil || err2 != nil || got.Net != want.Net || got.Gross != want.Gross || got.Tax() != want.Tax() {
				t.Errorf("%s %d: reapplied %+v, issued %+v (%v %v)", mode, amount, got, want, err1, err2)
			}
		}
	}
	if Reapply(nil).EffectiveRateBP() != 0 {
		t.Error("no rates must charge no tax")
	}
}
