package pteropanel

import (
	"context"
	"sync"
	"time"
)

// DefaultRatePerMinute keeps under the application API's default limit of
// 240 requests a minute (config/http.php, APP_API_APPLICATION_RATELIMIT),
// leaving room for the panel's own admin tools sharing the key.
const DefaultRatePerMinute = 220

// limiter is a token bucket: burst requests at once, then one every
// 60s/perMinute. The burst is taken out of the minute's budget, so no
// window of a minute sees more than perMinute requests.
type limiter struct {
	mu       sync.Mutex
	interval time.Duration
	burst    float64
	tokens   float64
	last     time.Time
	// configured is the perMinute it was made for, so that a changed
	// setting takes effect.
	configured int
}

func newLimiter(perMinute int) *limiter {
	if perMinute <= 0 {
		perMinute = DefaultRatePerMinute
	}
	burst := float64(max(1, perMinute/20))
	// The refill rate leaves out the burst, so burst + a minute's refill
	// stays within perMinute.
	refill := max(1, perMinute-int(burst))
	return &limiter{interval: time.Minute / time.Duration(refill), burst: burst, tokens: burst, last: time.Now()}
}

// wait blocks until a request may go, or ctx ends.
func (l *limiter) wait(ctx context.Context) error {
	for {
		l.mu.Lock()
		now := time.Now()
		l.tokens = min(l.burst, l.tokens+float64(now.Sub(l.last))/float64(l.interval))
		l.last = now
		if l.tokens >= 1 {
			l.tokens--
			l.mu.Unlock()
			return nil
		}
		need := time.Duration((1 - l.tokens) * float64(l.interval))
		l.mu.Unlock()
		t := time.NewTimer(need)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// limiters hands out one limiter per panel and key: the panel counts
// requests per API key, and every call of this process shares it.
type limiters struct {
	mu sync.Mutex
	m  map[string]*limiter
}

func (ls *limiters) get(key string, perMinute int) *limiter {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.m == nil {
		ls.m = map[string]*limiter{}
	}
	l := ls.m[key]
	if l == nil || l.configured != perMinute {
		l = newLimiter(perMinute)
		l.configured = perMinute
		ls.m[key] = l
	}
	return l
}
