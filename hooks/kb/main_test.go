package kb_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

func TestMain(m *testing.M) { hbtest.Main(m) }

var (
	mk        = hbtest.Make
	decode    = hbtest.Decode
	wantField = hbtest.WantField
)

// world is a knowledge base with a public category, a hidden one, a
// public child of the hidden one, and the people who ask: two customers,
// support and billing staff, and (token "") an anonymous visitor.
type world struct {
	app *hbtest.App

	general, hidden, underHidden string // category ids

	customer, otherCustomer, support, billing string // tokens
	customerID, supportID                     string
}

func seedWorld(app *hbtest.App) error {
	c, err := app.FindCollectionByNameOrId(collections.KBCategories)
	if err != nil {
		return err
	}
	for _, f := range []map[string]any{
		{"id": "catgeneral00001", "name": "General", "slug": "general"},
		{"id": "cathidden000001", "name": "Internal", "slug": "internal", "hidden": true},
		{"id": "catunderhidden1", "name": "Runbooks", "slug": "runbooks", "parent": "cathidden000001"},
	} {
		r := core.NewRecord(c)
		r.Load(f)
		if err := app.Save(r); err != nil {
			return err
		}
	}
	return nil
}

func newWorld(t *testing.T) *world {
	t.Helper()
	app := hbtest.NewApp(t, hbtest.SeedDir(t, "kb-world", seedWorld))
	w := &world{app: app, general: "catgeneral00001", hidden: "cathidden000001", underHidden: "catunderhidden1"}
	cust := mk(t, app, "customers", map[string]any{"name": "Anna", "email": "anna@example.com", "country": "DE"})
	other := mk(t, app, "customers", map[string]any{"name": "Bob", "email": "bob@example.com", "country": "US"})
	sup := mk(t, app, "staff", map[string]any{"name": "Sue", "email": "sue@example.com", "role": "support", "active": true})
	bill := mk(t, app, "staff", map[string]any{"name": "Bill", "email": "bill@example.com", "role": "billing", "active": true})
	w.customer, w.otherCustomer = hbtest.Token(t, cust), hbtest.Token(t, other)
	w.support, w.billing = hbtest.Token(t, sup), hbtest.Token(t, bill)
	w.customerID, w.supportID = cust.Id, sup.Id
	return w
}

// article saves an article from Go (as the dashboard or an import would):
// published in the general category unless fields say otherwise.
func (w *world) article(t *testing.T, fields map[string]any) *collections.KBArticle {
	t.Helper()
	f := map[string]any{"category": w.general, "status": "published", "body": "Some text."}
	for k, v := range fields {
		f[k] = v
	}
	return collections.WrapKBArticle(mk(t, w.app, collections.KBArticles, f))
}

func (w *world) reload(t *testing.T, id string) *collections.KBArticle {
	t.Helper()
	a, err := collections.FindKBArticle(w.app, id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func count(t *testing.T, app core.App, table string, where dbx.Expression) int {
	t.Helper()
	var n int
	q := app.DB().Select("count(*)").From(table)
	if where != nil {
		q.Where(where)
	}
	if err := q.Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// client is an anonymous browser or script: an address, a User-Agent and,
// when it keeps cookies, a cookie jar of one cookie.
type client struct {
	ip, ua      string
	keepCookies bool
	cookie      string
}

// post sends a JSON POST as c and returns the status and body.
func (c *client) post(t *testing.T, app *hbtest.App, url, body string) (int, []byte) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = c.ip + ":40000"
	req.Header.Set("User-Agent", c.ua)
	if c.cookie != "" {
		req.Header.Set("Cookie", c.cookie)
	}
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	if c.keepCookies {
		for _, ck := range rec.Result().Cookies() {
			c.cookie = fmt.Sprintf("%s=%s", ck.Name, ck.Value)
		}
	}
	return rec.Code, rec.Body.Bytes()
}
