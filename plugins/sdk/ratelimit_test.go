package sdk

import (
	"context"
	"errors"
	"testing"
	"time"
)

// The burst goes at once, the next request waits its interval, a waiter
// gives up with its context, and one key shares one limiter.
func TestRateLimiterBurstsThenSpaces(t *testing.T) {
	l := NewRateLimiter(40*time.Millisecond, 3)
	start := time.Now()
	for i := 0; i < 4; i++ {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if took := time.Since(start); took < 30*time.Millisecond || took > time.Second {
		t.Fatalf("3 + 1 requests took %v, want about one interval (40 ms)", took)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if err := l.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("an empty bucket with a short deadline: %v", err)
	}

	var ls RateLimiters
	made := 0
	mk := func() *RateLimiter { made++; return NewRateLimiter(time.Second, 1) }
	if a, b := ls.Get("panel|60", mk), ls.Get("panel|60", mk); a != b || made != 1 {
		t.Fatalf("one key gave two limiters (made %d)", made)
	}
	if ls.Get("panel|120", mk) == ls.Get("panel|60", mk) {
		t.Fatal("another rate shared the limiter")
	}
}
