package shop

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/request"
)

// changeBody is what a plan change asks for; a field left out keeps the
// service's current product or options.
type changeBody struct {
	Product string         `json:"product"`
	Options map[string]any `json:"options"`
}

func registerServiceChangeRoutes(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/hb/services")
		g.POST("/{id}/change/preview", changePreviewRoute)
		g.POST("/{id}/change", changeRoute)
		return se.Next()
	})
}

// changePreviewRoute: POST /api/hb/services/{id}/change/preview
// {"product": "...", "options": {...}} — what moving the service to that
// plan would cost or credit today, without writing anything.
func changePreviewRoute(e *core.RequestEvent) error {
	svc, staff, err := serviceFor(e)
	if err != nil {
		return err
	}
	var body changeBody
	if err := readJSON(e, &body); err != nil {
		return err
	}
	req, err := planChange(e.App, svc, body, staff)
	if err != nil {
		return changeError(e, err)
	}
	preview, err := billing.PreviewChange(e.App, req)
	if err != nil {
		return changeError(e, err)
	}
	return e.JSON(http.StatusOK, preview)
}

// changeRoute: POST /api/hb/services/{id}/change — the same body; records
// the change: an upgrade becomes an unpaid invoice and applies when paid, a
// downgrade applies at once (see billing.RequestChange).
func changeRoute(e *core.RequestEvent) error {
	svc, staff, err := serviceFor(e)
	if err != nil {
		return err
	}
	var body changeBody
	if err := readJSON(e, &body); err != nil {
		return err
	}
	var ch *collections.ServiceChange
	err = e.App.RunInTransaction(func(tx core.App) error {
		// Re-read inside the transaction: the price must be the one the
		// change is recorded against.
		current, err := collections.FindService(tx, svc.Id)
		if err != nil {
			return err
		}
		req, err := planChange(tx, current, body, staff)
		if err != nil {
			return err
		}
		ch, err = billing.RequestChange(tx, req)
		return err
	})
	if err != nil {
		return changeError(e, err)
	}
	var due int64
	if ch.InvoiceID() != "" {
		inv, err := collections.FindInvoice(e.App, ch.InvoiceID())
		if err != nil {
			return err
		}
		due = inv.AmountDue()
		if err := billing.SendInvoiceCreated(e.App, inv.Id); err != nil {
			e.App.Logger().Warn("plan change invoice email", "invoice", inv.Id, "error", err) // the daily run retries
		}
	}
	return e.JSON(http.StatusOK, map[string]any{"change": ch.Id, "kind": ch.Kind(), "status": ch.Status(), "invoice": ch.InvoiceID(), "amount_due": due})
}

// serviceFor finds the service a change route is about and checks that the
// caller may change it: its customer, billing staff or a superuser. Anyone
// else learns nothing about whether it exists, except staff, who can list
// services anyway and are told they lack the role.
func serviceFor(e *core.RequestEvent) (*collections.Service, bool, error) {
	if e.Auth == nil {
		return nil, false, e.UnauthorizedError("Sign in to change a plan.", nil)
	}
	staff := isBillingStaff(e)
	if !staff && e.Auth.Collection().Name == collections.Staff {
		return nil, false, e.ForbiddenError("Only billing staff may change a customer's plan.", nil)
	}
	svc, err := collections.FindService(e.App, e.Request.PathValue("id"))
	if err != nil || (!staff && (e.Auth.Collection().Name != collections.Customers || e.Auth.Id != svc.CustomerID())) {
		return nil, false, e.NotFoundError("No such service.", nil)
	}
	return svc, staff, nil
}

// planChange prices the plan body asks for in the service's currency and
// cycle and makes the billing engine's request, dated today in the
// company's timezone.
//
// Options left out keep the current choices; when the product changes, only
// the choices the new product also offers are kept, and its defaults fill
// in the rest. A customer cannot move to a hidden product (nor pick hidden
// options); staff can.
func planChange(app core.App, svc *collections.Service, body changeBody, staff bool) (billing.ChangeRequest, error) {
	current, err := collections.FindProduct(app, svc.ProductID())
	if err != nil {
		return billing.ChangeRequest{}, err
	}
	to := strings.TrimSpace(body.Product)
	if to == "" {
		to = current.Id
	}
	if to != current.Id {
		// A VPS cannot become a game server: provisioning is per group.
		// Unknown and (for customers) hidden products are left to
		// PriceItem, which calls them not found.
		if target, err := collections.FindProduct(app, to); err == nil && (staff || !target.Hidden()) && target.GroupID() != current.GroupID() {
			return billing.ChangeRequest{}, &billing.ChangeError{Field: "product", Code: "validation_other_group",
				Message: "A plan can only change to a product of the same group; order " + target.Name() + " as a new service instead."}
		}
	}

	currentConfig, err := storedConfig(svc)
	if err != nil {
		return billing.ChangeRequest{}, err
	}
	options := body.Options
	if options == nil {
		options = currentConfig
		if to != current.Id {
			offered, err := productOptions(app, to)
			if err != nil {
				return billing.ChangeRequest{}, err
			}
			options = map[string]any{}
			for _, o := range offered {
				if v, ok := currentConfig[o.Id]; ok {
					options[o.Id] = v
				}
			}
		}
	}

	priced, err := PriceItem(app, ItemRequest{Product: to, Cycle: svc.Cycle(), Currency: svc.Currency(), Options: options, AllowHidden: staff})
	if err != nil {
		return billing.ChangeRequest{}, err
	}
	// Same product, same options: nothing to change, even if the catalog's
	// price moved since (a customer does not re-buy a plan to get a new
	// price).
	if to == current.Id && sameConfig(priced.Config, currentConfig) {
		return billing.ChangeRequest{}, &billing.ChangeError{Field: "product", Code: "validation_no_change", Message: "That is the service's current plan."}
	}

	policy, err := billing.LoadPolicy(app)
	if err != nil {
		return billing.ChangeRequest{}, err
	}
	req := billing.ChangeRequest{Service: svc.Id, ToProductName: priced.Item.ProductName, ToConfig: priced.Config,
		NewPrice: priced.Item.Price, Today: money.DateOf(time.Now(), policy.Location), Now: types.NowDateTime()}
	if to != current.Id {
		req.ToProduct = to
	}
	return req, nil
}

// storedConfig reads the service's options with numbers kept exact.
func storedConfig(svc *collections.Service) (map[string]any, error) {
	raw := bytes.TrimSpace(svc.ConfigJSON())
	out := map[string]any{}
	if len(raw) == 0 || string(raw) == "null" {
		return out, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	if out == nil {
		out = map[string]any{}
	}
	return out, nil
}

// sameConfig compares two option maps as JSON, so that 4, int64(4) and
// json.Number("4") are the same quantity.
func sameConfig(a, b map[string]any) bool {
	norm := func(m map[string]any) any {
		if len(m) == 0 {
			return nil
		}
		raw, err := json.Marshal(m)
		if err != nil {
			return err
		}
		var out any
		if err := json.Unmarshal(raw, &out); err != nil {
			return err
		}
		return out
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

// changeError turns the engines' refusals into a 400 naming the field, in
// the route's terms: the item's product, cycle and currency are all the
// product the caller picked.
func changeError(e *core.RequestEvent, err error) error {
	var ce *billing.ChangeError
	if errors.As(err, &ce) {
		return fieldErr(e, ce.Field, ce.Code, ce.Message)
	}
	var cart *billing.CartError
	if errors.As(err, &cart) {
		field := strings.TrimPrefix(cart.Field, "items.0.")
		if field == "cycle" || field == "currency" {
			field = "product"
		}
		return fieldErr(e, field, cart.Code, cart.Message)
	}
	return err
}

func isBillingStaff(e *core.RequestEvent) bool { return request.IsBillingStaff(e) }

func fieldErr(e *core.RequestEvent, field, code, msg string) error {
	return request.FieldError(e, field, code, msg)
}

func readJSON(e *core.RequestEvent, dst any) error { return request.ReadJSON(e, dst) }
