package integrity

import (
	"fmt"
	"mime"
	"net/http"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// checkBodyTypes refuses a JSON write to the collection API whose values have
// the wrong JSON type for their field, or that sets a hidden field without
// superuser rights. PocketBase would otherwise cast "ten" to 0 for a number
// and silently drop a hidden field; a client deserves a 400 naming the field.
func checkBodyTypes(e *core.RequestEvent) error {
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
	// Multipart forms carry every value as text: PocketBase parses those.
	if mt, _, _ := mime.ParseMediaType(e.Request.Header.Get("Content-Type")); mt != "application/json" {
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
	for key, value := range info.Body {
		fieldName := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(key, "+"), "+"), "-")
		f := col.Fields.GetByName(fieldName)
		if f == nil {
			continue
		}
		if f.GetHidden() && !f.GetSystem() && !e.HasSuperuserAuth() {
			errs[fieldName] = validation.NewError("validation_hidden_field", "Only an owner (superuser) may set this field.")
			continue
		}
		if want := wrongType(f, value); want != "" {
			errs[fieldName] = validation.NewError("validation_invalid_type", fmt.Sprintf("Must be %s.", want))
		}
	}
	if len(errs) > 0 {
		return e.BadRequestError("Some fields have the wrong type.", errs)
	}
	return e.Next()
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

func registerBodyTypeCheck(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(se *core.ServeEvent) error {
			// After the auth loader, before the ownership check and handlers.
			se.Router.Bind(&hook.Handler[*core.RequestEvent]{Id: "hostbaseBodyTypes", Priority: -1, Func: checkBodyTypes})
			return se.Next()
		},
	})
}
