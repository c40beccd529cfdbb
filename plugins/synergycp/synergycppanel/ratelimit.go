package synergycppanel

import (
	"strconv"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// limiter spaces the calls to one panel: at most rate a second on
// average, with bursts of up to rate (the SDK's token bucket). SynergyCP
// documents no limit of its own; the default (see metadata.go) keeps a
// busy provisioning queue from crowding out the panel's own users. Every
// call about one panel in this process shares its limiter, whatever the
// service.
type limiter = sdk.RateLimiter

func newLimiter(perSecond int64) *limiter {
	perSecond = max(perSecond, 1)
	return sdk.NewRateLimiter(time.Second/time.Duration(perSecond), float64(perSecond))
}

// limiters holds one limiter per panel URL and rate.
type limiters struct{ sdk.RateLimiters }

func (ls *limiters) get(base string, rate int64) *limiter {
	return ls.Get(base+"|"+strconv.FormatInt(rate, 10), func() *limiter { return newLimiter(rate) })
}
