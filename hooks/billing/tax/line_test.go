package tax

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/ezscale/hostbase/hooks/money"
)

// apply resolves rules (their Country set to DE) for a German consumer.
func apply(t testing.TB, rules ...Rule) Applied {
	t.Helper()
	for i := range rules {
		rules[i].Country = "DE"
	}
	a, err := Resolve(context.Background(), Party{Country: "DE"}, Party{Country: "DE"}, rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Real-world rates used below.
var (
	vat19  = Rule{ID: "vat", Name: "VAT", RateBP: 1900, Priority: 1}
	ten    = Rule{ID: "ten", Name: "Ten", RateBP: 1000, Priority: 1}
	tx     = Rule{ID: "tx", Name: "Sales tax", RateBP: 625, Priority: 1}
	gst5   = Rule{ID: "gst", Name: "GST", RateBP: 500, Priority: 1}
	qst95c = Rule{ID: "qst", Name: "QST", RateBP: 950, Compound: true, Priority: 2} // Quebec in 2012: 9.5% on price + GST
	qst95  = Rule{ID: "qst", Name: "QST", RateBP: 950, Priority: 2}                 // the same rate, not compound
	zeroC  = Rule{ID: "zero", Name: "Zero", RateBP: 0, Compound: true, Priority: 3}
)

func TestLine(t *testing.T) {
	t.Parallel()

	type portion struct{ base, amount int64 }
	scenarios := []struct {
		name       string
		rules      []Rule
		mode       Mode
		amount     int64
		net, gross int64
		portions   []portion
	}{
		// exclusive: each tax = base × rate, rounded half-even once
		{"no tax", nil, Exclusive, 1299, 1299, 1299, nil},
		{"no tax, inclusive", nil, Inclusive, 1299, 1299, 1299, nil},
		{"DE 19% of 12.99", []Rule{vat19}, Exclusive, 1299, 1299, 1546, []portion{{1299, 247}}},         // 246.81 → 247
		{"DE 19% of 10.00", []Rule{vat19}, Exclusive, 1000, 1000, 1190, []portion{{1000, 190}}},         // exact
		{"TX 6.25% of 12.99", []Rule{tx}, Exclusive, 1299, 1299, 1380, []portion{{1299, 81}}},           // 81.1875 → 81
		{"10% of 250, exact", []Rule{ten}, Exclusive, 250, 250, 275, []portion{{250, 25}}},              // 25.0
		{"10% of 5, tie to even 0", []Rule{ten}, Exclusive, 5, 5, 5, []portion{{5, 0}}},                 // 0.5 → 0
		{"10% of 15, tie to even 2", []Rule{ten}, Exclusive, 15, 15, 17, []portion{{15, 2}}},            // 1.5 → 2
		{"10% of 25, tie to even 2", []Rule{ten}, Exclusive, 25, 25, 27, []portion{{25, 2}}},            // 2.5 → 2
		{"10% of 35, tie to even 4", []Rule{ten}, Exclusive, 35, 35, 39, []portion{{35, 4}}},            // 3.5 → 4
		{"discount of 1.30 at 19%", []Rule{vat19}, Exclusive, -130, -130, -155, []portion{{-130, -25}}}, // -24.7 → -25
		{"10% of -5, tie to even 0", []Rule{ten}, Exclusive, -5, -5, -5, []portion{{-5, 0}}},            // -0.5 → 0
		{"10% of -15, tie to even -2", []Rule{ten}, Exclusive, -15, -15, -17, []portion{{-15, -2}}},     // -1.5 → -2
		{"zero", []Rule{vat19}, Exclusive, 0, 0, 0, []portion{{0, 0}}},
		// Quebec 2012: GST 5%, then QST 9.5% on price + GST
		{"GST + compound QST on 100.00", []Rule{qst95c, gst5}, Exclusive, 10000, 10000, 11498,
			[]portion{{10000, 500}, {10500, 998}}}, // 997.5 → 998 (even)
		{"GST + compound QST on 12.99", []Rule{qst95c, gst5}, Exclusive, 1299, 1299, 1494,
			[]portion{{1299, 65}, {1364, 130}}}, // 64.95 → 65; 1364 × 9.5% = 129.58 → 130
		{"GST + QST not compound on 12.99", []Rule{qst95, gst5}, Exclusive, 1299, 1299, 1487,
			[]portion{{1299, 65}, {1299, 123}}}, // 1299 × 9.5% = 123.405 → 123
		{"compound at the same priority is on the net only", []Rule{gst5, {ID: "c", Name: "C", RateBP: 1000, Compound: true, Priority: 1}},
			Exclusive, 1000, 1000, 1150, []portion{{1000, 100}, {1000, 50}}}, // C sorts before GST; neither is below the other
		{"three levels of compounding", []Rule{gst5, qst95c, {ID: "z", Name: "Z", RateBP: 1000, Compound: true, Priority: 3}},
			Exclusive, 10000, 10000, 12648, []portion{{10000, 500}, {10500, 998}, {11498, 1150}}}, // 1149.8 → 1150

		// inclusive: Net = Gross ÷ factor rounded half-even; the residue on the last taxed portion
		{"1190 including 19%", []Rule{vat19}, Inclusive, 1190, 1000, 1190, []portion{{1000, 190}}},
		{"1193 including 19%: residue -1", []Rule{vat19}, Inclusive, 1193, 1003, 1193, []portion{{1003, 190}}},
		// 1193 / 1.19 = 1002.52 → 1003; 19% of 1003 = 190.57 → 191; 1003 + 191 = 1194; 191 - 1 = 190
		{"-1193 including 19%: the mirror image", []Rule{vat19}, Inclusive, -1193, -1003, -1193, []portion{{-1003, -190}}},
		{"1546 including 19%", []Rule{vat19}, Inclusive, 1546, 1299, 1546, []portion{{1299, 247}}}, // 1299.16 → 1299
		{"11498 including GST + compound QST", []Rule{gst5, qst95c}, Inclusive, 11498, 10000, 11498,
			[]portion{{10000, 500}, {10500, 998}}}, // 11498 / (1.05 × 1.095) = 10000.43 → 10000
		{"17 including GST + compound QST: residue -1 on QST", []Rule{gst5, qst95c}, Inclusive, 17, 15, 17,
			[]portion{{15, 1}, {16, 1}}}, // 17 / 1.14975 = 14.79 → 15; GST 0.75 → 1; QST 16 × 9.5% = 1.52 → 2; 15+1+2 = 18; QST 2 - 1 = 1
		{"12 including GST + compound QST: residue +1 on QST", []Rule{gst5, qst95c}, Inclusive, 12, 10, 12,
			[]portion{{10, 0}, {10, 2}}}, // 12 / 1.14975 = 10.44 → 10; GST 0.5 → 0; QST 0.95 → 1; 10+0+1 = 11; QST 1 + 1 = 2
		{"residue skips a zero-rate last portion, whose base follows", []Rule{vat19, zeroC}, Inclusive, 1193, 1003, 1193,
			[]portion{{1003, 190}, {1193, 0}}},
		{"5 including 10%", []Rule{ten}, Inclusive, 5, 5, 5, []portion{{5, 0}}}, // 4.55 → 5; 0.5 → 0
		{"zero inclusive", []Rule{vat19}, Inclusive, 0, 0, 0, []portion{{0, 0}}},
	}

	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			lt, err := apply(t, slices.Clone(s.rules)...).Line(s.amount, s.mode)
			if err != nil {
				t.Fatal(err)
			}
			var got []portion
			for _, p := range lt.Taxes {
				got = append(got, portion{p.Base, p.Amount})
			}
			if lt.Net != s.net || lt.Gross != s.gross || !slices.Equal(got, s.portions) {
				t.Errorf("net %d, gross %d, portions %v; expected %d, %d, %v", lt.Net, lt.Gross, got, s.net, s.gross, s.portions)
			}
			if lt.Tax() != lt.Gross-lt.Net {
				t.Errorf("Tax() %d != gross - net %d", lt.Tax(), lt.Gross-lt.Net)
			}
			if err := lt.Check(s.mode); err != nil {
				t.Errorf("Check: %v", err)
			}
		})
	}
}

func TestLinePortionFields(t *testing.T) {
	t.Parallel()

	lt, err := apply(t, qst95c, gst5).Line(1299, Exclusive)
	if err != nil {
		t.Fatal(err)
	}
	expected := []Portion{
		{RuleID: "gst", Name: "GST", RateBP: 500, Priority: 1, Base: 1299, Amount: 65},
		{RuleID: "qst", Name: "QST", RateBP: 950, Compound: true, Priority: 2, Base: 1364, Amount: 130},
	}
	if !slices.Equal(lt.Taxes, expected) {
		t.Errorf("portions %+v; expected %+v", lt.Taxes, expected)
	}
}

func TestLineNoTaxWhenExemptOrReverseCharged(t *testing.T) {
	t.Parallel()

	for _, a := range []Applied{{}, {Exempt: true}, {ReverseCharge: true, Notice: ReverseChargeNotice}} {
		for _, mode := range []Mode{Exclusive, Inclusive} {
			lt, err := a.Line(1299, mode)
			if err != nil || lt.Net != 1299 || lt.Gross != 1299 || len(lt.Taxes) != 0 {
				t.Errorf("%+v.Line(1299, %s) = %+v, %v; expected no tax", a, mode, lt, err)
			}
		}
	}
}

func TestLineErrors(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		name   string
		rules  []Rule
		amount int64
		mode   Mode
		reason error
	}{
		{"unknown mode", []Rule{vat19}, 1299, "net", ErrInvalidMode},
		{"unknown mode without taxes", nil, 1299, "", ErrInvalidMode},
		{"gross beyond int64", []Rule{vat19}, math.MaxInt64, Exclusive, money.ErrOverflow},
		{"negative gross beyond int64", []Rule{vat19}, math.MinInt64, Exclusive, money.ErrOverflow},
		{"compound base beyond int64", []Rule{gst5, {ID: "c", Name: "C", RateBP: 100, Compound: true, Priority: 2}}, math.MaxInt64 - 1, Exclusive, money.ErrOverflow},
	}
	for _, s := range scenarios {
		lt, err := apply(t, slices.Clone(s.rules)...).Line(s.amount, s.mode)
		if !errors.Is(err, s.reason) || lt.Net != 0 || lt.Taxes != nil {
			t.Errorf("%s: %+v, %v; expected %v", s.name, lt, err, s.reason)
		}
	}

	// the largest amounts work in inclusive mode: the net is smaller
	for _, amount := range []int64{math.MaxInt64, math.MinInt64 + 1} {
		lt, err := apply(t, vat19).Line(amount, Inclusive)
		if err != nil || lt.Gross != amount || lt.Check(Inclusive) != nil {
			t.Errorf("Line(%d, Inclusive) = %+v, %v", amount, lt, err)
		}
	}
}

func TestLineTaxCheck(t *testing.T) {
	t.Parallel()

	good := LineTax{Net: 1299, Gross: 1494, Taxes: []Portion{
		{Name: "GST", RateBP: 500, Priority: 1, Base: 1299, Amount: 65},
		{Name: "QST", RateBP: 950, Compound: true, Priority: 2, Base: 1364, Amount: 130},
	}}
	if err := good.Check(Exclusive); err != nil {
		t.Fatalf("good line: %v", err)
	}

	scenarios := []struct {
		name   string
		mutate func(lt *LineTax)
		mode   Mode
	}{
		{"gross off by one", func(lt *LineTax) { lt.Gross++ }, Exclusive},
		{"amount off by one, gross moved along", func(lt *LineTax) { lt.Taxes[0].Amount++; lt.Gross++ }, Exclusive},
		{"non-compound base not the net", func(lt *LineTax) { lt.Taxes[0].Base = 1300 }, Exclusive},
		{"compound base without the lower tax", func(lt *LineTax) { lt.Taxes[1].Base = 1299 }, Exclusive},
		{"out of priority order", func(lt *LineTax) { lt.Taxes[0], lt.Taxes[1] = lt.Taxes[1], lt.Taxes[0] }, Exclusive},
		{"rate over 100%", func(lt *LineTax) { lt.Taxes[0].RateBP = 10001 }, Exclusive},
		{"inclusive with a net that is not gross ÷ factor", func(lt *LineTax) {
			// 1495 / 1.14975 = 1300.28 → 1300, not 1299; the figures add up otherwise
			lt.Gross = 1495
			lt.Taxes[1].Amount = 131
		}, Inclusive},
		{"unknown mode", func(lt *LineTax) {}, "gross"},
	}
	for _, s := range scenarios {
		lt := good
		lt.Taxes = slices.Clone(good.Taxes)
		s.mutate(&lt)
		if err := lt.Check(s.mode); err == nil {
			t.Errorf("%s: Check passed %+v", s.name, lt)
		}
	}

	// the residue portion may differ from base × rate in inclusive mode only
	residue := LineTax{Net: 1003, Gross: 1193, Taxes: []Portion{{Name: "VAT", RateBP: 1900, Base: 1003, Amount: 190}}}
	if err := residue.Check(Inclusive); err != nil {
		t.Errorf("inclusive residue refused: %v", err)
	}
	if err := residue.Check(Exclusive); !errors.Is(err, ErrLineMismatch) {
		t.Errorf("exclusive residue accepted: %v", err)
	}
}
