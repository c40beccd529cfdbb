package virtfusionpanel

import (
	"context"
	"sync"
	"time"
)

// limiter is a token bucket: perMinute calls a minute on average, with a
// burst of a tenth of that (at least 1), so that a busy queue stays under
// the rate limit VirtFusion lets staff set on each API token.
type limiter struct {
	mu       sync.Mutex
	interval time.Duration // one token per interval
	burst    float64
	tokens   float64
	last     time.Time
}

func newLimiter(perMinute int64) *limiter {
	if perMinute < 1 {
		perMinute = 1
	}
	burst := max(float64(perMinute)/10, 1)
	return &limiter{interval: time.Minute / time.Duration(perMinute), burst: burst, tokens: burst, last: time.Now()}
}

// wait takes a token, sleeping until one is free or ctx ends.
func (l *limiter) wait(ctx context.Context) error {
	l.mu.Lock()
	now := time.Now()
	l.tokens = min(l.burst, l.tokens+float64(now.Sub(l.last))/float64(l.interval))
	l.last = now
	l.tokens--
	// A negative balance is a reservation: this caller waits for it.
	delay := time.Duration(-l.tokens * float64(l.interval))
	l.mu.Unlock()
	if delay <= 0 {
		return nil
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-ctx.Done():
		l.mu.Lock()
		l.tokens++ // give the reservation back
		l.mu.Unlock()
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// limiters keeps one limiter per panel and token, for the plugin process:
// the limit is the token's, whichever service a call is about.
type limiters struct {
	mu sync.Mutex
	m  map[string]*limiter
}

func (ls *limiters) get(key string, perMinute int64) *limiter {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.m == nil {
		ls.m = map[string]*limiter{}
	}
	l, ok := ls.m[key]
	if !ok || l.interval != time.Minute/time.Duration(max(perMinute, 1)) {
		l = newLimiter(perMinute)
		ls.m[key] = l
	}
	return l
}
