package shop

import (
	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
)

// visitorTaxNote is the quote's word to a visitor whose country is unknown.
const visitorTaxNote = "Tax is added at checkout for your country."

// quoteAnswer is what POST /api/hb/cart/quote answers: every amount in
// minor units of Currency.
type quoteAnswer struct {
	Currency  string       `json:"currency"`
	Items     []quoteItem  `json:"items"`
	Lines     []quoteLine  `json:"lines"`
	Subtotal  int64        `json:"subtotal"`
	Discount  int64        `json:"discount"`
	Tax       int64        `json:"tax"`
	TaxTotal  int64        `json:"tax_total"`
	Total     int64        `json:"total"`
	Taxes     []quoteTax   `json:"taxes"`
	Recurring []recurring  `json:"recurring"`
	Coupon    *quoteCoupon `json:"coupon"`
	CouponErr *couponError `json:"coupon_error"`
	TaxNote   string       `json:"tax_note"`
}

type quoteItem struct {
	Product  string      `json:"product"`
	Name     string      `json:"name"`
	Cycle    money.Cycle `json:"cycle"`
	Hostname string      `json:"hostname"`
	// Price and Setup are the product with its options, addons apart;
	// BasePrice and BaseSetup the product alone.
	Price     int64         `json:"price"`
	Setup     int64         `json:"setup"`
	BasePrice int64         `json:"base_price"`
	BaseSetup int64         `json:"base_setup"`
	Options   []quoteOption `json:"options"`
	Addons    []quoteAddon  `json:"addons"`
}

type quoteOption struct {
	Option string `json:"option"`
	Name   string `json:"name"`
	Value  any    `json:"value"`
	Label  string `json:"label"`
	Price  int64  `json:"price"`
	Setup  int64  `json:"setup"`
}

type quoteAddon struct {
	Addon string `json:"addon"`
	Name  string `json:"name"`
	Price int64  `json:"price"`
	Setup int64  `json:"setup"`
}

// quoteLine is a line of the first invoice; Item is nil on tax lines.
type quoteLine struct {
	Item        *int   `json:"item"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
	Amount      int64  `json:"amount"`
	TaxRateBP   int64  `json:"tax_rate_bp"`
}

type quoteTax struct {
	Name   string `json:"name"`
	RateBP int64  `json:"rate_bp"`
	Amount int64  `json:"amount"`
}

// recurring is what the next renewal of each cycle costs, before tax: the
// products with their options and addons, less a recurring coupon's
// discount while it lasts.
type recurring struct {
	Cycle  money.Cycle `json:"cycle"`
	Amount int64       `json:"amount"`
}

type quoteCoupon struct {
	Code      string `json:"code"`
	Discount  int64  `json:"discount"`
	Recurring bool   `json:"recurring"`
}

type couponError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// lineKinds maps invoice line kinds to the quote's.
var lineKinds = map[string]string{
	string(collections.InvoiceItemKindService):  "product",
	string(collections.InvoiceItemKindSetup):    "setup",
	string(collections.InvoiceItemKindAddon):    "addon",
	string(collections.InvoiceItemKindDiscount): "discount",
}

// answer turns a priced cart into the quote's answer.
func (q *cartQuote) answer() quoteAnswer {
	inv := q.Priced.Invoice
	out := quoteAnswer{Currency: q.Cart.Currency, Subtotal: inv.Subtotal, Discount: inv.DiscountTotal, Tax: inv.TaxTotal,
		TaxTotal: inv.TaxTotal, Total: inv.Total, Items: []quoteItem{}, Lines: []quoteLine{}, Taxes: []quoteTax{}, Recurring: []recurring{}}
	cycles := map[money.Cycle]int{}
	for i, p := range q.Items {
		it := quoteItem{Product: p.Item.Product, Name: p.Item.ProductName, Cycle: p.Item.Cycle, Hostname: q.Hostnames[i],
			Price: p.Item.Price, Setup: p.Item.Setup, BasePrice: p.Base.Price, BaseSetup: p.Base.Setup,
			Options: []quoteOption{}, Addons: []quoteAddon{}}
		for _, o := range p.Options {
			it.Options = append(it.Options, quoteOption{Option: o.Option, Name: o.Name, Value: o.Value, Label: o.Label, Price: o.Price, Setup: o.Setup})
		}
		renews := p.Item.Price
		for _, a := range p.Item.Addons {
			it.Addons = append(it.Addons, quoteAddon{Addon: a.Addon, Name: a.Description, Price: a.Price, Setup: a.Setup})
			renews += a.Price * a.Quantity
		}
		out.Items = append(out.Items, it)
		if p.Item.Cycle.IsRecurring() {
			if _, ok := cycles[p.Item.Cycle]; !ok {
				cycles[p.Item.Cycle] = len(out.Recurring)
				out.Recurring = append(out.Recurring, recurring{Cycle: p.Item.Cycle})
			}
			out.Recurring[cycles[p.Item.Cycle]].Amount += renews
		}
	}
	for i, l := range inv.Lines {
		item, _ := q.Priced.LineSource(i)
		if cycle := q.Items[item].Item.Cycle; q.RenewalDiscounted && l.Kind == string(collections.InvoiceItemKindDiscount) && cycle.IsRecurring() {
			// The discount as priced (UnitAmount is negative), not the
			// net amount, which leaves out an included tax.
			out.Recurring[cycles[cycle]].Amount += l.UnitAmount * l.Quantity
		}
		kind := lineKinds[l.Kind]
		if kind == "" {
			kind = l.Kind
		}
		out.Lines = append(out.Lines, quoteLine{Item: &item, Kind: kind, Description: l.Description, Amount: l.Amount, TaxRateBP: l.TaxRateBP})
	}
	for _, t := range inv.TaxLines {
		out.Taxes = append(out.Taxes, quoteTax{Name: t.Name, RateBP: t.RateBP, Amount: t.Amount})
		out.Lines = append(out.Lines, quoteLine{Kind: "tax", Description: taxLabel(t.Name, t.RateBP), Amount: t.Amount, TaxRateBP: t.RateBP})
	}
	if c := q.Priced.Coupon; c != nil {
		out.Coupon = &quoteCoupon{Code: c.Code, Discount: c.Discount, Recurring: c.Recurring}
	}
	if r := q.CouponRefusal; r != nil {
		out.CouponErr = &couponError{Code: r.Code, Message: r.Message}
	}
	switch {
	case !q.TaxKnown:
		out.TaxNote = visitorTaxNote
	case inv.Notice != "":
		out.TaxNote = inv.Notice
	}
	return out
}

// taxLabel is a tax line's text: "VAT 19%", "Sales tax 6.25%".
func taxLabel(name string, rateBP int64) string {
	pct := money.FormatMinor(rateBP, 2)
	if rateBP%100 == 0 {
		pct = money.FormatMinor(rateBP/100, 0)
	}
	return name + " " + pct + "%"
}
