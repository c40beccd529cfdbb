package sdk

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// One holder per key at a time; other keys are not held up; a waiter gives
// up with its context; nothing is left in the map afterwards.
func TestKeyLocksSerialiseOneKey(t *testing.T) {
	var l KeyLocks
	var inside, most atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unlock, err := l.Lock(context.Background(), "svc-1")
			if err != nil {
				t.Error(err)
				return
			}
			n := inside.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(time.Millisecond)
			inside.Add(-1)
			unlock()
		}()
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Fatalf("%d holders of one key at once, want 1", most.Load())
	}

	unlock, _ := l.Lock(context.Background(), "svc-1")
	other, err := l.Lock(context.Background(), "svc-2")
	if err != nil {
		t.Fatalf("another key waited: %v", err)
	}
	other()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := l.Lock(ctx, "svc-1"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a waiter on a held key: %v, want its deadline", err)
	}
	unlock()
	if len(l.held) != 0 {
		t.Fatalf("%d locks left in the map", len(l.held))
	}
}
