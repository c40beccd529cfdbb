package money

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

const examplePricingJSON = `{"USD":{"monthly":{"price":1299,"setup":0},"annual":{"price":12990,"setup":0}},"EUR":{"monthly":{"price":1199,"setup":500}}}`

func examplePricing() Pricing {
	return Pricing{
		"USD": {Monthly: {Price: 1299}, Annual: {Price: 12990}},
		"EUR": {Monthly: {Price: 1199, Setup: 500}},
	}
}

func TestPricingUnmarshalJSON(t *testing.T) {
	t.Parallel()

	var p Pricing
	if err := json.Unmarshal([]byte(examplePricingJSON), &p); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, examplePricing()) {
		t.Fatalf("got %#v", p)
	}

	// setup is optional, spaces are fine
	p = nil
	if err := json.Unmarshal([]byte(` { "JPY" : { "one_time" : { "price" : 5000 } } } `), &p); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, Pricing{"JPY": {OneTime: {Price: 5000}}}) {
		t.Fatalf("got %#v", p)
	}

	// decoding alone keeps what Validate would refuse
	p = nil
	if err := json.Unmarshal([]byte(`{"XYZ":{"weekly":{"price":-1}},"USD":null,"EUR":{}}`), &p); err != nil {
		t.Fatal(err)
	}
	expected := Pricing{"XYZ": {"weekly": {Price: -1}}, "USD": nil, "EUR": {}}
	if !reflect.DeepEqual(p, expected) {
		t.Fatalf("got %#v", p)
	}
}

func TestPricingUnmarshalJSONErrors(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		name     string
		raw      string
		expected map[string]error // path → reason
		message  string           // optional exact Error()
	}{
		{
			"fraction",
			`{"USD":{"monthly":{"price":12.5,"setup":0}}}`,
			map[string]error{"USD.monthly.price": ErrNotInteger},
			"USD.monthly.price: must be an integer number of minor units, got 12.5",
		},
		{"exponent", `{"USD":{"monthly":{"price":1e3}}}`, map[string]error{"USD.monthly.price": ErrNotInteger}, ""},
		{"integral fraction", `{"USD":{"monthly":{"price":1299,"setup":0.0}}}`, map[string]error{"USD.monthly.setup": ErrNotInteger}, ""},
		{"string", `{"USD":{"monthly":{"price":"1299"}}}`, map[string]error{"USD.monthly.price": ErrNotInteger}, ""},
		{"null price", `{"USD":{"monthly":{"price":null}}}`, map[string]error{"USD.monthly.price": ErrNotInteger}, ""},
		{"bool", `{"USD":{"monthly":{"price":true}}}`, map[string]error{"USD.monthly.price": ErrNotInteger}, ""},
		{
			"beyond int64",
			`{"USD":{"monthly":{"price":9223372036854775808}}}`,
			map[string]error{"USD.monthly.price": ErrOverflow},
			"USD.monthly.price: is too large",
		},
		{"missing price", `{"USD":{"monthly":{"setup":0}}}`, map[string]error{"USD.monthly.price": ErrInvalidPricing}, "USD.monthly.price: is required"},
		{
			"typo",
			`{"USD":{"monthly":{"prise":1299}}}`,
			map[string]error{"USD.monthly.prise": ErrInvalidPricing, "USD.monthly.price": ErrInvalidPricing},
			"USD.monthly.price: is required; USD.monthly.prise: unknown field; expected price and setup",
		},
		{"price not an object", `{"USD":{"monthly":1299}}`, map[string]error{"USD.monthly": ErrInvalidPricing}, ""},
		{"price null", `{"USD":{"monthly":null}}`, map[string]error{"USD.monthly": ErrInvalidPricing}, ""},
		{"currency not an object", `{"USD":[1299]}`, map[string]error{"USD": ErrInvalidPricing}, ""},
		{
			"several at once",
			`{"USD":{"monthly":{"price":12.5},"annual":{"price":1,"setup":1e2}},"EUR":5}`,
			map[string]error{
				"USD.monthly.price": ErrNotInteger,
				"USD.annual.setup":  ErrNotInteger,
				"EUR":               ErrInvalidPricing,
			},
			"",
		},
	}

	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			p := Pricing{"GBP": {Monthly: {Price: 1}}}
			err := json.Unmarshal([]byte(s.raw), &p)

			var fe FieldErrors
			if !errors.As(err, &fe) {
				t.Fatalf("expected FieldErrors, got %T %v", err, err)
			}
			if len(fe) != len(s.expected) {
				t.Fatalf("expected %d errors, got %v", len(s.expected), fe)
			}
			for path, reason := range s.expected {
				if !errors.Is(fe[path], reason) {
					t.Fatalf("%s: expected %v, got %v", path, reason, fe[path])
				}
			}
			if s.message != "" && err.Error() != s.message {
				t.Fatalf("expected message %q, got %q", s.message, err.Error())
			}
			if !reflect.DeepEqual(p, Pricing{"GBP": {Monthly: {Price: 1}}}) {
				t.Fatalf("a failed decode modified the target: %#v", p)
			}
		})
	}
}

func TestPricingUnmarshalJSONShape(t *testing.T) {
	t.Parallel()

	for _, raw := range []string{`[]`, `"USD"`, `1`, `{"USD":`, `{"USD":{"monthly":{"price":1}}`} {
		var p Pricing
		err := json.Unmarshal([]byte(raw), &p)
		if err == nil {
			t.Errorf("%s: expected an error", raw)
		}
		var fe FieldErrors
		if errors.As(err, &fe) {
			t.Errorf("%s: expected a plain error, got FieldErrors %v", raw, fe)
		}
	}

	p := examplePricing()
	if err := json.Unmarshal([]byte("null"), &p); err != nil || !reflect.DeepEqual(p, examplePricing()) {
		t.Errorf("null must leave the pricing unchanged: %v, %v", p, err)
	}
}

func TestPriceUnmarshalJSON(t *testing.T) {
	t.Parallel()

	var pr Price
	if err := json.Unmarshal([]byte(`{"price":1299,"setup":500}`), &pr); err != nil || pr != (Price{1299, 500}) {
		t.Fatalf("got %v, %v", pr, err)
	}

	scenarios := []struct {
		raw  string
		path string
	}{
		{`{"price":12.5}`, "price"},
		{`{"price":1,"setup":1e3}`, "setup"},
		{`{"setup":1}`, "price"},
		{`{"price":1,"fee":1}`, "fee"},
		{`1299`, ""},
	}
	for _, s := range scenarios {
		pr := Price{7, 7}
		err := json.Unmarshal([]byte(s.raw), &pr)
		var fe FieldErrors
		if !errors.As(err, &fe) || fe[s.path] == nil {
			t.Errorf("%s: expected a FieldErrors entry %q, got %v", s.raw, s.path, err)
		}
		if pr != (Price{7, 7}) {
			t.Errorf("%s: a failed decode modified the target: %v", s.raw, pr)
		}
	}
}

func TestPricingMarshalJSON(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		name     string
		p        Pricing
		expected string
	}{
		{
			"canonical order",
			examplePricing(),
			`{"EUR":{"monthly":{"price":1199,"setup":500}},"USD":{"monthly":{"price":1299,"setup":0},"annual":{"price":12990,"setup":0}}}`,
		},
		{
			"every cycle",
			Pricing{"USD": {OneTime: {1, 0}, Triennial: {2, 0}, Biennial: {3, 0}, Annual: {4, 0}, Semiannual: {5, 0}, Quarterly: {6, 0}, Monthly: {7, 0}}},
			`{"USD":{"monthly":{"price":7,"setup":0},"quarterly":{"price":6,"setup":0},"semiannual":{"price":5,"setup":0},"annual":{"price":4,"setup":0},"biennial":{"price":3,"setup":0},"triennial":{"price":2,"setup":0},"one_time":{"price":1,"setup":0}}}`,
		},
		{
			"unknown cycles last",
			Pricing{"USD": {"weekly": {1, 0}, "daily": {2, 0}, Annual: {3, 0}}},
			`{"USD":{"annual":{"price":3,"setup":0},"daily":{"price":2,"setup":0},"weekly":{"price":1,"setup":0}}}`,
		},
		{
			"extremes",
			Pricing{"USD": {Monthly: {math.MaxInt64, math.MinInt64}}},
			`{"USD":{"monthly":{"price":9223372036854775807,"setup":-9223372036854775808}}}`,
		},
		{"nil currency", Pricing{"USD": nil}, `{"USD":null}`},
		{"empty", Pricing{}, `{}`},
		{"nil", nil, `null`},
	}

	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			got, err := json.Marshal(s.p)
			if err != nil || string(got) != s.expected {
				t.Fatalf("got %s, %v; expected %s", got, err, s.expected)
			}
			if s.p == nil {
				return
			}
			var back Pricing
			if err := json.Unmarshal(got, &back); err != nil || !reflect.DeepEqual(back, s.p) {
				t.Fatalf("round trip: got %#v, %v", back, err)
			}
		})
	}

	// as a field of a record
	type product struct {
		Pricing Pricing `json:"pricing"`
	}
	got, err := json.Marshal(product{Pricing: Pricing{"JPY": {Monthly: {Price: 1200}}}})
	if err != nil || string(got) != `{"pricing":{"JPY":{"monthly":{"price":1200,"setup":0}}}}` {
		t.Fatalf("got %s, %v", got, err)
	}
}

func TestPricingValidate(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		name     string
		p        Pricing
		expected map[string]error // nil: valid
	}{
		{"example", examplePricing(), nil},
		{"free with no setup", Pricing{"USD": {Monthly: {}}}, nil},
		{"every cycle", Pricing{"USD": {Monthly: {1, 0}, Quarterly: {1, 0}, Semiannual: {1, 0}, Annual: {1, 0}, Biennial: {1, 0}, Triennial: {1, 0}, OneTime: {1, 0}}}, nil},
		{"nil", nil, nil},
		{"empty", Pricing{}, nil},
		{"unknown currency", Pricing{"XYZ": {Monthly: {1, 0}}}, map[string]error{"XYZ": ErrUnknownCurrency}},
		{"lower-case currency", Pricing{"usd": {Monthly: {1, 0}}}, map[string]error{"usd": ErrUnknownCurrency}},
		{"empty currency", Pricing{"USD": {}}, map[string]error{"USD": ErrEmptyPricing}},
		{"nil currency", Pricing{"USD": nil}, map[string]error{"USD": ErrEmptyPricing}},
		{"unknown cycle", Pricing{"USD": {"weekly": {1, 0}, Monthly: {1, 0}}}, map[string]error{"USD.weekly": ErrUnknownCycle}},
		{"capitalised cycle", Pricing{"USD": {"Monthly": {1, 0}}}, map[string]error{"USD.Monthly": ErrUnknownCycle}},
		{"negative price", Pricing{"USD": {Monthly: {-1, 0}}}, map[string]error{"USD.monthly.price": ErrNegativePrice}},
		{"negative setup", Pricing{"USD": {Annual: {1, -1}}}, map[string]error{"USD.annual.setup": ErrNegativePrice}},
		{
			"everything",
			Pricing{
				"USD": {Monthly: {-5, -5}, Annual: {100, 0}},
				"EUR": {"weekly": {-1, 0}},
				"XYZ": {"weekly": {-1, 0}},
				"GBP": {},
			},
			map[string]error{
				"USD.monthly.price": ErrNegativePrice,
				"USD.monthly.setup": ErrNegativePrice,
				"EUR.weekly":        ErrUnknownCycle,
				"XYZ":               ErrUnknownCurrency,
				"GBP":               ErrEmptyPricing,
			},
		},
	}

	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			err := s.p.Validate()
			if s.expected == nil {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			fe, ok := err.(FieldErrors)
			if !ok {
				t.Fatalf("expected FieldErrors, got %T %v", err, err)
			}
			if len(fe) != len(s.expected) {
				t.Fatalf("expected %d errors, got %v", len(s.expected), fe)
			}
			for path, reason := range s.expected {
				if !errors.Is(fe[path], reason) {
					t.Fatalf("%s: expected %v, got %v", path, reason, fe[path])
				}
			}
		})
	}
}

func TestPricingValidateMessages(t *testing.T) {
	t.Parallel()

	err := Pricing{
		"USD": {Monthly: {-5, -5}},
		"EUR": {"weekly": {1, 0}},
		"XYZ": {Monthly: {1, 0}},
		"GBP": nil,
	}.Validate()

	expected := "EUR.weekly: unknown billing cycle; " +
		"GBP: must have at least one cycle; " +
		"USD.monthly.price: must not be negative; " +
		"USD.monthly.setup: must not be negative; " +
		"XYZ: unknown currency"
	if err == nil || err.Error() != expected {
		t.Fatalf("expected %q, got %v", expected, err)
	}
}

func TestParsePricing(t *testing.T) {
	t.Parallel()

	p, err := ParsePricing([]byte(examplePricingJSON))
	if err != nil || !reflect.DeepEqual(p, examplePricing()) {
		t.Fatalf("got %#v, %v", p, err)
	}

	scenarios := []struct {
		raw    string
		path   string // "" for a plain error
		reason error
	}{
		{`{"USD":{"monthly":{"price":12.5}}}`, "USD.monthly.price", ErrNotInteger},
		{`{"USD":{"monthly":{"price":-1}}}`, "USD.monthly.price", ErrNegativePrice},
		{`{"XYZ":{"monthly":{"price":1}}}`, "XYZ", ErrUnknownCurrency},
		{`{"USD":{"weekly":{"price":1}}}`, "USD.weekly", ErrUnknownCycle},
		{`{"USD":{}}`, "USD", ErrEmptyPricing},
		{`{"USD":null}`, "USD", ErrEmptyPricing},
		{`[1]`, "", nil},
		{`not json`, "", nil},
	}

	for _, s := range scenarios {
		p, err := ParsePricing([]byte(s.raw))
		if p != nil || err == nil {
			t.Errorf("%s: expected an error, got %v", s.raw, p)
			continue
		}
		var fe FieldErrors
		if s.path == "" {
			if errors.As(err, &fe) {
				t.Errorf("%s: expected a plain error, got %v", s.raw, fe)
			}
			continue
		}
		if !errors.As(err, &fe) || !errors.Is(fe[s.path], s.reason) {
			t.Errorf("%s: expected %s: %v, got %v", s.raw, s.path, s.reason, err)
		}
	}

	// the empty object is a valid, empty price list; null is nothing at all
	if p, err := ParsePricing([]byte(`{}`)); err != nil || p == nil || len(p) != 0 {
		t.Errorf("{}: got %#v, %v", p, err)
	}
	if p, err := ParsePricing([]byte(`null`)); err != nil || p != nil {
		t.Errorf("null: got %#v, %v", p, err)
	}
}

func TestPricingLookupCyclesCurrencies(t *testing.T) {
	t.Parallel()

	p := Pricing{
		"USD": {OneTime: {1, 0}, Annual: {12990, 0}, "weekly": {1, 0}, Monthly: {1299, 100}},
		"EUR": {Monthly: {1199, 0}},
		"AUD": {},
	}

	lookups := []struct {
		currency string
		cycle    Cycle
		price    Price
		ok       bool
	}{
		{"USD", Monthly, Price{1299, 100}, true},
		{"USD", Annual, Price{12990, 0}, true},
		{"USD", Quarterly, Price{}, false},
		{"EUR", Annual, Price{}, false},
		{"GBP", Monthly, Price{}, false},
		{"AUD", Monthly, Price{}, false},
		{"usd", Monthly, Price{}, false},
	}
	for _, s := range lookups {
		price, ok := p.Lookup(s.currency, s.cycle)
		if price != s.price || ok != s.ok {
			t.Errorf("Lookup(%s, %s) = %v, %v; expected %v, %v", s.currency, s.cycle, price, ok, s.price, s.ok)
		}
	}
	if _, ok := Pricing(nil).Lookup("USD", Monthly); ok {
		t.Error("nil Pricing found a price")
	}

	cycles := []struct {
		currency string
		expected []Cycle
	}{
		{"USD", []Cycle{Monthly, Annual, OneTime}},
		{"EUR", []Cycle{Monthly}},
		{"AUD", nil},
		{"GBP", nil},
	}
	for _, s := range cycles {
		if got := p.Cycles(s.currency); !reflect.DeepEqual(got, s.expected) {
			t.Errorf("Cycles(%s) = %v, expected %v", s.currency, got, s.expected)
		}
	}

	if got := p.Currencies(); strings.Join(got, ",") != "AUD,EUR,USD" {
		t.Errorf("Currencies() = %v", got)
	}
	if got := Pricing(nil).Currencies(); len(got) != 0 {
		t.Errorf("nil Currencies() = %v", got)
	}
}

func TestPricingCheapest(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		name   string
		prices map[Cycle]Price
		cycle  Cycle
		ok     bool
	}{
		{"annual discount", map[Cycle]Price{Monthly: {1299, 0}, Annual: {12990, 0}}, Annual, true},        // 1082.5/mo
		{"no discount", map[Cycle]Price{Monthly: {1000, 0}, Annual: {12990, 0}}, Monthly, true},           // 1000 < 1082.5
		{"tie goes to shorter", map[Cycle]Price{Monthly: {1000, 0}, Quarterly: {3000, 0}}, Monthly, true}, // 1000 = 1000
		{"off by one minor unit", map[Cycle]Price{Monthly: {1000, 0}, Quarterly: {2999, 0}}, Quarterly, true},
		{"middle one", map[Cycle]Price{Quarterly: {2999, 0}, Semiannual: {6000, 0}, Annual: {11999, 0}}, Quarterly, true}, // 999.67 < 999.92 < 1000
		{"long tie", map[Cycle]Price{Biennial: {20000, 0}, Triennial: {30000, 0}}, Biennial, true},
		{"triennial", map[Cycle]Price{Biennial: {20000, 0}, Triennial: {29999, 0}}, Triennial, true},
		{"setup ignored", map[Cycle]Price{Monthly: {1299, 0}, Annual: {12000, 100000}}, Annual, true},
		{"one_time alone", map[Cycle]Price{OneTime: {5000, 0}}, OneTime, true},
		{"one_time never cheapest", map[Cycle]Price{OneTime: {1, 0}, Triennial: {999999, 0}}, Triennial, true},
		{"free monthly", map[Cycle]Price{Monthly: {0, 0}, Annual: {0, 0}}, Monthly, true},
		{"no overflow", map[Cycle]Price{Monthly: {math.MaxInt64, 0}, Triennial: {math.MaxInt64, 0}}, Triennial, true},
		{"no overflow either way", map[Cycle]Price{Monthly: {math.MaxInt64 / 36, 0}, Triennial: {math.MaxInt64, 0}}, Monthly, true},
		{"unknown cycles ignored", map[Cycle]Price{"weekly": {1, 0}, Annual: {12000, 0}}, Annual, true},
		{"only unknown", map[Cycle]Price{"weekly": {1, 0}}, "", false},
		{"empty", map[Cycle]Price{}, "", false},
	}

	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			p := Pricing{"USD": s.prices}
			cycle, price, ok := p.Cheapest("USD")
			if cycle != s.cycle || ok != s.ok {
				t.Fatalf("got %q, %v, %v; expected %q, %v", cycle, price, ok, s.cycle, s.ok)
			}
			if ok && price != s.prices[s.cycle] {
				t.Fatalf("got price %v, expected %v", price, s.prices[s.cycle])
			}
			if !ok && price != (Price{}) {
				t.Fatalf("got price %v without a cycle", price)
			}
		})
	}

	if _, _, ok := examplePricing().Cheapest("GBP"); ok {
		t.Fatal("Cheapest found a currency that is not priced")
	}
}
