package provisioning

import (
	"math/rand/v2"
	"time"
)

// backoff is the wait before try attempts+1 after a retryable failure:
// base doubling per attempt up to max, with ±20% jitter so that jobs that
// failed together (a panel down) do not all return together. A plugin's
// RetryAfter is honoured when it asks for longer.
func backoff(p Policy, attempts int64, retryAfter time.Duration) time.Duration {
	d := p.backoffBase()
	for i := int64(1); i < attempts && d < p.backoffMax(); i++ {
		d *= 2
	}
	d = min(d, p.backoffMax())
	jitter := time.Duration(rand.Int64N(int64(d)*2/5+1)) - d/5
	d += jitter
	if retryAfter > d {
		d = retryAfter
	}
	return d
}

// pollDelay is the wait before asking again about a Create the panel is
// still building: quick at first, then every 30 s.
func pollDelay(polls int) time.Duration {
	d := time.Duration(polls+1) * 2 * time.Second
	return min(d, 30*time.Second)
}

// maxPolls bounds how long a build may stay pending: with pollDelay, about
// two hours.
const maxPolls = 250
