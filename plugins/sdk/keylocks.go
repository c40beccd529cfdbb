package sdk

import (
	"context"
	"sync"
)

// KeyLocks serialises a plugin's calls about one key (an idempotency key, a
// remote id) within its process, so that two Creates for one service do
// not both build and two writes to one resource do not lose each other.
// Across processes a plugin needs the panel's own guard (a unique external
// id, an exclusive create), and a race there must converge on one result.
//
// The zero value is ready to use. A key's lock lives only while someone
// holds or awaits it, so the map stays as small as the work in flight.
type KeyLocks struct {
	mu   sync.Mutex
	held map[string]*keyLock
}

type keyLock struct {
	ch   chan struct{} // holds a token while locked
	refs int
}

// Lock takes the lock for key, giving up when ctx ends. Call the returned
// function to release it.
func (l *KeyLocks) Lock(ctx context.Context, key string) (unlock func(), err error) {
	l.mu.Lock()
	if l.held == nil {
		l.held = map[string]*keyLock{}
	}
	k := l.held[key]
	if k == nil {
		k = &keyLock{ch: make(chan struct{}, 1)}
		l.held[key] = k
	}
	k.refs++
	l.mu.Unlock()

	select {
	case k.ch <- struct{}{}:
		return func() { <-k.ch; l.release(key, k) }, nil
	case <-ctx.Done():
		l.release(key, k)
		return nil, ctx.Err()
	}
}

func (l *KeyLocks) release(key string, k *keyLock) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k.refs--
	if k.refs == 0 {
		delete(l.held, key)
	}
}
