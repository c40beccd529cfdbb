package integrity

import (
	"fmt"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// bodyTypeErrors names each value of a JSON write whose JSON type does not
// fit its field, and each hidden field set without superuser rights.
// PocketBase would otherwise cast "ten" to 0 for a number and silently drop a
// hidden field.
func bodyTypeErrors(col *core.Collection, body map[string]any, superuser bool) validation.Errors {
	errs := validation.Errors{}
	for key, value := range body {
		fieldName := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(key, "+"), "+"), "-")
		f := col.Fields.GetByName(fieldName)
		if f == nil {
			continue
		}
		if f.GetHidden() && !f.GetSystem() && !superuser {
			errs[fieldName] = validation.NewError("validation_hidden_field", "Only an owner (superuser) may set this field.")
			continue
		}
		if want := wrongType(f, value); want != "" {
			errs[fieldName] = validation.NewError("validation_invalid_type", fmt.Sprintf("Must be %s.", want))
		}
	}
	return errs
}

// wrongType returns what value should have been, or "" when it fits f.
func wrongType(f core.Field, value any) string {
	if value == nil {
		return ""
	}
	switch f := f.(type) {
	case *core.NumberField:
		if _, ok := value.(float64); !ok {
			return "a number"
		}
	case *core.BoolField:
		if _, ok := value.(bool); !ok {
			return "true or false"
		}
	case *core.TextField, *core.EmailField, *core.URLField, *core.EditorField, *core.DateField, *core.PasswordField:
		if _, ok := value.(string); !ok {
			return "a string"
		}
	case *core.SelectField:
		if !isStringOrStrings(value, f.IsMultiple()) {
			if f.IsMultiple() {
				return "a list of strings"
			}
			return "a string"
		}
	case *core.RelationField:
		if !isStringOrStrings(value, f.IsMultiple()) {
			if f.IsMultiple() {
				return "a list of record ids"
			}
			return "a record id"
		}
	}
	return ""
}

func isStringOrStrings(v any, allowList bool) bool {
	switch x := v.(type) {
	case string:
		return true
	case []any:
		if !allowList && len(x) > 1 {
			return false
		}
		for _, e := range x {
			if _, ok := e.(string); !ok {
				return false
			}
		}
		return true
	}
	return false
}
