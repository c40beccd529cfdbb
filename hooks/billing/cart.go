package billing

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing/coupons"
	"github.com/ezscale/hostbase/hooks/billing/invoicecalc"
	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
)

// maxCartItems bounds a cart, so that one request cannot ask for an
// invoice of unbounded size.
const maxCartItems = 50

// Cart is what a customer buys, priced by the shop from the catalog: the
// billing engine adds discounts, taxes and totals. The cart quote and the
// checkout price it with the same code, so a quote is what the invoice says.
type Cart struct {
	// Currency is the ISO 4217 code every price is in.
	Currency string
	// Customer is the buyer's customers record id; "" for a visitor.
	Customer string
	// Buyer is where the buyer is taxed. IssueOrderInvoice reads it from
	// the customer record instead.
	Buyer tax.Party
	// Coupon is a coupon code; "" for none.
	Coupon string
	Items  []CartItem
}

// CartItem is one product of a cart.
type CartItem struct {
	// Product is the products record id, ProductName its name.
	Product, ProductName string
	// Description is the invoice line's text; ProductName when empty.
	Description string
	Cycle       money.Cycle
	// Price is one period of the product with its options; Setup the
	// one-off setup fee with the options'. Minor units, not negative.
	Price, Setup int64
	// TaxExempt is the product's "sold without tax" flag.
	TaxExempt bool
	// Service is the pending service the checkout created for the item;
	// "" in a quote.
	Service string
	// Options are the configurable options chosen, as the service will
	// store them (option id → value id, quantity or yes/no); the
	// provisioning check reads them.
	Options map[string]any
	Addons  []CartAddon
}

// CartAddon is an addon bought with an item.
type CartAddon struct {
	// Addon is the addons record id; Description the line's text.
	Addon, Description string
	Quantity           int64
	// Price (one period) and Setup are per unit.
	Price, Setup int64
	// ServiceAddon is the pending service addon the checkout created; ""
	// in a quote.
	ServiceAddon string
}

// CartError is a cart the billing engine refuses: Field names the field at
// fault as the shop's API spells it ("items.0.price", "coupon").
type CartError struct {
	Field, Code, Message string
	// Reason is why a coupon was refused; "" for other fields.
	Reason coupons.Reason
}

func (e *CartError) Error() string { return e.Field + ": " + e.Message }

// PricedCart is a cart with its discounts, taxes and totals.
type PricedCart struct {
	Invoice invoicecalc.Invoice
	// Coupon is the coupon applied, nil without one.
	Coupon *AppliedCoupon
	// sources[i] says which item (and addon, -1 for none) line i is for.
	sources []lineSource
}

// LineSource says which cart item line i of the invoice is for, and which
// of its addons (-1 for the item itself), so that a quote can show each
// line under its item.
func (p *PricedCart) LineSource(i int) (item, addon int) {
	return p.sources[i].item, p.sources[i].addon
}

// AppliedCoupon is the coupon a priced cart used.
type AppliedCoupon struct {
	ID, Code string
	// Recurring is set when the discount repeats on renewals.
	Recurring bool
	// Discount is the total discount, a positive amount.
	Discount int64
	// Items are the indexes of the discounted items.
	Items []int
	rules coupons.Coupon
}

type lineSource struct {
	item, addon int
}

// PriceCart computes the invoice a cart makes, with the coupon checked for
// cart.Customer at now. The errors a buyer can fix are *CartError.
//
// Outside a transaction (the quote, and the checkout before it writes) it
// first runs the cart checks (AddCartCheck): a cart the servers cannot
// fulfil is refused before any money is asked for. Inside one
// (IssueOrderInvoice) it does not, so that no plugin call holds the write
// lock.
func PriceCart(app core.App, policy *Policy, cart Cart, now time.Time) (*PricedCart, error) {
	if !app.IsTransactional() {
		if err := CheckCart(context.Background(), app, cart); err != nil {
			return nil, err
		}
	}
	if _, err := money.LookupCurrency(cart.Currency); err != nil {
		return nil, &CartError{Field: "currency", Code: "validation_unknown_currency", Message: fmt.Sprintf("%q is not a currency code.", cart.Currency)}
	}
	if len(cart.Items) == 0 {
		return nil, &CartError{Field: "items", Code: "validation_required", Message: "The cart is empty."}
	}
	if len(cart.Items) > maxCartItems {
		return nil, &CartError{Field: "items", Code: "validation_too_many", Message: fmt.Sprintf("A cart holds at most %d items.", maxCartItems)}
	}
	for i, it := range cart.Items {
		if err := it.validate(i); err != nil {
			return nil, err
		}
	}

	var coupon *couponRecord
	if cart.Coupon != "" {
		var err error
		if coupon, err = findCoupon(app, cart.Coupon); err != nil {
			return nil, couponError(err)
		}
		if err := checkCoupon(app, coupon, cart.Customer, now); err != nil {
			return nil, couponError(err)
		}
	}

	applied, err := tax.Resolve(context.Background(), policy.Seller, cart.Buyer, policy.TaxRules, tax.Options{ReverseCharge: policy.ReverseCharge})
	if err != nil {
		return nil, fmt.Errorf("tax: %w", err)
	}

	var inputs []invoicecalc.LineInput
	var sources []lineSource
	var used *AppliedCoupon
	var firstRefusal error
	add := func(in invoicecalc.LineInput, src lineSource) {
		inputs = append(inputs, in)
		sources = append(sources, src)
	}
	for i, it := range cart.Items {
		desc := it.Description
		if desc == "" {
			desc = it.ProductName
		}
		taxable := !it.TaxExempt
		add(invoicecalc.LineInput{Kind: string(collections.InvoiceItemKindService), Description: desc, Quantity: 1, UnitAmount: it.Price, Taxable: taxable}, lineSource{i, -1})
		if it.Setup > 0 {
			add(invoicecalc.LineInput{Kind: string(collections.InvoiceItemKindSetup), Description: "Setup: " + desc, Quantity: 1, UnitAmount: it.Setup, Taxable: taxable}, lineSource{i, -1})
		}
		if coupon != nil {
			off, err := itemDiscount(coupon.Coupon, it, cart.Currency)
			switch {
			case err != nil && coupons.ReasonOf(err) == "":
				return nil, err
			case err != nil:
				if firstRefusal == nil {
					firstRefusal = err
				}
			case off > 0:
				if used == nil {
					used = &AppliedCoupon{ID: coupon.ID, Code: coupon.Coupon.Code, Recurring: coupon.Coupon.AppliesTo == coupons.Recurring, rules: coupon.Coupon}
				}
				used.Discount += off
				used.Items = append(used.Items, i)
				add(invoicecalc.LineInput{Kind: string(collections.InvoiceItemKindDiscount), Description: discountLabel(coupon.Coupon, cart.Currency), Quantity: 1, UnitAmount: -off, Taxable: taxable}, lineSource{i, -1})
			}
		}
		for j, a := range it.Addons {
			add(invoicecalc.LineInput{Kind: string(collections.InvoiceItemKindAddon), Description: a.Description, Quantity: a.Quantity, UnitAmount: a.Price, Taxable: taxable}, lineSource{i, j})
			if a.Setup > 0 {
				add(invoicecalc.LineInput{Kind: string(collections.InvoiceItemKindSetup), Description: "Setup: " + a.Description, Quantity: a.Quantity, UnitAmount: a.Setup, Taxable: taxable}, lineSource{i, j})
			}
		}
	}
	if coupon != nil && used == nil {
		if firstRefusal == nil {
			firstRefusal = &coupons.Refusal{Reason: coupons.ReasonNothingToDiscount, Message: "This coupon takes nothing off this order."}
		}
		return nil, couponError(firstRefusal)
	}

	inv, err := invoicecalc.Compute(cart.Currency, policy.TaxMode, applied, inputs)
	if err != nil {
		var le *invoicecalc.LineError
		if errors.As(err, &le) {
			src := sources[le.Index]
			field := fmt.Sprintf("items.%d.price", src.item)
			if src.addon >= 0 {
				field = fmt.Sprintf("items.%d.addons.%d", src.item, src.addon)
			}
			return nil, &CartError{Field: field, Code: "validation_invalid", Message: err.Error()}
		}
		if errors.Is(err, money.ErrOverflow) {
			return nil, &CartError{Field: "items", Code: "validation_out_of_range", Message: "The order's total is too large."}
		}
		return nil, err
	}
	return &PricedCart{Invoice: inv, Coupon: used, sources: sources}, nil
}

func (it CartItem) validate(i int) error {
	bad := func(field, code, msg string) error {
		return &CartError{Field: fmt.Sprintf("items.%d.%s", i, field), Code: code, Message: msg}
	}
	switch {
	case !it.Cycle.IsValid():
		return bad("cycle", "validation_invalid_cycle", fmt.Sprintf("%q is not a billing cycle.", it.Cycle))
	case it.Price < 0:
		return bad("price", "validation_negative", "A price cannot be negative.")
	case it.Setup < 0:
		return bad("setup", "validation_negative", "A setup fee cannot be negative.")
	case it.Description == "" && it.ProductName == "":
		return bad("product", "validation_required", "The item needs a product.")
	}
	for j, a := range it.Addons {
		switch {
		case a.Quantity < 1:
			return bad(fmt.Sprintf("addons.%d.quantity", j), "validation_min_quantity", "The quantity must be at least 1.")
		case a.Price < 0 || a.Setup < 0:
			return bad(fmt.Sprintf("addons.%d.price", j), "validation_negative", "A price cannot be negative.")
		case a.Description == "":
			return bad(fmt.Sprintf("addons.%d.addon", j), "validation_required", "The addon needs a name.")
		}
	}
	return nil
}

// itemDiscount is what coupon takes off an item's first invoice: off the
// price (percent, fixed) or the setup fee (free setup).
func itemDiscount(c coupons.Coupon, it CartItem, currency string) (int64, error) {
	price, setup, err := c.Discount(coupons.Item{ProductID: it.Product, ProductName: it.ProductName, Cycle: it.Cycle, Currency: currency, Price: it.Price, Setup: it.Setup})
	if err != nil {
		return 0, err
	}
	return price + setup, nil
}

// discountLabel is a discount line's text: "Coupon SPRING: 25% off".
func discountLabel(c coupons.Coupon, currency string) string {
	switch c.Kind {
	case coupons.Percent:
		pct := money.FormatMinor(c.PercentBP, 2)
		if c.PercentBP%100 == 0 {
			pct = fmt.Sprint(c.PercentBP / 100)
		}
		return fmt.Sprintf("Coupon %s: %s%% off", c.Code, pct)
	case coupons.Fixed:
		return fmt.Sprintf("Coupon %s: %s %s off", c.Code, money.FormatMinor(c.Amounts[currency], decimals(currency)), currency)
	default:
		return fmt.Sprintf("Coupon %s: free setup", c.Code)
	}
}

// couponError turns a coupon refusal into the cart's error on "coupon".
func couponError(err error) error {
	var r *coupons.Refusal
	if errors.As(err, &r) {
		return &CartError{Field: "coupon", Code: "coupon_" + string(r.Reason), Message: r.Message, Reason: r.Reason}
	}
	return err
}
