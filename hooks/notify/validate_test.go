package notify_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/emails"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/notify"
)

const templatesURL = "/api/collections/" + collections.EmailTemplates + "/records"

func superuserToken(t *testing.T, app *hbtest.App) string {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	su := core.NewRecord(c)
	su.SetEmail("owner@hosting.test")
	su.SetPassword("a long enough password")
	if err := app.Save(su); err != nil {
		t.Fatal(err)
	}
	token, err := su.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func countTemplates(t *testing.T, app core.App) int64 {
	t.Helper()
	n, err := app.CountRecords(collections.EmailTemplates)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// errorFields returns the fields a 400 answer names.
func errorFields(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var res struct {
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal(body, &res); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return res.Data
}

// A superuser saving an override that does not render gets a 400 naming
// the field, and nothing is written; a good one is saved.
func TestBadOverrideIsRefusedNamingTheField(t *testing.T) {
	app := hbtest.NewApp(t, hbtest.MigratedDir(t))
	su := superuserToken(t, app)
	good := map[string]any{"key": "invoice_created", "subject": "Invoice {{.Invoice.Number}}", "body": "Hello {{.Customer.Name}}, {{money .Invoice.Total .Invoice.Currency}}.", "active": true}
	with := func(field string, value any) map[string]any {
		b := map[string]any{}
		for k, v := range good {
			b[k] = v
		}
		b[field] = value
		return b
	}

	for _, s := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"unknown key", with("key", "welcome_gift"), "key"},
		{"subject does not parse", with("subject", "Invoice {{.Invoice.Number"), "subject"},
		{"subject names a missing field", with("subject", "Invoice {{.Invoice.Nmuber}}"), "subject"},
		{"body does not parse", with("body", "{{if .Customer.Name}}unclosed"), "body"},
		{"body names a missing field", with("body", "Hello {{.Customer.FirstName}}"), "body"},
		{"body calls an unknown function", with("body", "{{upper .Customer.Name}}"), "body"},
		{"body calls money wrongly", with("body", "{{money .Invoice.Total}}"), "body"},
		{"body renders empty", with("body", "{{if false}}x{{end}}"), "body"},
	} {
		status, body := app.Do(t, http.MethodPost, templatesURL, su, s.body)
		if status != http.StatusBadRequest {
			t.Errorf("%s: want 400, got %d %s", s.name, status, body)
			continue
		}
		if fields := errorFields(t, body); fields[s.field] == nil || len(fields) != 1 {
			t.Errorf("%s: want an error on %s only, got %s", s.name, s.field, body)
		}
	}
	if n := countTemplates(t, app); n != 0 {
		t.Fatalf("refused overrides wrote %d records", n)
	}

	status, body := app.Do(t, http.MethodPost, templatesURL, su, good)
	if status != http.StatusOK {
		t.Fatalf("a good override: %d %s", status, body)
	}
	var saved struct{ ID string }
	if err := json.Unmarshal(body, &saved); err != nil {
		t.Fatal(err)
	}

	// Editing it into something broken is refused and changes nothing.
	status, body = app.Do(t, http.MethodPatch, templatesURL+"/"+saved.ID, su, map[string]any{"body": "{{.Nope}}"})
	if status != http.StatusBadRequest || errorFields(t, body)["body"] == nil {
		t.Errorf("a broken edit: want 400 on body, got %d %s", status, body)
	}
	rec, err := collections.FindEmailTemplate(app, saved.ID)
	if err != nil || rec.Body() != good["body"] {
		t.Errorf("the refused edit changed the record: %v %v", rec, err)
	}

	// A second active override of a key is refused; an inactive one is a draft.
	status, body = app.Do(t, http.MethodPost, templatesURL, su, good)
	if status != http.StatusBadRequest || errorFields(t, body)["key"] == nil {
		t.Errorf("a second active override: want 400 on key, got %d %s", status, body)
	}
	if status, body := app.Do(t, http.MethodPost, templatesURL, su, with("active", false)); status != http.StatusOK {
		t.Errorf("an inactive draft: %d %s", status, body)
	}

	// Go code saving a record goes through the same check.
	tpl, err := collections.NewEmailTemplate(app)
	if err != nil {
		t.Fatal(err)
	}
	tpl.SetKey("credit_added")
	tpl.SetSubject("{{money .Credit.Amount .Credit.Currency}} added")
	tpl.SetBody("{{.Credit.Missing}}")
	var verr validation.Errors
	if err := app.Save(tpl); !errors.As(err, &verr) || verr["body"] == nil {
		t.Errorf("app.Save of a broken body: %v", err)
	}
}

// Every default passes the check an override must pass, with the sample
// data there is for every key.
func TestEveryDefaultPassesTheOverrideCheck(t *testing.T) {
	app := hbtest.NewApp(t, hbtest.MigratedDir(t))
	for _, key := range emails.Keys() {
		def, _ := emails.Default(key)
		tpl, err := collections.NewEmailTemplate(app)
		if err != nil {
			t.Fatal(err)
		}
		tpl.SetKey(key)
		tpl.SetSubject(def.Subject)
		tpl.SetBody(def.Body)
		tpl.SetDescription(def.Description)
		tpl.SetActive(true)
		if err := app.Save(tpl); err != nil {
			t.Errorf("%s: %v", key, err)
		}
	}
	if _, ok := notify.SampleData("welcome_gift"); ok {
		t.Error("sample data for a key with no template")
	}
}
