package shop

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/money"
)

// MaxOptionQuantity caps a quantity option whose max_quantity is 0 (no
// maximum set in the catalog): a typo guard, so that a stray digit cannot
// order a million gigabytes.
const MaxOptionQuantity = 100_000

// ItemRequest is one product a buyer asks for, as the storefront sends it.
type ItemRequest struct {
	// Product is the products record id.
	Product string
	// Cycle and Currency are what the item is priced in.
	Cycle    money.Cycle
	Currency string
	// Options maps a config_options id to the choice: a config_option_values
	// id (select), a whole number (quantity; json.Number or an int type) or a
	// bool (yesno). A nil value counts as not given.
	Options map[string]any
	// Addons are addons record ids, each bought once.
	Addons []string
	// Index is the item's position in its cart, for the error field names
	// ("items.<Index>.product").
	Index int
	// AllowHidden lets staff price hidden products, options, values and
	// addons; a customer sees them as not existing.
	AllowHidden bool
}

// Priced is an item priced from the catalog, with the options the service
// will store.
type Priced struct {
	// Item is what the billing engine invoices: the product with its
	// options in Price and Setup, and the addons apart.
	Item billing.CartItem
	// Config is every option of the product that has a choice, given or
	// defaulted: option id → value id (select), int64 (quantity) or bool
	// (yesno). The service keeps it and the provisioner reads it.
	Config map[string]any
	// Base is the product's own price and setup fee, before its options.
	Base money.Price
	// Product is the catalog record priced.
	Product *collections.Product
	// Options are the choices priced into Item, in the catalog's order,
	// so that a quote can show what each one adds.
	Options []PricedOption
}

// PricedOption is one config option's choice and what it adds to an item.
type PricedOption struct {
	Option, Name string
	// Value is what Config holds for the option: a value id, a quantity
	// or a yes/no.
	Value any
	// Label names the choice for people: the value's label, "4 GB", "Yes".
	Label        string
	Price, Setup int64
}

// PriceItem prices one cart item from the catalog: the product's price for
// the cycle and currency, plus its config options and addons. Every problem
// a buyer can fix is a *billing.CartError naming the field
// ("items.N.product", "items.N.cycle", "items.N.options.<optionId>",
// "items.N.addons.M", "currency").
//
// Options are priced like this:
//   - select: the chosen value's pricing (same JSON as a product's); when
//     none is given, the option's is_default value; a required option with
//     neither is refused.
//   - quantity: the option carries its unit price on one value (the
//     is_default one, else the first by sort): price and setup are each that
//     value's × the quantity. When none is given the quantity is
//     min_quantity (a required option must be given). The quantity must be
//     within min_quantity..max_quantity (max 0: up to MaxOptionQuantity).
//     An option without values is free.
//   - yesno: true adds the price of the option's value (chosen as for
//     quantity); when not given it is true if that value is_default.
//
// A value with empty pricing is free; a value priced, but not in this
// currency and cycle, is refused rather than given away.
func PriceItem(app core.App, req ItemRequest) (Priced, error) {
	p := &itemPricer{app: app, req: req}
	return p.price()
}

type itemPricer struct {
	app core.App
	req ItemRequest
}

func (p *itemPricer) fail(field, code, format string, args ...any) error {
	return &billing.CartError{Field: fmt.Sprintf("items.%d.%s", p.req.Index, field), Code: code, Message: fmt.Sprintf(format, args...)}
}

func (p *itemPricer) price() (Priced, error) {
	req := p.req
	if !money.IsKnownCurrency(req.Currency) {
		return Priced{}, &billing.CartError{Field: "currency", Code: "validation_unknown_currency", Message: fmt.Sprintf("%q is not a currency code.", req.Currency)}
	}
	if !req.Cycle.IsValid() {
		return Priced{}, p.fail("cycle", "validation_invalid_cycle", "%q is not a billing cycle.", req.Cycle)
	}
	product, err := p.product()
	if err != nil {
		return Priced{}, err
	}
	pricing, err := parsePricing(product.PricingJSON())
	if err != nil {
		return Priced{}, fmt.Errorf("product %s: %w", product.Id, err)
	}
	base, ok := pricing.Lookup(req.Currency, req.Cycle)
	if !ok {
		return Priced{}, p.fail("cycle", "validation_not_offered", "%s is not sold %s in %s%s.", product.Name(), req.Cycle, req.Currency, offered(pricing, req.Currency))
	}

	out := Priced{
		Item: billing.CartItem{Product: product.Id, ProductName: product.Name(), Cycle: req.Cycle,
			Price: base.Price, Setup: base.Setup, TaxExempt: product.TaxExempt()},
		Config:  map[string]any{},
		Base:    base,
		Product: product,
	}
	if err := p.options(product, &out); err != nil {
		return Priced{}, err
	}
	if err := p.addons(product, &out); err != nil {
		return Priced{}, err
	}
	return out, nil
}

// product loads the product, telling a customer nothing about hidden ones.
func (p *itemPricer) product() (*collections.Product, error) {
	if p.req.Product == "" {
		return nil, p.fail("product", "validation_required", "Choose a product.")
	}
	product, err := collections.FindProduct(p.app, p.req.Product)
	if err != nil || (product.Hidden() && !p.req.AllowHidden) {
		return nil, p.fail("product", "validation_not_found", "There is no such product.")
	}
	if product.Retired() {
		return nil, p.fail("product", "validation_retired", "%s is no longer sold.", product.Name())
	}
	return product, nil
}

// catalogOption is a config option with its values in display order.
type catalogOption struct {
	*collections.ConfigOption
	values []*collections.ConfigOptionValue
}

// unitValue is the value that carries a quantity or yesno option's price.
func (o catalogOption) unitValue() *collections.ConfigOptionValue {
	for _, v := range o.values {
		if v.IsDefault() {
			return v
		}
	}
	if len(o.values) > 0 {
		return o.values[0]
	}
	return nil
}

// productOptions returns the config options linked to a product, by sort
// then id, each with its values by sort then id.
func productOptions(app core.App, productID string) ([]catalogOption, error) {
	f := collections.ConfigOptionFields
	// A plain json_each over the stored ids, rather than PocketBase's
	// filter ("products.id ?= x"), whose parsing and relation expansion
	// took a third of a cart quote.
	recs, err := app.FindAllRecords(collections.ConfigOptions, dbx.NewExp(
		"EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid([["+f.Products+"]]) THEN [["+f.Products+"]] ELSE json_array([["+f.Products+"]]) END) WHERE json_each.value = {:p})",
		dbx.Params{"p": productID}))
	if err != nil {
		return nil, err
	}
	sort.Slice(recs, func(i, j int) bool {
		if a, b := recs[i].GetInt(f.Sort), recs[j].GetInt(f.Sort); a != b {
			return a < b
		}
		return recs[i].Id < recs[j].Id
	})
	if len(recs) == 0 {
		return nil, nil
	}
	ids := make([]any, len(recs))
	opts := make([]catalogOption, len(recs))
	byID := make(map[string]int, len(recs))
	for i, r := range recs {
		ids[i] = r.Id
		opts[i] = catalogOption{ConfigOption: collections.WrapConfigOption(r)}
		byID[r.Id] = i
	}
	vf := collections.ConfigOptionValueFields
	vals, err := app.FindAllRecords(collections.ConfigOptionValues, dbx.In(vf.Option, ids...))
	if err != nil {
		return nil, err
	}
	sort.Slice(vals, func(i, j int) bool {
		if a, b := vals[i].GetInt(vf.Sort), vals[j].GetInt(vf.Sort); a != b {
			return a < b
		}
		return vals[i].Id < vals[j].Id
	})
	for _, v := range vals {
		i := byID[v.GetString(vf.Option)]
		opts[i].values = append(opts[i].values, collections.WrapConfigOptionValue(v))
	}
	return opts, nil
}

func (p *itemPricer) options(product *collections.Product, out *Priced) error {
	opts, err := productOptions(p.app, product.Id)
	if err != nil {
		return err
	}
	visible := map[string]bool{}
	for _, o := range opts {
		if !o.Hidden() || p.req.AllowHidden {
			visible[o.Id] = true
		}
	}
	// Unknown ids first, in a stable order, so the same request always
	// names the same field.
	keys := make([]string, 0, len(p.req.Options))
	for k := range p.req.Options {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !visible[k] {
			return p.fail("options."+k, "validation_unknown_option", "%s has no option %q.", product.Name(), k)
		}
	}

	for _, o := range opts {
		field := "options." + o.Id
		raw := p.req.Options[o.Id]
		given := raw != nil
		// Only staff may leave a hidden option's required choice open: a
		// customer cannot see it to make one.
		required := o.Required() && visible[o.Id]
		var price money.Price
		var label string
		switch o.Kind() {
		case collections.ConfigOptionKindSelect:
			var chosen *collections.ConfigOptionValue
			if given {
				id, ok := raw.(string)
				if !ok {
					return p.fail(field, "validation_invalid", "Choose one of the values of %s by its id.", o.Name())
				}
				for _, v := range o.values {
					if v.Id == id && (!v.Hidden() || p.req.AllowHidden) {
						chosen = v
					}
				}
				if chosen == nil {
					return p.fail(field, "validation_unknown_value", "%q is not a value of %s.", id, o.Name())
				}
			} else {
				for _, v := range o.values {
					if v.IsDefault() {
						chosen = v
						break
					}
				}
				if chosen == nil {
					if required {
						return p.fail(field, "validation_required", "Choose a %s.", o.Name())
					}
					continue
				}
			}
			if price, err = p.valuePrice(o, chosen, field); err != nil {
				return err
			}
			out.Config[o.Id] = chosen.Id
			label = chosen.Label()

		case collections.ConfigOptionKindQuantity:
			n := o.MinQuantity()
			if given {
				var ok bool
				if n, ok = wholeNumber(raw); !ok {
					return p.fail(field, "validation_not_integer", "The quantity of %s must be a whole number.", o.Name())
				}
			} else if required {
				return p.fail(field, "validation_required", "Choose how many %s.", o.Name())
			}
			limit := o.MaxQuantity()
			if limit == 0 {
				limit = MaxOptionQuantity
			}
			if n < o.MinQuantity() || n > limit {
				return p.fail(field, "validation_out_of_range", "The quantity of %s must be between %d and %d.", o.Name(), o.MinQuantity(), limit)
			}
			if unit := o.unitValue(); unit != nil && n > 0 {
				each, err := p.valuePrice(o, unit, field)
				if err != nil {
					return err
				}
				var ok1, ok2 bool
				price.Price, ok1 = mulInt64(each.Price, n)
				price.Setup, ok2 = mulInt64(each.Setup, n)
				if !ok1 || !ok2 {
					return p.fail(field, "validation_out_of_range", "The quantity of %s is too large.", o.Name())
				}
			}
			out.Config[o.Id] = n
			label = strings.TrimSpace(fmt.Sprintf("%d %s", n, o.Unit()))

		case collections.ConfigOptionKindYesno:
			unit := o.unitValue()
			on := unit != nil && unit.IsDefault()
			if given {
				b, ok := raw.(bool)
				if !ok {
					return p.fail(field, "validation_not_bool", "%s is true or false.", o.Name())
				}
				on = b
			} else if required && !on {
				return p.fail(field, "validation_required", "Say whether you want %s.", o.Name())
			}
			if on && unit != nil {
				if price, err = p.valuePrice(o, unit, field); err != nil {
					return err
				}
			}
			out.Config[o.Id] = on
			label = "No"
			if on {
				label = "Yes"
			}

		default:
			return fmt.Errorf("config option %s: unknown kind %q", o.Id, o.Kind())
		}
		if err := p.add(&out.Item, price, field); err != nil {
			return err
		}
		out.Options = append(out.Options, PricedOption{Option: o.Id, Name: o.Name(), Value: out.Config[o.Id], Label: label, Price: price.Price, Setup: price.Setup})
	}
	return nil
}

// valuePrice is a config value's price in the item's currency and cycle.
func (p *itemPricer) valuePrice(o catalogOption, v *collections.ConfigOptionValue, field string) (money.Price, error) {
	pricing, err := parsePricing(v.PricingJSON())
	if err != nil {
		return money.Price{}, fmt.Errorf("config option value %s: %w", v.Id, err)
	}
	if len(pricing) == 0 {
		return money.Price{}, nil
	}
	price, ok := pricing.Lookup(p.req.Currency, p.req.Cycle)
	if !ok {
		return money.Price{}, p.fail(field, "validation_not_offered", "%s: %s is not offered %s in %s.", o.Name(), v.Label(), p.req.Cycle, p.req.Currency)
	}
	return price, nil
}

func (p *itemPricer) add(it *billing.CartItem, price money.Price, field string) error {
	sum, err1 := money.AddMinor(it.Price, price.Price)
	setup, err2 := money.AddMinor(it.Setup, price.Setup)
	if err1 != nil || err2 != nil {
		return p.fail(field, "validation_out_of_range", "The item's price is too large.")
	}
	it.Price, it.Setup = sum, setup
	return nil
}

func (p *itemPricer) addons(product *collections.Product, out *Priced) error {
	seen := map[string]bool{}
	for j, id := range p.req.Addons {
		field := fmt.Sprintf("addons.%d", j)
		if seen[id] {
			return p.fail(field, "validation_duplicate", "Each addon is bought once per item.")
		}
		seen[id] = true
		addon, err := collections.FindAddon(p.app, id)
		if err != nil || (addon.Hidden() && !p.req.AllowHidden) {
			return p.fail(field, "validation_not_found", "There is no addon %q.", id)
		}
		if !slices.Contains(addon.ProductIDs(), product.Id) {
			return p.fail(field, "validation_not_for_product", "%s is not offered with %s.", addon.Name(), product.Name())
		}
		pricing, err := parsePricing(addon.PricingJSON())
		if err != nil {
			return fmt.Errorf("addon %s: %w", addon.Id, err)
		}
		price, ok := pricing.Lookup(p.req.Currency, p.req.Cycle)
		if !ok {
			return p.fail(field, "validation_not_offered", "%s is not sold %s in %s%s.", addon.Name(), p.req.Cycle, p.req.Currency, offered(pricing, p.req.Currency))
		}
		out.Item.Addons = append(out.Item.Addons, billing.CartAddon{Addon: addon.Id, Description: addon.Name(), Quantity: 1, Price: price.Price, Setup: price.Setup})
	}
	return nil
}

// parsePricing reads a catalog pricing field; empty means no prices.
func parsePricing(raw []byte) (money.Pricing, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" || s == `""` {
		return nil, nil
	}
	return money.ParsePricing([]byte(s))
}

// offered lists the cycles a currency has, so that a refusal says what to
// pick instead: "; it is sold monthly, annual".
func offered(p money.Pricing, currency string) string {
	cycles := p.Cycles(currency)
	if len(cycles) == 0 {
		return ""
	}
	names := make([]string, len(cycles))
	for i, c := range cycles {
		names[i] = string(c)
	}
	return "; it is sold " + strings.Join(names, ", ")
}

// wholeNumber reads a quantity as a strict JSON body (json.Number) or Go
// code (an integer) gives it; a fraction is refused, never rounded.
func wholeNumber(v any) (int64, bool) {
	switch n := v.(type) {
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	case int:
		return int64(n), true
	case int32:
		return int64(n), true
	case int64:
		return n, true
	}
	return 0, false
}

func mulInt64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	c := a * b
	if c/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return c, true
}
