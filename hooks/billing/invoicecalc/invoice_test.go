package invoicecalc

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
)

// resolve returns the taxes a buyer pays a German seller under rules, with
// the reverse charge on.
func resolve(t testing.TB, buyer tax.Party, rules ...tax.Rule) tax.Applied {
	t.Helper()
	a, err := tax.Resolve(context.Background(), tax.Party{Country: "DE"}, buyer, rules, tax.Options{ReverseCharge: true})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

var (
	deVAT = tax.Rule{ID: "de-vat", Country: "DE", Name: "VAT", RateBP: 1900, Priority: 1}
	frVAT = tax.Rule{ID: "fr-vat", Country: "FR", Name: "TVA", RateBP: 2000, Priority: 1}
	ten   = tax.Rule{ID: "ten", Country: "DE", Name: "Ten", RateBP: 1000, Priority: 1}
	// Quebec in 2012: GST 5%, then QST 9.5% on the price plus the GST
	gst = tax.Rule{ID: "gst", Country: "CA", Name: "GST", RateBP: 500, Priority: 1}
	qst = tax.Rule{ID: "qst", Country: "CA", State: "QC", Name: "QST", RateBP: 950, Compound: true, Priority: 2}

	german      = tax.Party{Country: "DE"}
	quebecer    = tax.Party{Country: "CA", State: "QC"}
	frenchFirm  = tax.Party{Country: "FR", VATID: "FR12345678901"}
	exemptFirm  = tax.Party{Country: "DE", Exempt: true}
	service1299 = LineInput{Kind: KindService, Description: "VPS S", Quantity: 1, UnitAmount: 1299, Taxable: true, Ref: "svc_1"}
)

// figures are the numbers of one computed line.
type figures struct{ amount, tax, rateBP int64 }

func TestCompute(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		name     string
		currency string
		mode     tax.Mode
		applied  tax.Applied
		lines    []LineInput

		expectedLines                       []figures
		subtotal, discount, taxTotal, total int64
		taxLines                            []TaxLine
		exempt, reverseCharge               bool
	}{
		{
			name: "German consumer: 19% of 12.99 is 246.81 → 2.47", currency: "EUR", mode: tax.Exclusive,
			applied: resolve(t, german, deVAT), lines: []LineInput{service1299},
			expectedLines: []figures{{1299, 247, 1900}},
			subtotal:      1299, taxTotal: 247, total: 1546,
			taxLines: []TaxLine{{Name: "VAT", RateBP: 1900, Base: 1299, Amount: 247}},
		},
		{
			name: "10% ties round half-even, once per line", currency: "EUR", mode: tax.Exclusive,
			applied: resolve(t, german, ten),
			lines: []LineInput{
				{Kind: KindService, Quantity: 1, UnitAmount: 250, Taxable: true}, // 25.0
				{Kind: KindAddon, Quantity: 1, UnitAmount: 5, Taxable: true},     // 0.5 → 0
				{Kind: KindAddon, Quantity: 1, UnitAmount: 15, Taxable: true},    // 1.5 → 2
				{Kind: KindAddon, Quantity: 1, UnitAmount: 25, Taxable: true},    // 2.5 → 2
			},
			expectedLines: []figures{{250, 25, 1000}, {5, 0, 1000}, {15, 2, 1000}, {25, 2, 1000}},
			subtotal:      295, taxTotal: 29, total: 324,
			taxLines: []TaxLine{{Name: "Ten", RateBP: 1000, Base: 295, Amount: 29}},
		},
		{
			name: "quantity: 19% of 3 × 12.99 = 740.43 → 7.40, not 3 × 2.47", currency: "EUR", mode: tax.Exclusive,
			applied:       resolve(t, german, deVAT),
			lines:         []LineInput{{Kind: KindService, Quantity: 3, UnitAmount: 1299, Taxable: true}},
			expectedLines: []figures{{3897, 740, 1900}},
			subtotal:      3897, taxTotal: 740, total: 4637,
			taxLines: []TaxLine{{Name: "VAT", RateBP: 1900, Base: 3897, Amount: 740}},
		},
		{
			name: "inclusive: 11.90 including 19% is 10.00 + 1.90", currency: "EUR", mode: tax.Inclusive,
			applied:       resolve(t, german, deVAT),
			lines:         []LineInput{{Kind: KindService, Quantity: 1, UnitAmount: 1190, Taxable: true}},
			expectedLines: []figures{{1000, 190, 1900}},
			subtotal:      1000, taxTotal: 190, total: 1190,
			taxLines: []TaxLine{{Name: "VAT", RateBP: 1900, Base: 1000, Amount: 190}},
		},
		{
			name: "inclusive: 11.93 including 19%, residue -1 on the tax", currency: "EUR", mode: tax.Inclusive,
			applied: resolve(t, german, deVAT),
			// 1193 / 1.19 = 1002.52 → 1003; 19% of 1003 = 190.57 → 191; 1003 + 191 = 1194 → tax 190
			lines:         []LineInput{{Kind: KindService, Quantity: 1, UnitAmount: 1193, Taxable: true}},
			expectedLines: []figures{{1003, 190, 1900}},
			subtotal:      1003, taxTotal: 190, total: 1193,
			taxLines: []TaxLine{{Name: "VAT", RateBP: 1900, Base: 1003, Amount: 190}},
		},
		{
			name: "Quebec 2012: GST 5% and QST 9.5% compounded on it", currency: "CAD", mode: tax.Exclusive,
			applied: resolve(t, quebecer, qst, gst),
			lines: []LineInput{
				service1299, // GST 64.95 → 65; QST 9.5% of 1364 = 129.58 → 130
				{Kind: KindAddon, Quantity: 2, UnitAmount: 500, Taxable: true}, // GST 50; QST 9.5% of 1050 = 99.75 → 100
			},
			expectedLines: []figures{{1299, 195, 1498}, {1000, 150, 1498}}, // 5% + 9.5% × 1.05 = 14.975% → 1498 (even)
			subtotal:      2299, taxTotal: 345, total: 2644,
			taxLines: []TaxLine{
				{Name: "GST", RateBP: 500, Base: 2299, Amount: 115},
				{Name: "QST", RateBP: 950, Compound: true, Base: 2414, Amount: 230},
			},
		},
		{
			name: "Quebec 2012, inclusive: 100.00 is 86.98 + 4.35 + 8.67", currency: "CAD", mode: tax.Inclusive,
			applied: resolve(t, quebecer, qst, gst),
			// 10000 / 1.14975 = 8697.54 → 8698; GST 434.9 → 435; QST 9.5% of 9133 = 867.635 → 868;
			// 8698 + 435 + 868 = 10001, so the QST (the last portion) carries -1: 867
			lines:         []LineInput{{Kind: KindService, Quantity: 1, UnitAmount: 10000, Taxable: true}},
			expectedLines: []figures{{8698, 1302, 1498}},
			subtotal:      8698, taxTotal: 1302, total: 10000,
			taxLines: []TaxLine{
				{Name: "GST", RateBP: 500, Base: 8698, Amount: 435},
				{Name: "QST", RateBP: 950, Compound: true, Base: 9133, Amount: 867},
			},
		},
		{
			name: "a 1.30 discount at 19%: tax -24.7 → -0.25", currency: "EUR", mode: tax.Exclusive,
			applied: resolve(t, german, deVAT),
			lines: []LineInput{
				service1299, // 247
				{Kind: KindDiscount, Description: "Coupon WELCOME10", Quantity: 1, UnitAmount: -130, Taxable: true}, // -25
			},
			expectedLines: []figures{{1299, 247, 1900}, {-130, -25, 1900}},
			subtotal:      1299, discount: 130, taxTotal: 222, total: 1391,
			taxLines: []TaxLine{{Name: "VAT", RateBP: 1900, Base: 1169, Amount: 222}},
		},
		{
			name: "the same discount, inclusive", currency: "EUR", mode: tax.Inclusive,
			applied: resolve(t, german, deVAT),
			lines: []LineInput{
				{Kind: KindService, Quantity: 1, UnitAmount: 1546, Taxable: true},  // 1546 / 1.19 = 1299.16 → 1299 + 247
				{Kind: KindDiscount, Quantity: 1, UnitAmount: -155, Taxable: true}, // -155 / 1.19 = -130.25 → -130 + -25
			},
			expectedLines: []figures{{1299, 247, 1900}, {-130, -25, 1900}},
			subtotal:      1299, discount: 130, taxTotal: 222, total: 1391,
			taxLines: []TaxLine{{Name: "VAT", RateBP: 1900, Base: 1169, Amount: 222}},
		},
		{
			name: "an untaxed setup fee and a credit line", currency: "EUR", mode: tax.Exclusive,
			applied: resolve(t, german, deVAT),
			lines: []LineInput{
				{Kind: KindService, Quantity: 1, UnitAmount: 1000, Taxable: true}, // 190
				{Kind: KindSetup, Quantity: 1, UnitAmount: 500},
				{Kind: KindCredit, Description: "Account credit", Quantity: 1, UnitAmount: -300},
				{Kind: KindAdjustment, Quantity: 1, UnitAmount: -100, Taxable: true}, // -19
			},
			expectedLines: []figures{{1000, 190, 1900}, {500, 0, 0}, {-300, 0, 0}, {-100, -19, 1900}},
			subtotal:      1100, taxTotal: 171, total: 1271,
			taxLines: []TaxLine{{Name: "VAT", RateBP: 1900, Base: 900, Amount: 171}},
		},
		{
			name: "French business with a VAT number: reverse charged, no tax", currency: "EUR", mode: tax.Exclusive,
			applied: resolve(t, frenchFirm, deVAT, frVAT), lines: []LineInput{service1299},
			expectedLines: []figures{{1299, 0, 0}},
			subtotal:      1299, total: 1299,
			reverseCharge: true,
		},
		{
			name: "exempt buyer: no tax", currency: "EUR", mode: tax.Inclusive,
			applied: resolve(t, exemptFirm, deVAT), lines: []LineInput{service1299},
			expectedLines: []figures{{1299, 0, 0}},
			subtotal:      1299, total: 1299,
			exempt: true,
		},
		{
			name: "a discount as large as the invoice: total zero", currency: "EUR", mode: tax.Exclusive,
			applied: resolve(t, german, deVAT),
			lines: []LineInput{
				service1299,
				{Kind: KindDiscount, Quantity: 1, UnitAmount: -1299, Taxable: true},
			},
			expectedLines: []figures{{1299, 247, 1900}, {-1299, -247, 1900}},
			subtotal:      1299, discount: 1299, total: 0,
			taxLines: []TaxLine{{Name: "VAT", RateBP: 1900, Base: 0, Amount: 0}},
		},
		{
			name: "yen have no decimals: 10% of ¥1234 is ¥123", currency: "JPY", mode: tax.Exclusive,
			applied:       resolve(t, german, ten),
			lines:         []LineInput{{Kind: KindService, Quantity: 1, UnitAmount: 1234, Taxable: true}},
			expectedLines: []figures{{1234, 123, 1000}},
			subtotal:      1234, taxTotal: 123, total: 1357,
			taxLines: []TaxLine{{Name: "Ten", RateBP: 1000, Base: 1234, Amount: 123}},
		},
	}

	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			inv, err := Compute(s.currency, s.mode, s.applied, s.lines)
			if err != nil {
				t.Fatal(err)
			}
			var got []figures
			for i, l := range inv.Lines {
				got = append(got, figures{l.Amount, l.Tax, l.TaxRateBP})
				if l.LineInput != s.lines[i] {
					t.Errorf("line %d input %+v; expected %+v copied through", i, l.LineInput, s.lines[i])
				}
			}
			if !slices.Equal(got, s.expectedLines) {
				t.Errorf("lines (amount, tax, rate) %v; expected %v", got, s.expectedLines)
			}
			if inv.Subtotal != s.subtotal || inv.DiscountTotal != s.discount || inv.TaxTotal != s.taxTotal || inv.Total != s.total {
				t.Errorf("subtotal %d, discount %d, tax %d, total %d; expected %d, %d, %d, %d",
					inv.Subtotal, inv.DiscountTotal, inv.TaxTotal, inv.Total, s.subtotal, s.discount, s.taxTotal, s.total)
			}
			taxLines := slices.Clone(inv.TaxLines)
			for i, tl := range taxLines {
				if want := inv.Lines[0].Portions; len(want) > i && tl.Priority != want[i].Priority {
					t.Errorf("tax line %d has priority %d, its rule %d", i, tl.Priority, want[i].Priority)
				}
				taxLines[i].Priority = 0 // the scenarios leave it out
			}
			if !slices.Equal(taxLines, s.taxLines) {
				t.Errorf("tax lines %+v; expected %+v", taxLines, s.taxLines)
			}
			if inv.Currency != s.currency || inv.Mode != s.mode || inv.Exempt != s.exempt || inv.ReverseCharge != s.reverseCharge {
				t.Errorf("invoice %s %s exempt %v reverse charge %v", inv.Currency, inv.Mode, inv.Exempt, inv.ReverseCharge)
			}
			expectedNotice := ""
			if s.reverseCharge {
				expectedNotice = tax.ReverseChargeNotice
			}
			if inv.Notice != expectedNotice {
				t.Errorf("notice %q; expected %q", inv.Notice, expectedNotice)
			}
			if s.reverseCharge && inv.BuyerVATID != "FR12345678901" || !s.reverseCharge && inv.BuyerVATID != "" {
				t.Errorf("buyer VAT ID %q", inv.BuyerVATID)
			}
			if err := inv.Check(); err != nil {
				t.Errorf("Check: %v", err)
			}
		})
	}
}

func TestComputeRefuses(t *testing.T) {
	t.Parallel()

	vat := resolve(t, german, deVAT)
	line := func(kind string, quantity, unit int64) LineInput {
		return LineInput{Kind: kind, Quantity: quantity, UnitAmount: unit, Taxable: true}
	}
	scenarios := []struct {
		name     string
		currency string
		mode     tax.Mode
		lines    []LineInput
		reason   error
		index    int    // of the *LineError, -1 for none
		field    string // of the *LineError
		message  string
	}{
		{"discounts beyond the invoice", "EUR", tax.Exclusive, []LineInput{line(KindService, 1, 100), line(KindDiscount, 1, -200)},
			ErrNegativeTotal, -1, "", "invoicecalc: discounts exceed the invoice: the total would be -EUR 1.19"}, // 100 - 200 + 19 - 38
		{"untaxed discount beyond the invoice", "EUR", tax.Inclusive, []LineInput{line(KindService, 1, 100), {Kind: KindDiscount, Quantity: 1, UnitAmount: -101}},
			ErrNegativeTotal, -1, "", "discounts exceed the invoice"},
		{"a credit beyond the invoice", "EUR", tax.Exclusive, []LineInput{line(KindService, 1, 100), {Kind: KindCredit, Quantity: 1, UnitAmount: -500}},
			ErrNegativeTotal, -1, "", "-EUR 3.81"}, // 100 - 500 + 19
		{"unknown currency", "XYZ", tax.Exclusive, []LineInput{service1299}, money.ErrUnknownCurrency, -1, "", `"XYZ"`},
		{"lower-case currency", "eur", tax.Exclusive, []LineInput{service1299}, money.ErrUnknownCurrency, -1, "", `"eur"`},
		{"unknown mode", "EUR", "gross", []LineInput{service1299}, tax.ErrInvalidMode, -1, "", `"gross"`},
		{"no lines", "EUR", tax.Exclusive, nil, ErrNoLines, -1, "", "at least one line"},
		{"quantity 0", "EUR", tax.Exclusive, []LineInput{service1299, line(KindAddon, 0, 100)}, ErrInvalidQuantity, 1, "quantity",
			"invoicecalc: line 1: quantity must be at least 1, got 0"},
		{"negative quantity", "EUR", tax.Exclusive, []LineInput{line(KindDiscount, -1, -100)}, ErrInvalidQuantity, 0, "quantity", "got -1"},
		{"negative service", "EUR", tax.Exclusive, []LineInput{line(KindService, 1, -1)}, ErrNegativeUnitAmount, 0, "unit_amount",
			"a service line cannot have a negative unit amount (-1)"},
		{"negative setup fee", "EUR", tax.Exclusive, []LineInput{service1299, service1299, line(KindSetup, 1, -1)}, ErrNegativeUnitAmount, 2, "unit_amount", "setup"},
		{"negative addon", "EUR", tax.Exclusive, []LineInput{line(KindAddon, 1, -1)}, ErrNegativeUnitAmount, 0, "unit_amount", "addon"},
		{"negative late fee", "EUR", tax.Exclusive, []LineInput{line(KindLateFee, 1, -1)}, ErrNegativeUnitAmount, 0, "unit_amount", "late_fee"},
		{"negative top-up", "EUR", tax.Exclusive, []LineInput{line(KindTopup, 1, -1)}, ErrNegativeUnitAmount, 0, "unit_amount", "topup"},
		{"positive discount", "EUR", tax.Exclusive, []LineInput{service1299, line(KindDiscount, 1, 100)}, ErrNegativeUnitAmount, 1, "unit_amount",
			"a discount line's unit amount must be zero or negative, got 100"},
		{"unknown kind", "EUR", tax.Exclusive, []LineInput{line("refund", 1, 100)}, ErrUnknownKind, 0, "kind", `unknown kind "refund"`},
		{"empty kind", "EUR", tax.Exclusive, []LineInput{line("", 1, 100)}, ErrUnknownKind, 0, "kind", `unknown kind ""`},
		{"quantity × unit beyond int64", "EUR", tax.Exclusive, []LineInput{line(KindService, 2, math.MaxInt64/2+1)}, money.ErrOverflow, 0, "amount", "out of range"},
		{"tax beyond int64", "EUR", tax.Exclusive, []LineInput{line(KindService, 1, math.MaxInt64-100)}, money.ErrOverflow, 0, "amount", "tax of"},
		{"subtotal beyond int64", "EUR", tax.Exclusive, []LineInput{
			{Kind: KindService, Quantity: 1, UnitAmount: math.MaxInt64 / 2},
			{Kind: KindService, Quantity: 1, UnitAmount: math.MaxInt64/2 + 2},
		}, money.ErrOverflow, -1, "", "out of range"},
	}

	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			inv, err := Compute(s.currency, s.mode, vat, s.lines)
			if !errors.Is(err, s.reason) || !strings.Contains(err.Error(), s.message) {
				t.Fatalf("error %v; expected %v mentioning %q", err, s.reason, s.message)
			}
			if inv.Lines != nil || inv.Total != 0 {
				t.Errorf("an invoice %+v alongside the error", inv)
			}
			var le *LineError
			if errors.As(err, &le) != (s.index >= 0) {
				t.Fatalf("error %T; expected a *LineError: %v", err, s.index >= 0)
			}
			if le != nil && (le.Index != s.index || le.Field != s.field) {
				t.Errorf("line error at %d (%s); expected %d (%s)", le.Index, le.Field, s.index, s.field)
			}
		})
	}
}

func TestComputeAcceptsNegativeCreditsAndAdjustments(t *testing.T) {
	t.Parallel()

	for _, kind := range []string{KindCredit, KindAdjustment, KindDiscount} {
		inv, err := Compute("EUR", tax.Exclusive, tax.Applied{}, []LineInput{
			{Kind: KindService, Quantity: 1, UnitAmount: 1000},
			{Kind: kind, Quantity: 2, UnitAmount: -100},
		})
		if err != nil || inv.Total != 800 {
			t.Errorf("%s: total %d, %v; expected 800", kind, inv.Total, err)
		}
	}
	for _, kind := range []string{KindCredit, KindAdjustment, KindTopup, KindLateFee, KindSetup, KindAddon} {
		inv, err := Compute("EUR", tax.Exclusive, tax.Applied{}, []LineInput{{Kind: kind, Quantity: 1, UnitAmount: 100}})
		if err != nil || inv.Subtotal != 100 || inv.DiscountTotal != 0 {
			t.Errorf("%s: %+v, %v", kind, inv, err)
		}
	}
}
