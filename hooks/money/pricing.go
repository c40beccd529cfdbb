package money

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strconv"
)

// ErrNegativePrice is the reason of a FieldErrors entry for a negative price
// or setup fee.
var ErrNegativePrice = errors.New("money: negative price")

// ErrEmptyPricing is the reason of a FieldErrors entry for a currency with no
// cycles.
var ErrEmptyPricing = errors.New("money: currency without prices")

// ErrInvalidPricing is the reason of a FieldErrors entry for a value of the
// wrong shape in pricing JSON (not an object, a missing or unknown field).
var ErrInvalidPricing = errors.New("money: malformed pricing")

// Price is what one billing cycle of a product costs in one currency, in
// minor units of that currency: the recurring Price charged every period and
// the one-off Setup fee charged with the first invoice.
type Price struct {
	Price int64 `json:"price"`
	Setup int64 `json:"setup"`
}

// Pricing is a catalog price list: currency code → cycle → price, e.g.
//
//	{"USD":{"monthly":{"price":1299,"setup":0},"annual":{"price":12990,"setup":0}},
//	 "EUR":{"monthly":{"price":1199,"setup":500}}}
//
// All numbers are integers in minor units of their currency. A currency
// offers only the cycles it lists. Decoding refuses non-integer numbers;
// Validate checks the codes and signs. ParsePricing does both.
type Pricing map[string]map[Cycle]Price

// ParsePricing decodes pricing JSON and validates it, returning a nil
// Pricing on any error. Problems are reported as a FieldErrors keyed by path
// (e.g. "USD.monthly.price"): all decoding problems if there are any (see
// UnmarshalJSON), otherwise all validation problems (see Validate). JSON that
// is not an object is a plain error; JSON null is a nil Pricing and no error.
func ParsePricing(data []byte) (Pricing, error) {
	var p Pricing
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// Validate checks every entry and returns nil or a FieldErrors naming each
// problem by path:
//
//   - "XYZ": unknown currency (not an upper-case ISO 4217 code known to
//     LookupCurrency; wraps ErrUnknownCurrency);
//   - "USD": must have at least one cycle (ErrEmptyPricing);
//   - "USD.weekly": unknown billing cycle (ErrUnknownCycle);
//   - "USD.monthly.price", "USD.monthly.setup": must not be negative
//     (ErrNegativePrice).
//
// A zero price is allowed (free plans, no setup fee), and so is an empty or
// nil Pricing: whether a product must be priced is the catalog's rule.
func (p Pricing) Validate() error {
	errs := FieldErrors{}
	for code, byCycle := range p {
		if !IsKnownCurrency(code) {
			errs[code] = &fieldError{"unknown currency", ErrUnknownCurrency}
			continue
		}
		if len(byCycle) == 0 {
			errs[code] = &fieldError{"must have at least one cycle", ErrEmptyPricing}
			continue
		}
		for cycle, price := range byCycle {
			path := code + "." + string(cycle)
			if !cycle.IsValid() {
				errs[path] = &fieldError{"unknown billing cycle", ErrUnknownCycle}
				continue
			}
			if price.Price < 0 {
				errs[path+".price"] = &fieldError{"must not be negative", ErrNegativePrice}
			}
			if price.Setup < 0 {
				errs[path+".setup"] = &fieldError{"must not be negative", ErrNegativePrice}
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Lookup returns the price of cycle in currency, and whether there is one.
func (p Pricing) Lookup(currency string, cycle Cycle) (Price, bool) {
	price, ok := p[currency][cycle]
	return price, ok
}

// Cycles returns the valid cycles priced in currency, in canonical order
// (see Cycles); unknown cycle keys are left out.
func (p Pricing) Cycles(currency string) []Cycle {
	var out []Cycle
	for _, c := range cycles {
		if _, ok := p[currency][c]; ok {
			out = append(out, c)
		}
	}
	return out
}

// Currencies returns the currency codes of p, sorted.
func (p Pricing) Currencies() []string {
	out := make([]string, 0, len(p))
	for code := range p {
		out = append(out, code)
	}
	sort.Strings(out)
	return out
}

// Cheapest returns the recurring cycle of currency with the lowest
// monthly-equivalent price (Price / Months, compared exactly as
// a.Price × b.Months against b.Price × a.Months, with no division). Setup
// fees are not considered. On a tie the shorter cycle wins.
//
// OneTime has no monthly equivalent, so it is returned only when it is the
// only cycle offered. ok is false when currency has no valid cycles.
func (p Pricing) Cheapest(currency string) (cycle Cycle, price Price, ok bool) {
	for _, c := range p.Cycles(currency) {
		if !c.IsRecurring() {
			continue
		}
		// candidate.Price / c.Months < price.Price / cycle.Months
		candidate := p[currency][c]
		if !ok || cmpProducts(candidate.Price, int64(cycle.Months()), price.Price, int64(c.Months())) < 0 {
			cycle, price, ok = c, candidate, true
		}
	}
	if !ok {
		if once, found := p[currency][OneTime]; found {
			return OneTime, once, true
		}
	}
	return cycle, price, ok
}

// cmpProducts compares a×b with c×d exactly.
func cmpProducts(a, b, c, d int64) int {
	x := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	y := new(big.Int).Mul(big.NewInt(c), big.NewInt(d))
	return x.Cmp(y)
}

// MarshalJSON implements json.Marshaler with currencies sorted and cycles in
// canonical order (unknown cycles last, sorted), so that the stored JSON is
// stable and reads naturally. A nil Pricing is null.
func (p Pricing) MarshalJSON() ([]byte, error) {
	if p == nil {
		return []byte("null"), nil
	}

	var b bytes.Buffer
	b.WriteByte('{')
	for i, code := range p.Currencies() {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(code))
		b.WriteByte(':')

		byCycle := p[code]
		if byCycle == nil {
			b.WriteString("null")
			continue
		}
		keys := p.Cycles(code)
		var unknown []Cycle
		for c := range byCycle {
			if !c.IsValid() {
				unknown = append(unknown, c)
			}
		}
		slices.Sort(unknown)
		keys = append(keys, unknown...)

		b.WriteByte('{')
		for j, c := range keys {
			if j > 0 {
				b.WriteByte(',')
			}
			price := byCycle[c]
			fmt.Fprintf(&b, `%s:{"price":%d,"setup":%d}`, strconv.Quote(string(c)), price.Price, price.Setup)
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON implements json.Unmarshaler. It decodes only: codes and
// signs are left to Validate (see ParsePricing), but the shape is strict:
//
//   - "price" is required and "setup" defaults to 0; other fields are refused;
//   - both must be JSON integers within int64: 12.5, 1e3, "1299" and null
//     are refused (ErrNotInteger), larger integers are ErrOverflow;
//   - a currency whose value is null decodes to a nil currency map, which
//     Validate then refuses.
//
// Problems inside the object are returned together as a FieldErrors keyed by
// path ("USD.monthly.price") and leave p unchanged. JSON null leaves p
// unchanged.
func (p *Pricing) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil
	}

	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return fmt.Errorf("money: pricing must be an object of currencies: %w", err)
	}

	errs := FieldErrors{}
	out := make(Pricing, len(top))
	for code, rawCurrency := range top {
		if isJSONNull(rawCurrency) {
			out[code] = nil
			continue
		}
		var byCycle map[string]json.RawMessage
		if err := json.Unmarshal(rawCurrency, &byCycle); err != nil {
			errs[code] = &fieldError{"must be an object of billing cycles", ErrInvalidPricing}
			continue
		}
		prices := make(map[Cycle]Price, len(byCycle))
		for cycle, rawPrice := range byCycle {
			price, ok := decodePrice(rawPrice, code+"."+cycle+".", errs)
			if ok {
				prices[Cycle(cycle)] = price
			}
		}
		out[code] = prices
	}

	if len(errs) > 0 {
		return errs
	}
	*p = out
	return nil
}

// UnmarshalJSON implements json.Unmarshaler for {"price":1299,"setup":0} with
// the same strict rules as Pricing.UnmarshalJSON; problems are returned as a
// FieldErrors keyed "price", "setup" or the unknown field's name, or with an
// empty key when the value is not an object. JSON null leaves pr unchanged.
func (pr *Price) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil
	}
	errs := FieldErrors{}
	price, ok := decodePrice(data, "", errs)
	if !ok {
		return errs
	}
	*pr = price
	return nil
}

// decodePrice decodes one price object, adding problems to errs under
// prefix+field (prefix is "USD.monthly." or ""). ok is false if it found any.
func decodePrice(raw json.RawMessage, prefix string, errs FieldErrors) (price Price, ok bool) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
		key := prefix
		if key != "" {
			key = key[:len(key)-1] // "USD.monthly"
		}
		errs[key] = &fieldError{`must be an object like {"price":1299,"setup":0}`, ErrInvalidPricing}
		return Price{}, false
	}

	ok = true
	for name, value := range fields {
		var target *int64
		switch name {
		case "price":
			target = &price.Price
		case "setup":
			target = &price.Setup
		default:
			errs[prefix+name] = &fieldError{"unknown field; expected price and setup", ErrInvalidPricing}
			ok = false
			continue
		}
		n, err := parseJSONInt(value)
		if err != nil {
			if errors.Is(err, ErrOverflow) {
				errs[prefix+name] = &fieldError{"is too large", ErrOverflow}
			} else {
				errs[prefix+name] = &fieldError{"must be an integer number of minor units, got " + shorten(string(bytes.TrimSpace(value))), ErrNotInteger}
			}
			ok = false
			continue
		}
		*target = n
	}
	if _, present := fields["price"]; !present {
		errs[prefix+"price"] = &fieldError{"is required", ErrInvalidPricing}
		ok = false
	}
	if !ok {
		return Price{}, false
	}
	return price, true
}
