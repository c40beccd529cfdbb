package integrity

import (
	"fmt"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// ownerField is the relation through which a record belongs to a customer.
const ownerField = "customer"

// ownershipErrors names each relation in a customer's write that points at
// a record that is not the customer's own. The API rules refuse such a write
// anyway; the names let the client show the error next to the field.
func ownershipErrors(app core.App, customerID string, col *core.Collection, body map[string]any) validation.Errors {
	errs := validation.Errors{}
	for _, f := range col.Fields {
		rel, ok := f.(*core.RelationField)
		if !ok {
			continue
		}
		raw, present := body[rel.Name]
		if !present {
			continue
		}
		for _, id := range relationIDs(raw) {
			if msg := notOwnedMessage(app, customerID, rel, id); msg != "" {
				errs[rel.Name] = validation.NewError("validation_not_yours", msg)
				break
			}
		}
	}
	return errs
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
