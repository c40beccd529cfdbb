package enhancepanel

import (
	"context"
	"strconv"
	"sync"
	"time"
)

// DefaultRatePerSecond is the request rate the plugin keeps to per panel.
// Enhance publishes no limit for its orchd API that we could find; orchd
// runs on the panel's control node beside the customers' UI, so the plugin
// stays well below what a busy browser session sends.
const DefaultRatePerSecond = 10

// limiter is a token bucket: up to burst requests at once, then one every
// interval.
type limiter struct {
	mu       sync.Mutex
	interval time.Duration
	burst    float64
	tokens   float64
	last     time.Time
}

func newLimiter(perSecond int) *limiter {
	if perSecond <= 0 {
		perSecond = DefaultRatePerSecond
	}
	burst := float64(perSecond)
	return &limiter{interval: time.Second / time.Duration(perSecond), burst: burst, tokens: burst, last: time.Now()}
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

// limiters keeps one limiter per panel and rate, shared by every call to
// that panel in this process.
type limiters struct {
	mu  sync.Mutex
	all map[string]*limiter
}

func (ls *limiters) get(baseURL string, perSecond int) *limiter {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.all == nil {
		ls.all = map[string]*limiter{}
	}
	key := baseURL + "|" + strconv.Itoa(perSecond)
	l := ls.all[key]
	if l == nil {
		l = newLimiter(perSecond)
		ls.all[key] = l
	}
	return l
}
