package synergycppanel

import (
	"context"
	"sync"
)

// keyLocks serialises the calls about one idempotency key within this
// process, so that two Creates for one key do not both allocate a server.
// Across processes SynergyCP offers no such guard: the panel refuses to
// provision a server already taken, but two processes could each take a
// different one for the same key, which settleRace (create.go) undoes.
//
// A lock lives only while someone holds or awaits it, so the map stays as
// small as the number of services being worked on.
type keyLocks struct {
	mu   sync.Mutex
	held map[string]*keyLock
}

type keyLock struct {
	ch   chan struct{} // holds a token while locked
	refs int
}

// lock takes the lock for id, giving up when ctx ends. Call the returned
// function to release it.
func (l *keyLocks) lock(ctx context.Context, id string) (func(), error) {
	l.mu.Lock()
	if l.held == nil {
		l.held = map[string]*keyLock{}
	}
	k := l.held[id]
	if k == nil {
		k = &keyLock{ch: make(chan struct{}, 1)}
		l.held[id] = k
	}
	k.refs++
	l.mu.Unlock()

	select {
	case k.ch <- struct{}{}:
		return func() { <-k.ch; l.release(id, k) }, nil
	case <-ctx.Done():
		l.release(id, k)
		return nil, ctx.Err()
	}
}

func (l *keyLocks) release(id string, k *keyLock) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k.refs--
	if k.refs == 0 {
		delete(l.held, id)
	}
}
