package pteropanel

import (
	"context"
	"testing"
	"time"
)

// After its burst, the limiter spaces requests so that a minute never
// sees more than the rate.
func TestTheLimiterKeepsUnderTheRate(t *testing.T) {
	l := newLimiter(600) // burst 30, then one every 60s/570
	start := time.Now()
	for range 35 {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	took := time.Since(start)
	if min := 5 * time.Minute / 570; took < min-20*time.Millisecond {
		t.Errorf("35 requests took %s, want at least %s after a burst of 30", took, min)
	}
	if took > 3*time.Second {
		t.Errorf("35 requests took %s", took)
	}
}

// The burst plus a minute's refill stays within the documented limit.
func TestTheDefaultRateIsUnderThePanelsLimit(t *testing.T) {
	l := newLimiter(DefaultRatePerMinute)
	perMinute := l.Burst() + float64(time.Minute/l.Interval())
	if perMinute >= 240 {
		t.Errorf("the limiter lets %.0f requests through in a minute, want under 240", perMinute)
	}
}

// A waiting caller gives up when its context ends.
func TestTheLimiterGivesUpWithTheContext(t *testing.T) {
	l := newLimiter(1)
	_ = l.Wait(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := l.Wait(ctx); err == nil {
		t.Error("wait returned without a token or a cancelled context")
	}
}
