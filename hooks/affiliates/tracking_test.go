package affiliates_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/affiliates"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

// storefront is a copy of the world's app with only the affiliate
// programme registered, behind a router that also serves a static
// storefront the way main.go does (GET /{path...}), to prove ?ref= works
// on its pages.
func storefront(t *testing.T, w *world) (http.Handler, core.App) {
	t.Helper()
	if _, err := w.app.DB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute(); err != nil {
		t.Fatal(err)
	}
	app, err := tests.NewTestApp(w.app.DataDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	affiliates.Register(app)
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	pages := fstest.MapFS{"index.html": {Data: []byte("<h1>Northwind</h1>")}, "vps/index.html": {Data: []byte("<h1>VPS</h1>")}}
	var handler http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(e *core.ServeEvent) error {
		e.Router.GET("/{path...}", apis.Static(pages, false))
		handler, err = e.Router.BuildMux()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return handler, app
}

func get(t *testing.T, h http.Handler, url string, secure bool, cookies ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest("GET", url, nil)
	if secure {
		req.TLS = &tls.ConnectionState{}
	}
	if len(cookies) > 0 {
		req.Header.Set("Cookie", strings.Join(cookies, "; "))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func cookie(res *http.Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func clicks(t *testing.T, app core.App) int64 {
	t.Helper()
	n, err := app.CountRecords(collections.AffiliateClicks)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRefOnAStorefrontPageSetsTheCookiesAndCountsOneClickADay(t *testing.T) {
	w := newWorld(t)
	h, app := storefront(t, w)
	res := get(t, h, "/vps/?ref="+lower(w.code), true)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the page itself: %d", res.StatusCode)
	}
	ref, vid := cookie(res, "hb_ref"), cookie(res, "hb_vid")
	if ref == nil || vid == nil {
		t.Fatalf("cookies: %v", res.Cookies())
	}
	if !strings.HasPrefix(ref.Value, w.affiliate+".") || !ref.HttpOnly || !ref.Secure || ref.SameSite != http.SameSiteLaxMode || ref.MaxAge != 90*24*3600 || ref.Path != "/" {
		t.Fatalf("hb_ref: %+v", ref)
	}
	if !vid.HttpOnly || !vid.Secure || len(vid.Value) < 16 {
		t.Fatalf("hb_vid: %+v", vid)
	}
	// Same visitor, same day, another page: no second click row.
	res = get(t, h, "/?ref="+w.code, false, "hb_vid="+vid.Value, "hb_ref="+ref.Value)
	if cookie(res, "hb_vid") != nil {
		t.Fatal("a visitor with an id gets no new one")
	}
	if n := clicks(t, app); n != 1 {
		t.Fatalf("%d click rows, want 1", n)
	}
	// A plain request over HTTP gets a cookie without Secure.
	res = get(t, h, "/?ref="+w.code, false)
	if c := cookie(res, "hb_ref"); c == nil || c.Secure {
		t.Fatalf("over HTTP: %+v", c)
	}
	if n := clicks(t, app); n != 2 {
		t.Fatalf("a new visitor's click: %d rows", n)
	}
}

func TestRefDoesNothingForUnknownSuspendedClosedOrTheAffiliateThemself(t *testing.T) {
	w := newWorld(t)
	h, app := storefront(t, w)
	for name, url := range map[string]string{"unknown code": "/?ref=NOPE1234", "empty code": "/?ref=", "an API path": "/api/health?ref=" + w.code} {
		res := get(t, h, url, false)
		if cookie(res, "hb_ref") != nil || cookie(res, "hb_vid") != nil {
			t.Errorf("%s set cookies: %v", name, res.Cookies())
		}
	}
	res := get(t, h, "/?ref="+w.code, false, w.aliceVisitorCookie)
	if cookie(res, "hb_ref") != nil {
		t.Error("Alice's own browser got her referral cookie")
	}
	aff, _ := collections.FindAffiliate(app, w.affiliate)
	aff.SetStatus(collections.AffiliateStatusSuspended)
	if err := app.Save(aff); err != nil {
		t.Fatal(err)
	}
	if res := get(t, h, "/?ref="+w.code, false); cookie(res, "hb_ref") != nil {
		t.Error("a suspended affiliate's link set a cookie")
	}
	aff.SetStatus(collections.AffiliateStatusActive)
	if err := app.Save(aff); err != nil {
		t.Fatal(err)
	}
	setProgramme(t, app, map[string]any{"enabled": false})
	if res := get(t, h, "/?ref="+w.code, false); cookie(res, "hb_ref") != nil {
		t.Error("a closed programme set a cookie")
	}
	if n := clicks(t, app); n != 0 {
		t.Fatalf("%d clicks recorded", n)
	}
}

func TestTheFirstClickWithinTheWindowKeepsTheReferral(t *testing.T) {
	w := newWorld(t)
	status, body := w.do(t, "POST", "/api/hb/affiliate/activate", w.bobTok, nil)
	if status != http.StatusOK {
		t.Fatal(string(body))
	}
	bobCode := hbtest.Decode(t, body)["code"].(string)
	first := w.refCookie(t, "visitor0000000000first")
	rec := w.send(t, "GET", "/api/hb/affiliate/click?ref="+bobCode, "", nil, first, "hb_vid=visitor0000000000first")
	if rec.Code != http.StatusOK || !contains(rec.Body.Bytes(), `"tracked":true`) {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == "hb_ref" {
			t.Fatalf("a later click of another affiliate took the referral over: %v", c)
		}
	}
	if n := clicks(t, w.app); n != 2 {
		t.Fatalf("both clicks count: %d", n)
	}
	// A cookie past the window is replaced.
	stale := "hb_ref=" + w.affiliate + ".1000000000"
	rec = w.send(t, "GET", "/api/hb/affiliate/click?ref="+bobCode, "", nil, stale, "hb_vid=visitor0000000000first")
	replaced := false
	for _, c := range rec.Result().Cookies() {
		replaced = replaced || (c.Name == "hb_ref" && strings.HasPrefix(c.Value, hbtest.Decode(t, body)["id"].(string)+"."))
	}
	if !replaced {
		t.Fatal("an expired referral was not replaced by the new click")
	}
	rec = w.send(t, "GET", "/api/hb/affiliate/click?ref=NOPE1234", "", nil)
	if rec.Code != http.StatusOK || !contains(rec.Body.Bytes(), `"tracked":false`) || len(rec.Result().Cookies()) != 0 {
		t.Fatalf("unknown code: %d %s %v", rec.Code, rec.Body, rec.Result().Cookies())
	}
}
