package virtfusionpanel

import (
	"strconv"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// limiter is the SDK's token bucket: perMinute calls a minute on average,
// with a burst of a tenth of that (at least 1), so that a busy queue stays
// under the rate limit VirtFusion lets staff set on each API token.
type limiter = sdk.RateLimiter

func newLimiter(perMinute int64) *limiter {
	perMinute = max(perMinute, 1)
	return sdk.NewRateLimiter(time.Minute/time.Duration(perMinute), max(float64(perMinute)/10, 1))
}

// limiters keeps one limiter per panel, token and rate, for the plugin
// process: the limit is the token's, whichever service a call is about.
type limiters struct{ sdk.RateLimiters }

func (ls *limiters) get(key string, perMinute int64) *limiter {
	return ls.Get(key+"|"+strconv.FormatInt(perMinute, 10), func() *limiter { return newLimiter(perMinute) })
}
