package synergycppanel

import (
	"context"
	"testing"
	"time"
)

// Eleven calls at 5 a second: the burst of 5 at once, then one each
// 200 ms, so the eleventh waits about 1.2 s.
func TestLimiterSpacesCalls(t *testing.T) {
	l := newLimiter(5)
	start := time.Now()
	for range 11 {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if took := time.Since(start); took < 1100*time.Millisecond || took > 2*time.Second {
		t.Errorf("11 calls at 5/s took %s, want about 1.2s", took)
	}
}

// A caller whose context ends stops waiting.
func TestLimiterGivesUpWithTheContext(t *testing.T) {
	l := newLimiter(1)
	_ = l.Wait(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := l.Wait(ctx); err == nil {
		t.Error("wait returned without a token before its context ended")
	}
}

// Every call about one panel shares one limiter.
func TestLimitersArePerPanel(t *testing.T) {
	var ls limiters
	if ls.get("https://a", 5) != ls.get("https://a", 5) || ls.get("https://a", 5) == ls.get("https://b", 5) {
		t.Error("limiters are not one per panel")
	}
}
