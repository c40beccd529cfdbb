package hbtest

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// Password is the password Make gives every auth record.
const Password = "correct horse battery staple"

// Make saves a record of collection with fields (auth records get
// Password), failing the test when it cannot.
func Make(tb testing.TB, app core.App, collection string, fields map[string]any) *core.Record {
	tb.Helper()
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		tb.Fatal(err)
	}
	r := core.NewRecord(c)
	for k, v := range fields {
		r.Set(k, v)
	}
	if c.IsAuth() {
		r.SetPassword(Password)
	}
	if err := app.Save(r); err != nil {
		tb.Fatalf("%s: %v", collection, err)
	}
	return r
}

// Token returns an auth token for an auth record.
func Token(tb testing.TB, r *core.Record) string {
	tb.Helper()
	tok, err := r.NewAuthToken()
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}
