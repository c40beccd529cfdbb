package pteropanel

import (
	"strconv"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// DefaultRatePerMinute keeps under the application API's default limit of
// 240 requests a minute (config/http.php, APP_API_APPLICATION_RATELIMIT),
// leaving room for the panel's own admin tools sharing the key.
const DefaultRatePerMinute = 220

// limiter is the SDK's token bucket: burst requests at once, then one every
// 60s/perMinute. The burst is taken out of the minute's budget, so no
// window of a minute sees more than perMinute requests.
type limiter = sdk.RateLimiter

func newLimiter(perMinute int) *limiter {
	if perMinute <= 0 {
		perMinute = DefaultRatePerMinute
	}
	burst := max(1, perMinute/20)
	// The refill rate leaves out the burst, so burst + a minute's refill
	// stays within perMinute.
	refill := max(1, perMinute-burst)
	return sdk.NewRateLimiter(time.Minute/time.Duration(refill), float64(burst))
}

// limiters hands out one limiter per panel and key: the panel counts
// requests per API key, and every call of this process shares it.
type limiters struct{ sdk.RateLimiters }

func (ls *limiters) get(key string, perMinute int) *limiter {
	return ls.Get(key+"|"+strconv.Itoa(perMinute), func() *limiter { return newLimiter(perMinute) })
}
