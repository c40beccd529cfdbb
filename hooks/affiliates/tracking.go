package affiliates

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// The first-party cookies of referral tracking.
const (
	// RefCookie holds the referring affiliate's id and the time of the
	// click that set it: "<affiliate id>.<unix seconds>".
	RefCookie = "hb_ref"
	// VisitorCookie is a random id of the browser, to count a visitor's
	// clicks once a day and to recognise an affiliate's own browser.
	VisitorCookie = "hb_vid"
)

// visitorDays is how long a visitor id lasts (browsers cap cookies at 400).
const visitorDays = 365

var visitorPattern = regexp.MustCompile(`^[A-Za-z0-9]{16,64}$`)

// visitorOf is the request's visitor id, "" when it carries none (or a
// malformed one).
func visitorOf(e *core.RequestEvent) string {
	c, err := e.Request.Cookie(VisitorCookie)
	if err != nil || !visitorPattern.MatchString(c.Value) {
		return ""
	}
	return c.Value
}

// ensureVisitor is the request's visitor id, given to the browser now (a
// new hb_vid cookie) when it carries none.
func ensureVisitor(e *core.RequestEvent) string {
	if vid := visitorOf(e); vid != "" {
		return vid
	}
	vid := security.RandomString(24)
	setCookie(e, VisitorCookie, vid, visitorDays)
	return vid
}

// refClaim is what an hb_ref cookie says.
type refClaim struct {
	Affiliate string
	ClickedAt time.Time
}

func parseRef(value string) (refClaim, bool) {
	id, at, ok := strings.Cut(value, ".")
	if !ok || id == "" || len(id) > 50 {
		return refClaim{}, false
	}
	secs, err := strconv.ParseInt(at, 10, 64)
	if err != nil || secs <= 0 {
		return refClaim{}, false
	}
	return refClaim{Affiliate: id, ClickedAt: time.Unix(secs, 0)}, true
}

// refOf is the request's referral claim still within the cookie window
// (the cookie's Max-Age ends it in the browser; the timestamp ends it here
// too, for a cookie kept longer than it was given).
func refOf(e *core.RequestEvent, prog Programme, now time.Time) (refClaim, bool) {
	c, err := e.Request.Cookie(RefCookie)
	if err != nil {
		return refClaim{}, false
	}
	claim, ok := parseRef(c.Value)
	if !ok || claim.ClickedAt.After(now.Add(time.Hour)) || now.Sub(claim.ClickedAt) > time.Duration(prog.CookieDays)*24*time.Hour {
		return refClaim{}, false
	}
	return claim, true
}

// isSecure tells whether the visitor reached us over TLS, directly or
// through a proxy the settings trust.
func isSecure(e *core.RequestEvent) bool {
	if e.Request.TLS != nil {
		return true
	}
	return len(e.App.Settings().TrustedProxy.Headers) > 0 && strings.EqualFold(e.Request.Header.Get("X-Forwarded-Proto"), "https")
}

func setCookie(e *core.RequestEvent, name, value string, days int) {
	http.SetCookie(e.Response, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: days * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: isSecure(e),
	})
}

// Track records a click on an affiliate link with code: a click row (once
// per visitor, affiliate and UTC day) and, unless the visitor already
// carries a live referral, the hb_ref cookie. The first click within the
// cookie window wins: a later link of another affiliate is counted as a
// click but does not take the referral over, so that the affiliate who
// brought the visitor first is paid. An unknown or suspended code, a closed
// programme, or a click from the affiliate's own browser does nothing.
// It reports whether the click counted.
func Track(e *core.RequestEvent, code string) (bool, error) {
	code = strings.TrimSpace(code)
	if code == "" || len(code) > 32 {
		return false, nil
	}
	prog, err := LoadProgramme(e.App)
	if err != nil || !prog.Enabled {
		return false, err
	}
	aff, ok, err := findActive(e.App, collections.AffiliateFields.Code, code)
	if err != nil || !ok {
		return false, err
	}
	vid := visitorOf(e)
	if aff.visitedBy(vid) {
		return false, nil
	}
	vid = ensureVisitor(e)
	now := time.Now()
	keep := false
	if claim, live := refOf(e, prog, now); live {
		_, keep, err = findActive(e.App, "id", claim.Affiliate)
		if err != nil {
			return false, err
		}
	}
	if !keep {
		setCookie(e, RefCookie, aff.ID+"."+strconv.FormatInt(now.Unix(), 10), prog.CookieDays)
	}
	return true, recordClick(e, aff.ID, vid, now)
}

// recordClick writes one click row, or nothing when the visitor clicked
// the same affiliate's link earlier that day (the unique index decides).
func recordClick(e *core.RequestEvent, affiliate, vid string, now time.Time) error {
	f := collections.AffiliateClickFields
	stamp := types.NowDateTime().String()
	_, err := e.App.DB().NewQuery("INSERT INTO {{" + collections.AffiliateClicks + "}} (id, [[" + f.Affiliate + "]], [[" + f.Visitor + "]], [[" + f.Day + "]], [[" +
		f.Landing + "]], [[" + f.Referrer + "]], created, updated) VALUES ({:id}, {:aff}, {:vid}, {:day}, {:landing}, {:referrer}, {:now}, {:now}) ON CONFLICT DO NOTHING").
		Bind(map[string]any{
			"id": security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789"), "aff": affiliate, "vid": vid,
			"day": now.UTC().Format(time.DateOnly), "landing": clip(e.Request.URL.Path, 1000),
			"referrer": clip(e.Request.Referer(), 1000), "now": stamp,
		}).Execute()
	return err
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// storefrontTracking is the router middleware that makes ?ref=CODE work on
// every page the app serves (the storefront in pb_public included), but
// not on the API or the dashboard. Tracking never fails a page.
func storefrontTracking(e *core.RequestEvent) error {
	if e.Request.Method != http.MethodGet {
		return e.Next()
	}
	p := e.Request.URL.Path
	if strings.HasPrefix(p, "/api/") || p == "/api" || strings.HasPrefix(p, "/_/") || p == "/_" {
		return e.Next()
	}
	if code := e.Request.URL.Query().Get("ref"); code != "" {
		if _, err := Track(e, code); err != nil {
			e.App.Logger().Warn("affiliates: track click", "error", err)
		}
	}
	return e.Next()
}

// click is GET /api/hb/affiliate/click?ref=CODE, for a single-page
// storefront that navigates without loading a page.
func click(e *core.RequestEvent) error {
	tracked, err := Track(e, e.Request.URL.Query().Get("ref"))
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]bool{"tracked": tracked})
}
