package affiliates_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

// TestAnOAuth2SignupIsReferredToo signs a customer up with an OpenID
// Connect provider (a fake one that knows Frank) carrying Alice's cookie.
func TestAnOAuth2SignupIsReferredToo(t *testing.T) {
	w := newWorld(t)
	idp := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/token":
			_ = r.ParseForm()
			_, _ = rw.Write([]byte(`{"access_token":"` + r.Form.Get("code") + `","token_type":"Bearer","expires_in":3600}`))
		case "/userinfo":
			// Each code is another person: code-1 is frank1@example.net.
			n := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer code-")
			_, _ = rw.Write([]byte(`{"sub":"frank-` + n + `","name":"Frank","email":"frank` + n + `@example.net","email_verified":true}`))
		default:
			http.NotFound(rw, r)
		}
	}))
	defer idp.Close()
	col, err := w.app.FindCollectionByNameOrId(collections.Customers)
	if err != nil {
		t.Fatal(err)
	}
	col.OAuth2.Enabled = true
	col.OAuth2.Providers = []core.OAuth2ProviderConfig{{Name: "oidc", ClientId: "hostbase", ClientSecret: "secret",
		AuthURL: idp.URL + "/auth", TokenURL: idp.URL + "/token", UserInfoURL: idp.URL + "/userinfo"}}
	if err := w.app.Save(col); err != nil {
		t.Fatal(err)
	}
	ref := w.refCookie(t, "visitor0000000000frank")
	status, body := w.do(t, "POST", "/api/collections/customers/auth-with-oauth2", "", map[string]any{
		"provider": "oidc", "code": "code-1", "codeVerifier": "verifier-verifier-verifier-verifier-verifier", "redirectURL": "https://shop.northwind.test/oauth",
		"createData": map[string]any{"name": "Frank", "country": "US"},
	}, ref, "hb_vid=visitor0000000000frank")
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	rec, _ := hbtest.Decode(t, body)["record"].(map[string]any)
	id, _ := rec["id"].(string)
	if id == "" || w.customer(t, id).ReferredByID() != w.affiliate || len(referralsOf(t, w, id)) != 1 {
		t.Fatalf("the OAuth2 signup was not referred: %s", body)
	}
	// A client cannot name a referrer in the OAuth2 signup's data either.
	status, body = w.do(t, "POST", "/api/collections/customers/auth-with-oauth2", "", map[string]any{
		"provider": "oidc", "code": "code-2", "codeVerifier": "verifier-verifier-verifier-verifier-verifier", "redirectURL": "https://shop.northwind.test/oauth",
		"createData": map[string]any{"name": "Frank", "country": "US", "referred_by": w.affiliate},
	})
	if status == http.StatusOK {
		t.Fatalf("createData set referred_by: %s", body)
	}
	if _, err := w.app.FindAuthRecordByEmail(collections.Customers, "frank2@example.net"); err == nil {
		t.Fatal("the refused OAuth2 signup wrote a customer")
	}
}
