package payments

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// SaveMethod records a payment method saved at a gateway, inside txApp's
// transaction, for the customer m names or whose gateway customer id it
// carries. The customer's first method becomes their default. Saving it
// again refreshes its card details; a removed method saved again returns.
func SaveMethod(txApp core.App, gateway string, m MethodEvent) (*collections.PaymentMethod, error) {
	customer, err := methodOwner(txApp, gateway, m)
	if err != nil {
		return nil, err
	}
	f := collections.PaymentMethodFields
	var pm *collections.PaymentMethod
	rec, err := txApp.FindFirstRecordByFilter(collections.PaymentMethods, f.Gateway+" = {:g} && "+f.GatewayRef+" = {:ref}", dbx.Params{"g": gateway, "ref": m.Ref})
	switch {
	case err == nil:
		pm = collections.WrapPaymentMethod(rec)
		if pm.CustomerID() != customer {
			return nil, fmt.Errorf("payments: method %s belongs to another customer", m.Ref)
		}
	case errors.Is(err, sql.ErrNoRows):
		if pm, err = collections.NewPaymentMethod(txApp); err != nil {
			return nil, err
		}
		pm.SetGateway(collections.PaymentMethodGateway(gateway))
		pm.SetGatewayRef(m.Ref)
		pm.SetCustomerID(customer)
	default:
		return nil, err
	}
	pm.SetRemovedAt(types.DateTime{})
	if m.Brand != "" {
		pm.SetBrand(m.Brand)
	}
	if len(m.Last4) == 4 {
		pm.SetLast4(m.Last4)
	}
	if m.ExpMonth > 0 {
		pm.SetExpMonth(int64(m.ExpMonth))
		pm.SetExpYear(int64(m.ExpYear))
	}
	if d, err := defaultMethod(txApp, customer); err != nil {
		return nil, err
	} else if d == "" {
		pm.SetIsDefault(true)
	}
	if err := txApp.Save(pm); err != nil {
		return nil, fmt.Errorf("save payment method: %w", err)
	}
	return pm, nil
}

// RemoveMethod marks a method removed (payment attempts still name it) and
// moves the default to the customer's newest other method. Unknown methods
// are fine: nothing to remove.
func RemoveMethod(txApp core.App, gateway, ref string, now types.DateTime) error {
	f := collections.PaymentMethodFields
	rec, err := txApp.FindFirstRecordByFilter(collections.PaymentMethods, f.Gateway+" = {:g} && "+f.GatewayRef+" = {:ref}", dbx.Params{"g": gateway, "ref": ref})
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	pm := collections.WrapPaymentMethod(rec)
	if !pm.RemovedAt().IsZero() {
		return nil
	}
	wasDefault := pm.IsDefault()
	pm.SetRemovedAt(now)
	pm.SetIsDefault(false)
	if err := txApp.Save(pm); err != nil {
		return err
	}
	if wasDefault {
		next, err := txApp.FindRecordsByFilter(collections.PaymentMethods, f.Customer+" = {:c} && "+f.RemovedAt+" = ''", "-"+f.Created, 1, 0, dbx.Params{"c": pm.CustomerID()})
		if err != nil {
			return err
		}
		if len(next) == 1 {
			next[0].Set(f.IsDefault, true)
			return txApp.Save(next[0])
		}
	}
	return nil
}

// MakeDefault makes one of a customer's methods their default.
func MakeDefault(txApp core.App, methodID string) error {
	pm, err := collections.FindPaymentMethod(txApp, methodID)
	if err != nil {
		return err
	}
	f := collections.PaymentMethodFields
	others, err := txApp.FindRecordsByFilter(collections.PaymentMethods, f.Customer+" = {:c} && "+f.IsDefault+" = true && id != {:id}", "", 0, 0, dbx.Params{"c": pm.CustomerID(), "id": pm.Id})
	if err != nil {
		return err
	}
	for _, o := range others {
		o.Set(f.IsDefault, false)
		if err := txApp.Save(o); err != nil {
			return err
		}
	}
	pm.SetIsDefault(true)
	return txApp.Save(pm)
}

// defaultMethod is the id of a customer's default method that can be
// charged, or "".
func defaultMethod(app core.App, customer string) (string, error) {
	f := collections.PaymentMethodFields
	var id string
	err := app.DB().Select(f.ID).From(collections.PaymentMethods).
		Where(dbx.HashExp{f.Customer: customer, f.IsDefault: true, f.RemovedAt: ""}).Limit(1).Row(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// methodOwner is the customer a saved method belongs to.
func methodOwner(txApp core.App, gateway string, m MethodEvent) (string, error) {
	if m.Customer != "" {
		if _, err := collections.FindCustomer(txApp, m.Customer); err == nil {
			return m.Customer, nil
		}
	}
	if gateway == Stripe && m.CustomerRef != "" {
		rec, err := txApp.FindFirstRecordByData(collections.Customers, collections.CustomerFields.StripeCustomerID, m.CustomerRef)
		if err == nil {
			return rec.Id, nil
		}
	}
	return "", fmt.Errorf("%w: method %s of gateway customer %q", ErrUnknownCustomer, m.Ref, m.CustomerRef)
}

// ErrUnknownCustomer is a gateway object no customer of ours owns.
var ErrUnknownCustomer = errors.New("payments: no such customer")
