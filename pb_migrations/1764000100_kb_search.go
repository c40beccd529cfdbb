package pb_migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"github.com/ezscale/hostbase/hooks/kb"
)

// kbVisitorRateLimit bounds votes and view counts per client IP: a visitor
// who changes User-Agent on every request is a new visitor each time, and
// this is what stops them counting more than a few dozen times a minute.
var kbVisitorRateLimit = core.RateLimitRule{
	Label: "POST /api/hb/kb/", Audience: core.RateLimitRuleAudienceGuest, MaxRequests: 60, Duration: 60,
}

// The knowledge base's full-text index is derived data: it is created and
// filled from the published articles by the same code that keeps it in sync.
func init() {
	m.Register(func(app core.App) error {
		if err := kb.RebuildSearchIndex(app); err != nil {
			return err
		}
		s := app.Settings()
		s.RateLimits.Rules = append(s.RateLimits.Rules, kbVisitorRateLimit)
		return app.Save(s)
	}, func(app core.App) error {
		if err := kb.DropSearchIndex(app); err != nil {
			return err
		}
		s := app.Settings()
		s.RateLimits.Rules = slices.DeleteFunc(s.RateLimits.Rules, func(r core.RateLimitRule) bool { return r.Label == kbVisitorRateLimit.Label })
		return app.Save(s)
	})
}
