package integrity

import (
	"mime"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/ezscale/hostbase/collections"
)

// collectionWrite returns the collection and decoded body of a create or
// update through PocketBase's collection API, and false for any other request.
func collectionWrite(e *core.RequestEvent) (*core.Collection, map[string]any, bool) {
	if e.Request.Method != http.MethodPost && e.Request.Method != http.MethodPatch {
		return nil, nil, false
	}
	rest, ok := strings.CutPrefix(e.Request.URL.Path, "/api/collections/")
	if !ok {
		return nil, nil, false
	}
	name, tail, _ := strings.Cut(rest, "/")
	if !strings.HasPrefix(tail, "records") {
		return nil, nil, false
	}
	col, err := e.App.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return nil, nil, false
	}
	info, err := e.RequestInfo()
	if err != nil {
		return nil, nil, false
	}
	return col, info.Body, true
}

// checkAPIWrite refuses, with a 400 naming each field at fault, a write
// through the collection API whose values have the wrong type, that sets a
// hidden field without superuser rights, or whose relations point at another
// customer's records. It runs before PocketBase's handlers, so nothing is
// written.
func checkAPIWrite(e *core.RequestEvent) error {
	col, body, ok := collectionWrite(e)
	if !ok {
		return e.Next()
	}
	// Multipart forms carry every value as text, which PocketBase parses.
	if mt, _, _ := mime.ParseMediaType(e.Request.Header.Get("Content-Type")); mt == "application/json" {
		if errs := bodyTypeErrors(col, body, e.HasSuperuserAuth()); len(errs) > 0 {
			return e.BadRequestError("Some fields have the wrong type.", errs)
		}
	}
	if e.Auth != nil && e.Auth.Collection().Name == collections.Customers {
		if errs := ownershipErrors(e.App, e.Auth.Id, col, body); len(errs) > 0 {
			return e.BadRequestError("Failed to save the record.", errs)
		}
	}
	return e.Next()
}

func registerAPIWriteChecks(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(se *core.ServeEvent) error {
			// After PocketBase's auth loader and body limit, before the
			// record handlers.
			se.Router.Bind(&hook.Handler[*core.RequestEvent]{Id: "hostbaseAPIWriteChecks", Func: checkAPIWrite})
			return se.Next()
		},
	})
}
