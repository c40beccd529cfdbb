package sdk

import (
	"context"
	"sync"
	"time"
)

// RateLimiter keeps a plugin's calls under a panel's request limit: a token
// bucket that lets burst requests go at once, then one every interval.
// Its methods are safe for concurrent use.
type RateLimiter struct {
	mu       sync.Mutex
	interval time.Duration
	burst    float64
	tokens   float64
	last     time.Time
}

// NewRateLimiter returns a full bucket of burst (at least 1) refilled by
// one every interval.
func NewRateLimiter(interval time.Duration, burst float64) *RateLimiter {
	burst = max(burst, 1)
	return &RateLimiter{interval: max(interval, time.Nanosecond), burst: burst, tokens: burst, last: time.Now()}
}

// Interval is the time one request's token takes to come back.
func (l *RateLimiter) Interval() time.Duration { return l.interval }

// Burst is how many requests may go at once.
func (l *RateLimiter) Burst() float64 { return l.burst }

// Wait blocks until a request may go, or ctx ends.
func (l *RateLimiter) Wait(ctx context.Context) error {
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

// RateLimiters keeps one RateLimiter per key (a panel and its API key, say)
// for the plugin's process: every call to one panel shares its limit,
// whichever service it is about. The zero value is ready to use.
type RateLimiters struct {
	mu sync.Mutex
	m  map[string]*RateLimiter
}

// Get returns the limiter kept for key, made by newLimiter on first use.
// Put the rate in the key, so that a changed setting takes effect.
func (ls *RateLimiters) Get(key string, newLimiter func() *RateLimiter) *RateLimiter {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.m == nil {
		ls.m = map[string]*RateLimiter{}
	}
	l := ls.m[key]
	if l == nil {
		l = newLimiter()
		ls.m[key] = l
	}
	return l
}
