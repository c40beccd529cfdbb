package hooks_test

import (
	"strings"
	"testing"

	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/secrets"
)

// Provider secrets are stored sealed, open with the key, and never appear in
// an API answer: not to the customer, not to staff, and to a superuser only in
// sealed form.
func TestSecretsAreSealedAndHidden(t *testing.T) {
	dir, w := theWorld(t)
	app := hbtest.NewApp(t, dir)
	c, err := app.Keys.Cipher()
	if err != nil {
		t.Fatal(err)
	}

	for _, s := range []struct{ collection, fixture, field, plaintext string }{
		{"servers", "server", "credentials", "vf-secret-token"},
		{"services", "service", "credentials", "svc-root-pw"},
		{"webhook_endpoints", "webhook_endpoint", "secret", "whsec-test-secret"},
	} {
		var stored string
		if err := app.DB().Select(s.field).From(s.collection).Where(dbxID(w.id(s.fixture))).Row(&stored); err != nil {
			t.Fatal(err)
		}
		if !secrets.IsSealed(stored) || strings.Contains(stored, s.plaintext) {
			t.Errorf("%s.%s is stored in the clear: %q", s.collection, s.field, stored)
		}
		plain, err := c.Open(stored, s.collection+"."+s.field)
		if err != nil || !strings.Contains(string(plain), s.plaintext) {
			t.Errorf("%s.%s does not open with the key: %q %v", s.collection, s.field, plain, err)
		}

		for a := anon; a < actorCount; a++ {
			_, body := app.Do(t, "GET", recordsURL(s.collection)+"/"+w.id(s.fixture), w.tokens[a], nil)
			if strings.Contains(string(body), s.plaintext) {
				t.Errorf("%s sees the plaintext %s.%s", a, s.collection, s.field)
			}
			if a != superuser && strings.Contains(string(body), `"`+s.field+`"`) {
				t.Errorf("%s sees the field %s.%s at all", a, s.collection, s.field)
			}
		}
	}

	// A superuser pasting a new plaintext value gets it sealed, too.
	status, body := app.Do(t, "PATCH", recordsURL("servers")+"/"+w.id("server"), w.tokens[superuser],
		map[string]any{"credentials": `{"api_token":"rotated-token"}`})
	if status != 200 || strings.Contains(string(body), "rotated-token") {
		t.Fatalf("rotating credentials: %d %s", status, body)
	}
	var stored string
	_ = app.DB().Select("credentials").From("servers").Where(dbxID(w.id("server"))).Row(&stored)
	if plain, err := c.Open(stored, "servers.credentials"); err != nil || !strings.Contains(string(plain), "rotated-token") {
		t.Fatalf("rotated credentials not sealed: %q %v", stored, err)
	}
}

// Staff read customers' emails; customers never read each other's.
func TestCustomerEmailsAreForStaffOnly(t *testing.T) {
	dir, w := theWorld(t)
	app := hbtest.NewApp(t, dir)
	url := recordsURL("customers") + "/" + w.id("customer_a")
	for a := anon; a < actorCount; a++ {
		_, body := app.Do(t, "GET", url, w.tokens[a], nil)
		sees := strings.Contains(string(body), "a0@example.com")
		want := a == custA || a == admin || a == billing || a == support || a == superuser
		if sees != want {
			t.Errorf("%s sees customer A's email: %v, want %v", a, sees, want)
		}
	}
}
