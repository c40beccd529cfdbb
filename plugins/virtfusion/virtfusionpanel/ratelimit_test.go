package virtfusionpanel

import (
	"context"
	"testing"
	"time"
)

// The bucket lets a burst of a tenth of a minute's allowance through at
// once, then makes callers wait their turn.
func TestLimiterBurstThenWaits(t *testing.T) {
	l := newLimiter(600) // 10 a second, a burst of 60
	for i := range 60 {
		c, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		err := l.Wait(c)
		cancel()
		if err != nil {
			t.Fatalf("call %d of the burst waited: %v", i+1, err)
		}
	}
	c, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := l.Wait(c); err == nil {
		t.Fatal("call 61 went through at once, want it to wait ~100 ms")
	}
	began := time.Now()
	if err := l.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took < 50*time.Millisecond || took > time.Second {
		t.Errorf("call 62 waited %s, want about 100 ms", took)
	}
}

// One limiter per panel and token, so that every call with the token
// shares it; a changed limit makes a new one.
func TestLimitersPerToken(t *testing.T) {
	var ls limiters
	a, b := ls.get("x", 60), ls.get("x", 60)
	if a != b {
		t.Error("two calls with one token got two limiters")
	}
	if ls.get("y", 60) == a || ls.get("x", 120) == a {
		t.Error("another token, or another limit, shares the limiter")
	}
}
