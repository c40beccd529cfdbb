package provisioning

import (
	"sync"
	"time"
)

// limiter allows each key n requests per window: enough for a person
// clicking, not for a script hammering a panel through us. In memory, per
// process, like PocketBase's own limits.
type limiter struct {
	n      int
	window time.Duration
	mu     sync.Mutex
	hits   map[string][]time.Time
	swept  time.Time
}

func newLimiter(n int, window time.Duration) *limiter {
	return &limiter{n: n, window: window, hits: map[string][]time.Time{}}
}

// allow records a request for key at now; when refused, wait is how long
// until the next is allowed.
func (l *limiter) allow(key string, now time.Time) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	since := now.Add(-l.window)
	if now.Sub(l.swept) > l.window {
		for k, ts := range l.hits {
			if len(ts) == 0 || !ts[len(ts)-1].After(since) {
				delete(l.hits, k)
			}
		}
		l.swept = now
	}
	recent := l.hits[key][:0]
	for _, t := range l.hits[key] {
		if t.After(since) {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.n {
		l.hits[key] = recent
		return false, recent[0].Add(l.window).Sub(now)
	}
	l.hits[key] = append(recent, now)
	return true, 0
}
