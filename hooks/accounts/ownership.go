package accounts

import (
	"fmt"
	"net/http"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/ezscale/hostbase/collections"
)

// ownerField is the relation through which a record belongs to a customer.
const ownerField = "customer"

// checkRelationOwnership runs before PocketBase's collection handlers: when a
// customer creates or updates a record through the collection API, every
// relation it sets must point at the customer's own records. The API rules
// refuse such a write anyway; this middleware names the field at fault
// (`{"data":{"service":{"code":"validation_not_yours",…}}}`) so the client can
// show the error next to it.
func checkRelationOwnership(e *core.RequestEvent) error {
	if e.Auth == nil || e.Auth.Collection().Name != collections.Customers {
		return e.Next()
	}
	if e.Request.Method != http.MethodPost && e.Request.Method != http.MethodPatch {
		return e.Next()
	}
	rest, ok := strings.CutPrefix(e.Request.URL.Path, "/api/collections/")
	if !ok {
		return e.Next()
	}
	name, tail, _ := strings.Cut(rest, "/")
	if !strings.HasPrefix(tail, "records") {
		return e.Next()
	}
	col, err := e.App.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return e.Next()
	}
	info, err := e.RequestInfo()
	if err != nil {
		return e.Next()
	}

	errs := validation.Errors{}
	for _, f := range col.Fields {
		rel, ok := f.(*core.RelationField)
		if !ok {
			continue
		}
		raw, present := info.Body[rel.Name]
		if !present {
			continue
		}
		for _, id := range relationIDs(raw) {
			if msg := notOwnedMessage(e.App, e.Auth.Id, rel, id); msg != "" {
				errs[rel.Name] = validation.NewError("validation_not_yours", msg)
				break
			}
		}
	}
	if len(errs) > 0 {
		return e.BadRequestError("Failed to save the record.", errs)
	}
	return e.Next()
}

// relationIDs reads the ids a request body gives for a relation field.
func relationIDs(raw any) []string {
	switch v := raw.(type) {
	case string:
		if v == "" {
			return nil
		}
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return v
	}
	return nil
}

// notOwnedMessage says why a related record is not the customer's, or "" when
// it is (or when it is not a customer-owned kind of record at all).
func notOwnedMessage(app core.App, customerID string, rel *core.RelationField, id string) string {
	target, err := app.FindCachedCollectionByNameOrId(rel.CollectionId)
	if err != nil {
		return ""
	}
	if target.Name == collections.Customers {
		if id != customerID {
			return "Must be your own account."
		}
		return ""
	}
	owner, ok := target.Fields.GetByName(ownerField).(*core.RelationField)
	if !ok || owner.CollectionId != customersCollectionID(app) {
		return ""
	}
	r, err := app.FindRecordById(target, id)
	if err != nil {
		return "" // a missing record is the field validator's to report
	}
	if r.GetString(ownerField) != customerID {
		return fmt.Sprintf("Must be one of your own %s.", strings.ReplaceAll(target.Name, "_", " "))
	}
	return ""
}

func customersCollectionID(app core.App) string {
	c, err := app.FindCachedCollectionByNameOrId(collections.Customers)
	if err != nil {
		return ""
	}
	return c.Id
}

// ownershipMiddlewareID names the middleware so it is bound once.
const ownershipMiddlewareID = "hostbaseRelationOwnership"

func registerOwnershipCheck(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(se *core.ServeEvent) error {
			// After PocketBase's auth loader (so e.Auth is set) and before
			// the record handlers.
			se.Router.Bind(&hook.Handler[*core.RequestEvent]{
				Id:       ownershipMiddlewareID,
				Priority: 0,
				Func:     checkRelationOwnership,
			})
			return se.Next()
		},
	})
}
