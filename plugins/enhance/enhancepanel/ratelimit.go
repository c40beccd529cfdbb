package enhancepanel

import (
	"strconv"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// DefaultRatePerSecond is the request rate the plugin keeps to per panel.
// Enhance publishes no limit for its orchd API that we could find; orchd
// runs on the panel's control node beside the customers' UI, so the plugin
// stays well below what a busy browser session sends.
const DefaultRatePerSecond = 10

// limiter is the SDK's token bucket: up to perSecond requests at once,
// then one every 1/perSecond s.
type limiter = sdk.RateLimiter

func newLimiter(perSecond int) *limiter {
	if perSecond <= 0 {
		perSecond = DefaultRatePerSecond
	}
	return sdk.NewRateLimiter(time.Second/time.Duration(perSecond), float64(perSecond))
}

// limiters keeps one limiter per panel and rate, shared by every call to
// that panel in this process.
type limiters struct{ sdk.RateLimiters }

func (ls *limiters) get(baseURL string, perSecond int) *limiter {
	return ls.Get(baseURL+"|"+strconv.Itoa(perSecond), func() *limiter { return newLimiter(perSecond) })
}
