package synergycppanel

import (
	"context"
	"sync"
	"time"
)

// limiter spaces the calls to one panel: at most rate a second on
// average, with bursts of up to rate. SynergyCP documents no limit of its
// own; the default (see metadata.go) keeps a busy provisioning queue from
// crowding out the panel's own users. Every call about one panel in this
// process shares its limiter, whatever the service.
type limiter struct {
	mu       sync.Mutex
	interval time.Duration // between two tokens
	burst    float64
	tokens   float64
	last     time.Time
}

func newLimiter(perSecond int64) *limiter {
	perSecond = max(perSecond, 1)
	return &limiter{interval: time.Second / time.Duration(perSecond), burst: float64(perSecond),
		tokens: float64(perSecond), last: time.Now()}
}

// wait takes a token, sleeping until one is free or ctx ends.
func (l *limiter) wait(ctx context.Context) error {
	l.mu.Lock()
	now := time.Now()
	l.tokens = min(l.burst, l.tokens+float64(now.Sub(l.last))/float64(l.interval))
	l.last = now
	l.tokens--
	var delay time.Duration
	if l.tokens < 0 {
		// The token is ours once the bucket refills this far; later
		// callers queue behind it.
		delay = time.Duration(-l.tokens * float64(l.interval))
	}
	l.mu.Unlock()
	if delay == 0 {
		return nil
	}
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		l.mu.Lock()
		l.tokens++ // give back the token we will not use
		l.mu.Unlock()
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// limiters holds one limiter per panel URL and rate.
type limiters struct {
	mu sync.Mutex
	m  map[limiterKey]*limiter
}

type limiterKey struct {
	base string
	rate int64
}

func (ls *limiters) get(base string, rate int64) *limiter {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.m == nil {
		ls.m = map[limiterKey]*limiter{}
	}
	k := limiterKey{base, rate}
	if l := ls.m[k]; l != nil {
		return l
	}
	l := newLimiter(rate)
	ls.m[k] = l
	return l
}
