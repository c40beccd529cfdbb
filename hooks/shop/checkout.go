package shop

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/billing/numbering"
	"github.com/ezscale/hostbase/hooks/lifecycle"
	"github.com/ezscale/hostbase/hooks/money"
)

// SeriesOrder is the document series of order numbers.
const SeriesOrder = "ORD"

// checkoutOrder is what the checkout writes for a priced cart.
type checkoutOrder struct {
	Customer       string
	Quote          *cartQuote
	Billing        *billingBody
	Gateway        string
	IdempotencyKey string
	Notes          string
	IP, UserAgent  string
	Now            time.Time
}

// placed is an order with its first invoice; Created is false when the
// idempotency key found an order already placed.
type placed struct {
	Order   *collections.Order
	Invoice *collections.Invoice
	Created bool
}

// placeOrder writes, in one transaction, the order, its pending services and
// service addons, the tracked stock taken, the billing address saved to the
// customer and the order's first invoice (billing.IssueOrderInvoice). An
// order already placed with the same idempotency key is returned as it is:
// two requests racing with one key write one order, because the second
// transaction starts after the first commits and finds it.
func placeOrder(app core.App, in checkoutOrder) (*placed, error) {
	var out *placed
	err := app.RunInTransaction(func(tx core.App) error {
		existing, err := orderByKey(tx, in.Customer, in.IdempotencyKey)
		if err != nil {
			return err
		}
		if existing != nil {
			inv, err := collections.FindInvoice(tx, existing.InvoiceID())
			if err != nil {
				return err
			}
			out = &placed{Order: existing, Invoice: inv}
			return nil
		}
		out, err = writeOrder(tx, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func writeOrder(tx core.App, in checkoutOrder) (*placed, error) {
	now := types.NowDateTime()
	if !in.Now.IsZero() {
		now, _ = types.ParseDateTime(in.Now)
	}
	policy, err := billing.LoadPolicy(tx)
	if err != nil {
		return nil, err
	}
	today := money.DateOf(now.Time(), policy.Location)

	if in.Billing != nil {
		if err := saveBilling(tx, in.Customer, *in.Billing); err != nil {
			return nil, err
		}
	}

	q := in.Quote
	order, err := collections.NewOrder(tx)
	if err != nil {
		return nil, err
	}
	number, err := orderNumber(tx, today, now)
	if err != nil {
		return nil, err
	}
	order.SetNumber(number)
	order.SetCustomerID(in.Customer)
	order.SetStatus(collections.OrderStatusPending)
	order.SetCurrency(q.Cart.Currency)
	order.SetTotal(q.Priced.Invoice.Total)
	order.SetGateway(in.Gateway)
	order.SetIP(truncate(in.IP, 64))
	order.SetUserAgent(truncate(in.UserAgent, 500))
	order.SetIdempotencyKey(in.IdempotencyKey)
	order.SetAcceptedTermsAt(now)
	order.SetNotes(in.Notes)
	if q.Priced.Coupon != nil {
		order.SetCouponID(q.Priced.Coupon.ID)
	}
	if err := tx.Save(order); err != nil {
		return nil, fmt.Errorf("save order: %w", err)
	}

	cart := q.Cart
	cart.Items = append([]billing.CartItem(nil), q.Cart.Items...)
	for i := range cart.Items {
		it := &cart.Items[i]
		svc, err := collections.NewService(tx)
		if err != nil {
			return nil, err
		}
		svc.SetCustomerID(in.Customer)
		svc.SetOrderID(order.Id)
		svc.SetProductID(it.Product)
		svc.SetStatus(collections.ServiceStatusPending)
		svc.SetCycle(it.Cycle)
		svc.SetCurrency(cart.Currency)
		svc.SetRecurringAmount(it.Price)
		svc.SetConfig(it.Options)
		svc.SetHostname(q.Hostnames[i])
		if err := tx.Save(svc); err != nil {
			return nil, fmt.Errorf("save service of item %d: %w", i, err)
		}
		it.Service = svc.Id
		it.Addons = append([]billing.CartAddon(nil), it.Addons...)
		for j := range it.Addons {
			a := &it.Addons[j]
			sa, err := collections.NewServiceAddon(tx)
			if err != nil {
				return nil, err
			}
			sa.SetServiceID(svc.Id)
			sa.SetCustomerID(in.Customer)
			sa.SetAddonID(a.Addon)
			sa.SetStatus(collections.ServiceAddonStatusPending)
			sa.SetCycle(it.Cycle)
			sa.SetCurrency(cart.Currency)
			sa.SetQuantity(a.Quantity)
			sa.SetRecurringAmount(a.Price)
			if err := tx.Save(sa); err != nil {
				return nil, fmt.Errorf("save addon %d of item %d: %w", j, i, err)
			}
			a.ServiceAddon = sa.Id
		}
	}
	if err := takeStock(tx, q.Products); err != nil {
		return nil, err
	}

	inv, err := billing.IssueOrderInvoice(tx, billing.OrderInvoice{Cart: cart, Order: order.Id, Today: today, Now: now})
	if err != nil {
		return nil, err
	}
	order.SetInvoiceID(inv.Id)
	order.SetTotal(inv.Total())
	if err := tx.Save(order); err != nil {
		return nil, err
	}
	if inv.Status() == collections.InvoiceStatusPaid {
		// IssueOrderInvoice paid it (nothing to pay, or account credit)
		// before the order named its invoice: run the paid hooks again
		// now that the order's activation can find it.
		if err := billing.InvoicePaid(tx, inv.Id, now); err != nil {
			return nil, err
		}
	}
	if err := setUpOnOrder(tx, order, q.Products, cart, now); err != nil {
		return nil, err
	}
	return &placed{Order: order, Invoice: inv, Created: true}, nil
}

// setUpOnOrder starts provisioning the services whose product is set up on
// order, before payment.
func setUpOnOrder(tx core.App, order *collections.Order, products []*collections.Product, cart billing.Cart, now types.DateTime) error {
	for i, p := range products {
		if p.AutoSetup() != collections.ProductAutoSetupOnOrder {
			continue
		}
		if _, err := lifecycle.MarkProvisioning(tx, cart.Items[i].Service, lifecycle.Reason{ActorName: "checkout", Why: "order " + order.Number() + " placed", Now: now}); err != nil {
			return err
		}
	}
	return nil
}

// orderByKey finds a customer's order by its idempotency key; nil when
// there is none.
func orderByKey(app core.App, customer, key string) (*collections.Order, error) {
	f := collections.OrderFields
	rec, err := app.FindFirstRecordByFilter(collections.Orders, f.Customer+" = {:c} && "+f.IdempotencyKey+" = {:k}", dbx.Params{"c": customer, "k": key})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return collections.WrapOrder(rec), nil
}

// orderNumber assigns the next order number by the settings' pattern.
func orderNumber(tx core.App, today money.Date, now types.DateTime) (string, error) {
	rec, err := tx.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		return "", err
	}
	raw := collections.WrapCompanySettings(rec).OrderNumberPattern()
	if raw == "" {
		raw = "ORD-{SEQ:6}"
	}
	pattern, err := numbering.ParsePattern(raw)
	if err != nil {
		return "", fmt.Errorf("order number pattern %q: %w", raw, err)
	}
	return billing.NextNumber(tx, SeriesOrder, pattern, false, today, now)
}

// billingFields maps the checkout's billing fields to the customers
// record's.
var billingFields = map[string]string{
	"name": "name", "company": "company", "address_line1": "address_line1", "address_line2": "address_line2",
	"city": "city", "postcode": "postcode", "country": "country", "state": "state", "vat_id": "tax_id",
}

// saveBilling saves the billing address to the customer's record: every
// field as given (an empty one clears it), except an empty name, which
// keeps the record's. A field the record refuses is a 400 on
// "billing.<field>".
func saveBilling(tx core.App, customerID string, b billingBody) error {
	c, err := collections.FindCustomer(tx, customerID)
	if err != nil {
		return err
	}
	if name := strings.TrimSpace(b.Name); name != "" {
		c.SetName(name)
	}
	c.SetCompany(strings.TrimSpace(b.Company))
	c.SetAddressLine1(strings.TrimSpace(b.AddressLine1))
	c.SetAddressLine2(strings.TrimSpace(b.AddressLine2))
	c.SetCity(strings.TrimSpace(b.City))
	c.SetPostcode(strings.TrimSpace(b.Postcode))
	c.SetCountry(strings.ToUpper(strings.TrimSpace(b.Country)))
	c.SetState(strings.TrimSpace(b.State))
	c.SetTaxID(strings.TrimSpace(b.VATID))
	err = tx.Save(c)
	var verrs validation.Errors
	if errors.As(err, &verrs) {
		for field, fe := range verrs {
			for ours, theirs := range billingFields {
				if theirs == field {
					return &billing.CartError{Field: "billing." + ours, Code: "validation_invalid", Message: fe.Error()}
				}
			}
		}
	}
	return err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
