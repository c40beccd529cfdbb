package sdktest

import (
	"sort"
	"sync"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// concurrentCreates is how many Creates create_concurrent sends at once.
const concurrentCreates = 5

// checkCreateStatus: Create (polled while pending) gives a RemoteID, and
// Status then says running.
func checkCreateStatus(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	svc := s.newService()
	s.mustCreate(&svc)
	s.waitState(svc, false, sdk.StateRunning, "a finished Create")
}

// checkCreateIdempotent: a second Create with the same idempotency key
// returns the first resource, not a new one.
func checkCreateIdempotent(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	svc := s.newService()
	first := s.mustCreate(&svc)
	// Hostbase repeats a Create it never heard back from, so the repeat
	// does not know the RemoteID.
	again := svc
	again.RemoteID = ""
	second, err := s.create(again)
	if err != nil {
		t.Fatalf("a second Create with the same IdempotencyKey failed: %v (it must return the existing resource)", err)
	}
	if second.RemoteID != first.RemoteID {
		t.Errorf("a second Create with IdempotencyKey %q returned RemoteID %q, the first %q: Create must find the "+
			"resource tagged with the key and return it, not make another", svc.IdempotencyKey, second.RemoteID, first.RemoteID)
		extra := svc
		extra.RemoteID = second.RemoteID
		s.cleanupTerminate(&extra)
	}
}

// checkCreateConcurrent: Creates racing with one fresh key make one
// resource, and ListRemote (if declared) shows exactly one with that key.
func checkCreateConcurrent(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	svc := s.newService()
	results := make([]sdk.CreateResult, concurrentCreates)
	errs := make([]error, concurrentCreates)
	var wg sync.WaitGroup
	for i := range concurrentCreates {
		wg.Go(func() { results[i], errs[i] = s.create(svc) })
	}
	wg.Wait()

	ids := map[string]bool{}
	for i, err := range errs {
		if err != nil {
			t.Errorf("concurrent Create %d of %d with one IdempotencyKey failed: %v", i+1, concurrentCreates, err)
			continue
		}
		ids[results[i].RemoteID] = true
	}
	for id := range ids {
		made := svc
		made.RemoteID = id
		s.cleanupTerminate(&made)
	}
	if len(ids) > 1 {
		t.Errorf("%d concurrent Creates with IdempotencyKey %q returned %d different RemoteIDs %v: Create must find "+
			"or claim the key atomically (a lock per key within the process, and something the panel enforces, "+
			"such as a unique name, across processes)", concurrentCreates, svc.IdempotencyKey, len(ids), sorted(ids))
	}
	if !s.meta.Capabilities.ListRemote || len(ids) == 0 {
		return
	}
	list, err := s.listRemote()
	if err != nil {
		t.Fatalf("ListRemote failed: %v", err)
	}
	var tagged []string
	for _, r := range list {
		if r.IdempotencyKey == svc.IdempotencyKey {
			tagged = append(tagged, r.RemoteID)
			if !ids[r.RemoteID] {
				stray := svc
				stray.RemoteID = r.RemoteID
				s.cleanupTerminate(&stray)
			}
		}
	}
	if len(tagged) != 1 {
		t.Errorf("after %d concurrent Creates with IdempotencyKey %q, ListRemote shows %d resources with that key %v, want exactly 1",
			concurrentCreates, svc.IdempotencyKey, len(tagged), tagged)
	}
}

func sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
