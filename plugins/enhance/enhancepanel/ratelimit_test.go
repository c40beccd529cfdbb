package enhancepanel

import (
	"context"
	"testing"
	"time"
)

// The limiter lets a burst through at once, then one request per interval.
func TestLimiterKeepsTheRate(t *testing.T) {
	l := newLimiter(20)
	start := time.Now()
	for range 20 {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if took := time.Since(start); took > 250*time.Millisecond { // waiting for 20 tokens would take 1s
		t.Errorf("a burst of 20 at 20/s took %s, want at once", took)
	}
	for range 10 {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if took := time.Since(start); took < 450*time.Millisecond {
		t.Errorf("30 requests at 20/s took %s, want at least 0.45s", took)
	}
}

// A caller waiting for the limiter gives up when its context ends.
func TestLimiterWaitEndsWithTheContext(t *testing.T) {
	l := newLimiter(1)
	_ = l.Wait(context.Background())
	c, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := l.Wait(c); err == nil {
		t.Error("wait on an empty bucket with a 20ms deadline succeeded")
	}
}

// Calls to one panel share a limiter; another panel has its own.
func TestLimitersArePerPanel(t *testing.T) {
	var ls limiters
	if ls.get("https://a", 10) != ls.get("https://a", 10) {
		t.Error("two calls to one panel got different limiters")
	}
	if ls.get("https://a", 10) == ls.get("https://b", 10) {
		t.Error("two panels share a limiter")
	}
}
