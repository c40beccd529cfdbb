package affiliates_test

import (
	"net/http"
	"reflect"
	"sync"
	"testing"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/affiliates"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

func TestActivateGivesAReadableCodeOnceAndAgainTheSame(t *testing.T) {
	w := newWorld(t)
	if len(w.code) != 8 {
		t.Fatalf("code %q", w.code)
	}
	status, body := w.do(t, "POST", "/api/hb/affiliate/activate", w.aliceTok, map[string]any{"code": "SOMETHING-ELSE"})
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	again := hbtest.Decode(t, body)
	if again["id"] != w.affiliate || again["code"] != w.code || again["link"] != "https://shop.northwind.test/?ref="+w.code {
		t.Fatalf("a second activation must answer the same account: %s", body)
	}
	if n := w.count(t, collections.Affiliates); n != 1 {
		t.Fatalf("%d affiliate accounts", n)
	}
	aff, _ := collections.FindAffiliate(w.app, w.affiliate)
	var visitors []string
	_ = aff.UnmarshalVisitors(&visitors)
	// The first activation came with a visitor id, the second without one
	// and was given a new one: both browsers are hers.
	if len(visitors) != 2 || visitors[0] != "alicebrowser0000000001" {
		t.Fatalf("the affiliate's own browser is not remembered: %v", visitors)
	}
}

func TestActivateTwiceAtOnceOpensOneAccount(t *testing.T) {
	w := newWorld(t)
	var wg sync.WaitGroup
	ids := make([]string, 6)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := w.send(t, "POST", "/api/hb/affiliate/activate", w.bobTok, nil)
			if rec.Code == http.StatusOK {
				ids[i] = hbtest.Decode(t, rec.Body.Bytes())["id"].(string)
			}
		}()
	}
	wg.Wait()
	for _, id := range ids {
		if id == "" || id != ids[0] {
			t.Fatalf("concurrent activations answered %v", ids)
		}
	}
	if n := w.count(t, collections.Affiliates); n != 2 {
		t.Fatalf("%d affiliate accounts, want Alice's and Bob's", n)
	}
}

func TestActivateWithAChosenCode(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct{ name, code string }{
		{"Alice's code in another case is taken", lower(w.code)},
		{"too short", "ab"},
		{"not letters and digits", "bob's code"},
		{"reserved", "Admin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := w.do(t, "POST", "/api/hb/affiliate/activate", w.bobTok, map[string]any{"code": tc.code})
			hbtest.WantField(t, status, body, "code")
			if n := w.count(t, collections.Affiliates); n != 1 {
				t.Fatalf("a refused activation wrote an account: %d", n)
			}
		})
	}
	status, body := w.do(t, "POST", "/api/hb/affiliate/activate", w.bobTok, map[string]any{"code": "Bob-Hosting"})
	if status != http.StatusOK || hbtest.Decode(t, body)["code"] != "Bob-Hosting" {
		t.Fatalf("%d %s", status, body)
	}
	status, body = w.do(t, "POST", "/api/hb/affiliate/activate", w.aliceTok, map[string]any{"unknown": 1})
	hbtest.WantField(t, status, body, "body")
}

func TestActivateRefusedWhenClosedOrNotACustomer(t *testing.T) {
	w := newWorld(t)
	if status, body := w.do(t, "POST", "/api/hb/affiliate/activate", "", nil); status != http.StatusUnauthorized {
		t.Fatalf("anonymous: %d %s", status, body)
	}
	if status, body := w.do(t, "POST", "/api/hb/affiliate/activate", w.beaTok, nil); status != http.StatusForbidden {
		t.Fatalf("staff: %d %s", status, body)
	}
	w.setProgramme(t, map[string]any{"enabled": false})
	status, body := w.do(t, "POST", "/api/hb/affiliate/activate", w.bobTok, nil)
	if status != http.StatusForbidden || !contains(body, "programme is closed") {
		t.Fatalf("closed programme: %d %s", status, body)
	}
	if n := w.count(t, collections.Affiliates); n != 1 {
		t.Fatalf("a closed programme opened an account: %d", n)
	}
}

func TestTheAffiliatesBrowserGetsAVisitorIdItCannotBeReferredFrom(t *testing.T) {
	w := newWorld(t)
	rec := w.send(t, "GET", "/api/hb/affiliate", w.aliceTok, nil)
	var vid string
	for _, c := range rec.Result().Cookies() {
		if c.Name == "hb_vid" {
			vid = c.Value
		}
	}
	if rec.Code != http.StatusOK || vid == "" {
		t.Fatalf("no visitor id for the affiliate's browser: %d %v", rec.Code, rec.Result().Cookies())
	}
	click := w.send(t, "GET", "/api/hb/affiliate/click?ref="+w.code, "", nil, "hb_vid="+vid)
	if !contains(click.Body.Bytes(), `"tracked":false`) || len(click.Result().Cookies()) != 0 {
		t.Fatalf("the affiliate's own click counted: %s", click.Body)
	}
}

func TestInvalidProgrammeSettingsAreRefused(t *testing.T) {
	w := newWorld(t)
	s, err := w.app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		t.Fatal(err)
	}
	s.Set("affiliates", map[string]any{"enabled": true, "percent_bp": 25000})
	if err := w.app.Save(s); err == nil || !contains([]byte(err.Error()), "percent_bp") {
		t.Fatalf("want a refusal naming percent_bp, got %v", err)
	}
}

func TestTheShippedSettingsAreTheDefaultProgramme(t *testing.T) {
	app := hbtest.NewApp(t, hbtest.MigratedDir(t))
	p, err := affiliates.LoadProgramme(app)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, affiliates.DefaultProgramme()) {
		t.Fatalf("the settings' defaults and DefaultProgramme differ:\n%+v\n%+v", p, affiliates.DefaultProgramme())
	}
}
