package affiliates

import (
	"strings"
	"testing"
)

func TestComputePercentRoundsHalfEven(t *testing.T) {
	ten := Rule{Kind: KindPercent, PercentBP: 1000}
	for _, tc := range []struct {
		name         string
		lines        []Line
		base, amount int64
	}{
		{"10% of 12.99", []Line{{Net: 1299, Product: "p"}}, 1299, 130},
		{"a half rounds to even, down", []Line{{Net: 125, Product: "p"}}, 125, 12},
		{"a half rounds to even, up", []Line{{Net: 135, Product: "p"}}, 135, 14},
		{"just over a half rounds up", []Line{{Net: 126, Product: "p"}}, 126, 13},
		{"discounts lower the base", []Line{{Net: 2000, Product: "p"}, {Net: -500}}, 1500, 150},
		{"nothing paid, nothing earned", []Line{{Net: 1000, Product: "p"}, {Net: -1000}}, 0, 0},
		{"a credit beyond the lines earns nothing", []Line{{Net: 1000, Product: "p"}, {Net: -1500}}, -500, 0},
		{"lines without a product alone", []Line{{Net: 999}}, 999, 100},
		{"no lines", nil, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, amount, err := Compute("USD", tc.lines, ten, nil)
			if err != nil {
				t.Fatal(err)
			}
			if base != tc.base || amount != tc.amount {
				t.Fatalf("base %d amount %d, want %d and %d", base, amount, tc.base, tc.amount)
			}
		})
	}
}

func TestComputeProductOverridesAndFixed(t *testing.T) {
	ten := Rule{Kind: KindPercent, PercentBP: 1000}
	overrides := map[string]Rule{
		"domain": {Kind: KindPercent, PercentBP: 0},
		"vps":    {Kind: KindPercent, PercentBP: 2500},
		"game":   {Kind: KindFixed, Fixed: map[string]int64{"USD": 700}},
	}
	for _, tc := range []struct {
		name         string
		lines        []Line
		def          Rule
		base, amount int64
	}{
		{"an override wins over the default", []Line{{Net: 1000, Product: "vps"}, {Net: 1000, Product: "web"}}, ten, 2000, 250 + 100},
		{"a zero override earns nothing", []Line{{Net: 1500, Product: "domain"}}, ten, 1500, 0},
		// 1000 of discount shared 3000:1000 → −750 and −250; 25% of 2250 (562.5, to even) and 10% of 750.
		{"an order-wide discount is shared by amount", []Line{{Net: 3000, Product: "vps"}, {Net: 1000, Product: "web"}, {Net: -1000}}, ten, 3000, 562 + 75},
		{"fixed once per invoice, not per line", []Line{{Net: 500, Product: "game"}, {Net: 500, Product: "game"}}, ten, 1000, 700},
		{"fixed never exceeds the base", []Line{{Net: 300, Product: "game"}}, ten, 300, 300},
		{"a fixed default without the currency earns nothing", []Line{{Net: 5000, Product: "web"}}, Rule{Kind: KindFixed, Fixed: map[string]int64{"EUR": 500}}, 5000, 0},
		{"a fixed default in the currency", []Line{{Net: 5000, Product: "web"}}, Rule{Kind: KindFixed, Fixed: map[string]int64{"USD": 500}}, 5000, 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, amount, err := Compute("USD", tc.lines, tc.def, overrides)
			if err != nil {
				t.Fatal(err)
			}
			if base != tc.base || amount != tc.amount {
				t.Fatalf("base %d amount %d, want %d and %d", base, amount, tc.base, tc.amount)
			}
		})
	}
}

func TestReducedKeepsTheUnrefundedShare(t *testing.T) {
	for _, tc := range []struct {
		earned, total, refunded, want int64
	}{
		{130, 1299, 0, 130},
		{130, 1299, 1299, 0},
		{130, 1299, 5000, 0},
		{100, 1000, 500, 50},
		{25, 1000, 500, 12}, // 12.5 rounds to even
		{35, 1000, 500, 18}, // 17.5 rounds to even
		{130, 1000, 1, 130}, // 129.87 rounds up
	} {
		got, err := Reduced(tc.earned, tc.total, tc.refunded)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("Reduced(%d, %d, %d) = %d, want %d", tc.earned, tc.total, tc.refunded, got, tc.want)
		}
	}
}

func TestParseProgrammeDefaultsAndRefusals(t *testing.T) {
	p, err := ParseProgramme([]byte(`{"enabled": true, "percent_bp": 1500}`))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Enabled || p.CookieDays != 90 || p.HoldDays != 30 || p.Kind != KindPercent || p.PercentBP != 1500 || !p.AllowsMethod(MethodCredit) || !p.AllowsMethod(MethodManual) {
		t.Fatalf("defaults not kept: %+v", p)
	}
	if p, err := ParseProgramme(nil); err != nil || p.Enabled {
		t.Fatalf("no settings must mean a closed programme: %+v %v", p, err)
	}
	for raw, key := range map[string]string{
		`{"cookie_days": 0}`:                   "cookie_days",
		`{"hold_days": -1}`:                    "hold_days",
		`{"percent_bp": 10001}`:                "percent_bp",
		`{"kind": "half"}`:                     "kind",
		`{"kind": "fixed", "fixed": {"XX":5}}`: "fixed",
		`{"min_payout": {"USD": -1}}`:          "min_payout",
		`{"payout_methods": ["cash"]}`:         "payout_methods",
		`{"payout_methods": []}`:               "payout_methods",
		`{"percent_bp": 1.5}`:                  "affiliates",
	} {
		if _, err := ParseProgramme([]byte(raw)); err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("%s: want an error naming %s, got %v", raw, key, err)
		}
	}
}

func TestCodesAreReadableAndChecked(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		c := NewCode()
		if CheckCode(c) != "" || strings.ContainsAny(c, "01IOL") || seen[c] {
			t.Fatalf("bad or repeated code %q", c)
		}
		seen[c] = true
	}
	for _, bad := range []string{"abc", "has space", "toolong-toolong-toolong-toolong-x", "admin", "ÄBCDE", "a/b/c"} {
		if CheckCode(bad) == "" {
			t.Errorf("%q accepted", bad)
		}
	}
	if CheckCode("alice-2026") != "" {
		t.Error("a fine code refused")
	}
}

func TestSameMailboxIgnoresCaseAndTags(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"alice@example.com", "ALICE@Example.com", true},
		{"alice@example.com", "alice+shop@example.com", true},
		{"alice+a@example.com", "Alice+b@example.com", true},
		{"alice@example.com", "alicia@example.com", false},
		{"alice@example.com", "alice@example.org", false},
		{"", "", false},
	} {
		if got := SameMailbox(tc.a, tc.b); got != tc.same {
			t.Errorf("SameMailbox(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}
