package kb

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/hooks/secrets"
)

// VisitorCookie is the first-party cookie that names an anonymous visitor
// to votes and view counts.
const VisitorCookie = "hb_visitor"

// visitorCookieAge is how long a visitor keeps the same identity.
const visitorCookieAge = 365 * 24 * time.Hour

// visitors names who is voting or viewing.
//
// A logged-in visitor is their account ("customers:ID", "staff:ID"). An
// anonymous visitor is a token: the first time we see them, the token is
// an HMAC of their IP address and User-Agent, and we hand it back in a
// signed, HttpOnly cookie; afterwards the cookie names them, even when
// their address changes. So a client that replays requests counts once
// whether or not it keeps cookies, a browser keeps its identity across
// networks, and a forged cookie (bad signature) is ignored. The IP address
// is never stored: the token is keyed with a secret, so it cannot be
// reversed by trying addresses. A client that changes its User-Agent on
// every request is a new visitor each time; PocketBase's per-IP rate
// limiter (settings) bounds that.
type visitors struct {
	once sync.Once
	key  []byte
	err  error
	load func() ([]byte, error)
}

// newVisitors derives the visitor key from Hostbase's encryption key
// (HOSTBASE_ENCRYPTION_KEY or the data dir's key file), loaded on first use.
func newVisitors(app core.App) *visitors {
	return &visitors{load: func() ([]byte, error) {
		master, _, err := secrets.LoadKey(os.Getenv, app.DataDir())
		if err != nil {
			return nil, err
		}
		m := hmac.New(sha256.New, master)
		m.Write([]byte("hostbase kb visitor v1"))
		return m.Sum(nil), nil
	}}
}

func (v *visitors) mac(parts ...string) (string, error) {
	v.once.Do(func() { v.key, v.err = v.load() })
	if v.err != nil {
		return "", v.err
	}
	m := hmac.New(sha256.New, v.key)
	m.Write([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(m.Sum(nil)[:16]), nil
}

// identify returns the asker's voter/visitor id, setting the visitor
// cookie on an anonymous asker who lacks a valid one.
func (v *visitors) identify(e *core.RequestEvent) (string, error) {
	if e.Auth != nil {
		return e.Auth.Collection().Name + ":" + e.Auth.Id, nil
	}
	if c, err := e.Request.Cookie(VisitorCookie); err == nil {
		if token, sig, ok := strings.Cut(c.Value, "."); ok && len(token) == 32 {
			want, err := v.mac("cookie", token)
			if err != nil {
				return "", err
			}
			if hmac.Equal([]byte(sig), []byte(want)) {
				return "visitor:" + token, nil
			}
		}
	}
	token, err := v.mac("first-seen", e.RealIP(), e.Request.UserAgent())
	if err != nil {
		return "", err
	}
	sig, err := v.mac("cookie", token)
	if err != nil {
		return "", err
	}
	e.SetCookie(&http.Cookie{
		Name:     VisitorCookie,
		Value:    token + "." + sig,
		Path:     "/",
		MaxAge:   int(visitorCookieAge / time.Second),
		HttpOnly: true,
		Secure:   e.IsTLS(),
		SameSite: http.SameSiteLaxMode,
	})
	return "visitor:" + token, nil
}
