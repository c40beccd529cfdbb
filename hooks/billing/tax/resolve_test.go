package tax

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// ruleIDs lists the RuleID of each portion, in order.
func ruleIDs(a Applied) []string {
	ids := []string{}
	for _, p := range a.Portions() {
		ids = append(ids, p.RuleID)
	}
	return ids
}

func TestResolveRuleMatching(t *testing.T) {
	t.Parallel()

	deVAT := Rule{ID: "de-vat", Country: "DE", Name: "VAT", RateBP: 1900, Priority: 1}
	frVAT := Rule{ID: "fr-vat", Country: "FR", Name: "VAT", RateBP: 2000, Priority: 1}
	anyVAT := Rule{ID: "any-vat", Country: "*", Name: "VAT", RateBP: 2000, Priority: 1}
	usSales := Rule{ID: "us-sales", Country: "US", Name: "Sales tax", RateBP: 0, Priority: 1}
	txSales := Rule{ID: "tx-sales", Country: "US", State: "TX", Name: "Sales tax", RateBP: 625, Priority: 1}
	txLocal := Rule{ID: "tx-local", Country: "us", State: "tx", Name: "Local sales tax", RateBP: 200, Priority: 1}
	gst := Rule{ID: "ca-gst", Country: "CA", Name: "GST", RateBP: 500, Priority: 1}
	qst := Rule{ID: "qc-qst", Country: "CA", State: "QC", Name: "QST", RateBP: 950, Compound: true, Priority: 2}

	scenarios := []struct {
		name     string
		buyer    Party
		rules    []Rule
		expected []string // rule ids, in order
	}{
		{"German consumer: DE VAT", Party{Country: "DE"}, []Rule{frVAT, deVAT}, []string{"de-vat"}},
		{"country compared case-insensitively", Party{Country: " de "}, []Rule{{ID: "x", Country: "de", Name: "VAT", RateBP: 1900}}, []string{"x"}},
		{"buyer in a country without rules: none", Party{Country: "CH"}, []Rule{frVAT, deVAT}, []string{}},
		{"no rules at all", Party{Country: "DE"}, nil, []string{}},
		{"Texan: state tax, no federal tax", Party{Country: "US", State: "TX"}, []Rule{txSales}, []string{"tx-sales"}},
		{"Texan, state in lower case", Party{Country: "US", State: "tx"}, []Rule{txSales}, []string{"tx-sales"}},
		{"Californian: no Texas tax", Party{Country: "US", State: "CA"}, []Rule{txSales}, []string{}},
		{"American without a state: no state tax", Party{Country: "US"}, []Rule{txSales}, []string{}},
		{"Texan: state rule beats the country-wide rule of the same name", Party{Country: "US", State: "TX"}, []Rule{usSales, txSales}, []string{"tx-sales"}},
		{"Californian: the country-wide rule", Party{Country: "US", State: "CA"}, []Rule{txSales, usSales}, []string{"us-sales"}},
		{"Texan: rules of different names all apply, by name", Party{Country: "US", State: "TX"}, []Rule{txSales, usSales, txLocal}, []string{"tx-local", "tx-sales"}},
		{"German: country rule beats the any-country rule", Party{Country: "DE"}, []Rule{anyVAT, deVAT}, []string{"de-vat"}},
		{"French without a French rule: the any-country rule", Party{Country: "FR"}, []Rule{anyVAT, deVAT}, []string{"any-vat"}},
		{"American: the any-country rule too", Party{Country: "US", State: "TX"}, []Rule{anyVAT, txSales}, []string{"tx-sales", "any-vat"}},
		{"Quebec: GST then compound QST", Party{Country: "CA", State: "QC"}, []Rule{qst, gst}, []string{"ca-gst", "qc-qst"}},
		{"Ontario: GST only", Party{Country: "CA", State: "ON"}, []Rule{qst, gst}, []string{"ca-gst"}},
		{"same name at another priority also applies", Party{Country: "DE"}, []Rule{
			{ID: "b", Country: "DE", Name: "VAT", RateBP: 700, Priority: 2},
			{ID: "a", Country: "*", Name: "VAT", RateBP: 100, Priority: 1},
		}, []string{"a", "b"}},
		{"ordered by priority, then name, whatever the input order", Party{Country: "DE"}, []Rule{
			{ID: "3", Country: "DE", Name: "Z", Priority: 3},
			{ID: "2b", Country: "DE", Name: "B", Priority: 2},
			{ID: "2a", Country: "DE", Name: "A", Priority: 2},
			{ID: "1", Country: "DE", Name: "Y", Priority: -1},
		}, []string{"1", "2a", "2b", "3"}},
	}

	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			applied, err := Resolve(context.Background(), Party{Country: "DE"}, s.buyer, s.rules, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := ruleIDs(applied); !slices.Equal(got, s.expected) {
				t.Errorf("applied %v; expected %v", got, s.expected)
			}
			if applied.Exempt || applied.ReverseCharge || applied.Notice != "" || applied.CheckError != nil {
				t.Errorf("unexpected flags: %+v", applied)
			}
		})
	}
}

func TestResolveRefusesBadInput(t *testing.T) {
	t.Parallel()

	de := Party{Country: "DE"}
	ok := Rule{ID: "ok", Country: "DE", Name: "VAT", RateBP: 1900}
	scenarios := []struct {
		name          string
		seller, buyer Party
		rules         []Rule
		reason        error
		message       string
	}{
		{"buyer without a country", de, Party{}, []Rule{ok}, ErrInvalidParty, `buyer's country ""`},
		{"buyer country spelled out", de, Party{Country: "Germany"}, nil, ErrInvalidParty, `"Germany"`},
		{"buyer country as *", de, Party{Country: "*"}, nil, ErrInvalidParty, `"*"`},
		{"seller country of three letters", Party{Country: "DEU"}, de, nil, ErrInvalidParty, `seller's country "DEU"`},
		{"rule country of three letters", de, de, []Rule{ok, {ID: "r2", Country: "DEU", Name: "VAT"}}, ErrInvalidRule, `rule "r2" (VAT): country "DEU"`},
		{"rule without a country", de, de, []Rule{{Name: "VAT"}}, ErrInvalidRule, `rule #0 (VAT): country ""`},
		{"rule for a state of any country", de, de, []Rule{{ID: "r", Country: "*", State: "TX", Name: "Sales tax"}}, ErrInvalidRule, `needs a country`},
		{"rule without a name", de, de, []Rule{{ID: "r", Country: "DE", Name: " "}}, ErrInvalidRule, "name is empty"},
		{"negative rate", de, de, []Rule{{ID: "r", Country: "DE", Name: "VAT", RateBP: -1}}, ErrInvalidRule, "rate -1 basis points"},
		{"rate over 100%", de, de, []Rule{{ID: "r", Country: "DE", Name: "VAT", RateBP: 190000}}, ErrInvalidRule, "between 0 and 10000"},
		{"a bad rule for another country still refused", de, de, []Rule{ok, {ID: "fr", Country: "FR", Name: "VAT", RateBP: -2000}}, ErrInvalidRule, `rule "fr"`},
		{"a bad rule refused even for an exempt buyer", de, Party{Country: "DE", Exempt: true}, []Rule{{ID: "r", Country: "DE", Name: "VAT", RateBP: -1}}, ErrInvalidRule, "rate"},
		{"two country-wide rules of one name and priority", de, de, []Rule{ok, {ID: "dup", Country: "de", Name: "vat", RateBP: 700}}, ErrInvalidRule,
			`rule "ok" (VAT) and rule "dup" (vat) both apply to DE with priority 0`},
		{"two state rules of one name and priority", de, Party{Country: "US", State: "TX"}, []Rule{
			{ID: "a", Country: "US", State: "TX", Name: "Sales tax", RateBP: 625},
			{ID: "b", Country: "US", State: "tx", Name: "Sales tax", RateBP: 825},
		}, ErrInvalidRule, "both apply to US/TX"},
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			applied, err := Resolve(context.Background(), s.seller, s.buyer, s.rules, Options{})
			if !errors.Is(err, s.reason) || !strings.Contains(err.Error(), s.message) {
				t.Fatalf("error %v; expected %v mentioning %q", err, s.reason, s.message)
			}
			if len(applied.Portions()) != 0 || applied.Exempt {
				t.Errorf("applied %+v alongside an error", applied)
			}
		})
	}
}

// fakeChecker is a VATChecker that answers valid or err and records its
// calls.
type fakeChecker struct {
	valid bool
	err   error
	calls []string
}

func (c *fakeChecker) Check(ctx context.Context, countryCode, vatNumber string) (bool, error) {
	c.calls = append(c.calls, countryCode+" "+vatNumber)
	return c.valid, c.err
}

func TestResolveExemptAndReverseCharge(t *testing.T) {
	t.Parallel()

	rules := []Rule{
		{ID: "de-vat", Country: "DE", Name: "VAT", RateBP: 1900, Priority: 1},
		{ID: "fr-vat", Country: "FR", Name: "TVA", RateBP: 2000, Priority: 1},
		{ID: "gr-vat", Country: "GR", Name: "ΦΠΑ", RateBP: 2400, Priority: 1},
		{ID: "ch-vat", Country: "CH", Name: "MWST", RateBP: 810, Priority: 1},
	}
	viesDown := errors.New("VIES: MS_UNAVAILABLE")

	scenarios := []struct {
		name          string
		seller, buyer Party
		reverseCharge bool
		checker       *fakeChecker
		expected      []string // applied rule ids
		reversed      bool
		vatID         string // Applied.BuyerVATID
		exempt        bool
		checkError    error // errors.Is on Applied.CheckError
		checks        []string
	}{
		{
			name:   "exempt buyer: no tax",
			seller: Party{Country: "DE"}, buyer: Party{Country: "DE", Exempt: true},
			expected: []string{}, exempt: true,
		},
		{
			name:   "exempt wins over the reverse charge; the checker is not asked",
			seller: Party{Country: "DE"}, buyer: Party{Country: "FR", VATID: "FR12345678901", Exempt: true},
			reverseCharge: true, checker: &fakeChecker{valid: true},
			expected: []string{}, exempt: true,
		},
		{
			name:   "seller's Exempt is ignored",
			seller: Party{Country: "DE", Exempt: true}, buyer: Party{Country: "DE"},
			expected: []string{"de-vat"},
		},
		{
			name:   "German seller, French business: reverse charged",
			seller: Party{Country: "DE"}, buyer: Party{Country: "FR", VATID: "fr 12 345678901"},
			reverseCharge: true,
			expected:      []string{}, reversed: true, vatID: "FR12345678901",
		},
		{
			name:   "reverse charge off in the settings: French VAT",
			seller: Party{Country: "DE"}, buyer: Party{Country: "FR", VATID: "FR12345678901"},
			expected: []string{"fr-vat"},
		},
		{
			name:   "French business without a VAT number: taxed as a consumer",
			seller: Party{Country: "DE"}, buyer: Party{Country: "FR"},
			reverseCharge: true, checker: &fakeChecker{valid: true},
			expected: []string{"fr-vat"},
		},
		{
			name:   "same country business: taxed normally, nothing checked",
			seller: Party{Country: "DE"}, buyer: Party{Country: "de", VATID: "DE123456789"},
			reverseCharge: true, checker: &fakeChecker{valid: true},
			expected: []string{"de-vat"},
		},
		{
			name:   "seller outside the EU: no reverse charge",
			seller: Party{Country: "US"}, buyer: Party{Country: "FR", VATID: "FR12345678901"},
			reverseCharge: true,
			expected:      []string{"fr-vat"},
		},
		{
			name:   "seller without a country: no reverse charge",
			seller: Party{}, buyer: Party{Country: "FR", VATID: "FR12345678901"},
			reverseCharge: true,
			expected:      []string{"fr-vat"},
		},
		{
			name:   "buyer outside the EU: only their own country's rules",
			seller: Party{Country: "DE"}, buyer: Party{Country: "CH", VATID: "CHE-123.456.789"},
			reverseCharge: true, checker: &fakeChecker{valid: true},
			expected: []string{"ch-vat"},
		},
		{
			name:   "malformed VAT number: taxed, the reason reported",
			seller: Party{Country: "DE"}, buyer: Party{Country: "FR", VATID: "FR123"},
			reverseCharge: true, checker: &fakeChecker{valid: true},
			expected: []string{"fr-vat"}, checkError: ErrInvalidVATID,
		},
		{
			name:   "another country's VAT number: taxed, the reason reported",
			seller: Party{Country: "FR"}, buyer: Party{Country: "GR", VATID: "DE123456789"},
			reverseCharge: true,
			expected:      []string{"gr-vat"}, checkError: ErrInvalidVATID,
		},
		{
			name:   "checker confirms a Greek number: asked with EL, reverse charged",
			seller: Party{Country: "DE"}, buyer: Party{Country: "GR", VATID: "GR 123 456 789"},
			reverseCharge: true, checker: &fakeChecker{valid: true},
			expected: []string{}, reversed: true, vatID: "EL123456789",
			checks: []string{"EL 123456789"},
		},
		{
			name:   "checker rejects the number: taxed",
			seller: Party{Country: "DE"}, buyer: Party{Country: "FR", VATID: "FR12345678901"},
			reverseCharge: true, checker: &fakeChecker{valid: false},
			expected: []string{"fr-vat"}, checkError: ErrVATIDRejected,
			checks: []string{"FR 12345678901"},
		},
		{
			name:   "checker fails: taxed, not an error, the failure reported",
			seller: Party{Country: "DE"}, buyer: Party{Country: "FR", VATID: "FR12345678901"},
			reverseCharge: true, checker: &fakeChecker{valid: true, err: viesDown},
			expected: []string{"fr-vat"}, checkError: viesDown,
			checks: []string{"FR 12345678901"},
		},
	}

	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			opts := Options{ReverseCharge: s.reverseCharge}
			if s.checker != nil {
				opts.Checker = s.checker
			}
			applied, err := Resolve(context.Background(), s.seller, s.buyer, rules, opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := ruleIDs(applied); !slices.Equal(got, s.expected) {
				t.Errorf("applied %v; expected %v", got, s.expected)
			}
			if applied.Exempt != s.exempt || applied.ReverseCharge != s.reversed || applied.BuyerVATID != s.vatID {
				t.Errorf("exempt %v, reverse charge %v, VAT ID %q; expected %v, %v, %q",
					applied.Exempt, applied.ReverseCharge, applied.BuyerVATID, s.exempt, s.reversed, s.vatID)
			}
			if expected := map[bool]string{true: ReverseChargeNotice}[s.reversed]; applied.Notice != expected {
				t.Errorf("notice %q; expected %q", applied.Notice, expected)
			}
			if (s.checkError == nil) != (applied.CheckError == nil) || (s.checkError != nil && !errors.Is(applied.CheckError, s.checkError)) {
				t.Errorf("check error %v; expected %v", applied.CheckError, s.checkError)
			}
			if s.checkError == viesDown && !errors.Is(applied.CheckError, ErrVATCheck) {
				t.Errorf("check error %v does not wrap ErrVATCheck", applied.CheckError)
			}
			var calls []string
			if s.checker != nil {
				calls = s.checker.calls
			}
			if !slices.Equal(calls, s.checks) {
				t.Errorf("checker calls %q; expected %q", calls, s.checks)
			}
		})
	}
}
