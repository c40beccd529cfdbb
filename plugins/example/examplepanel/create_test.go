package examplepanel

import (
	"context"
	"errors"
	"net"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

func TestCreateReturnsAServerAndTheSameOneAgain(t *testing.T) {
	srv, dir := newPanel(t, nil)
	first := mustCreate(t, quiet(), request(srv, "hostbase-svc1"))

	if !regexp.MustCompile(`^medium-[0-9a-f]{8}\.example\.test$`).MatchString(first.Hostname) {
		t.Errorf("hostname %q, want medium-<8 hex>.example.test", first.Hostname)
	}
	if _, testNet, _ := net.ParseCIDR("192.0.2.0/24"); !testNet.Contains(net.ParseIP(first.IP)) {
		t.Errorf("IP %q is not in 192.0.2.0/24", first.IP)
	}
	if first.Username != "root" || len(first.Credentials["root_password"]) != 20 {
		t.Errorf("username %q, credentials %v: want root and a 20-character root_password", first.Username, first.Credentials)
	}
	if first.Pending {
		t.Errorf("Create without a build time reports pending")
	}

	// A new process (here, a new Provisioner) finds the same server.
	again := mustCreate(t, quiet(), request(srv, "hostbase-svc1"))
	if again.RemoteID != first.RemoteID || again.IP != first.IP || again.Credentials["root_password"] != first.Credentials["root_password"] {
		t.Errorf("the second Create returned %+v, want the first %+v", again, first)
	}
	other := mustCreate(t, quiet(), request(srv, "hostbase-svc2"))
	if other.RemoteID == first.RemoteID {
		t.Errorf("two keys made one server %s", first.RemoteID)
	}
	if files := serverFiles(t, dir); len(files) != 2 {
		t.Errorf("server files %v, want 2", files)
	}
}

// TestCreateConcurrentSameKey races Creates for one key on one
// Provisioner (the lock) and on several (the exclusive create, as between
// processes), with a build time so that they overlap.
func TestCreateConcurrentSameKey(t *testing.T) {
	srv, dir := newPanel(t, map[string]string{keyBuildMS: "100"})
	shared := quiet()
	provisioners := []*Provisioner{shared, shared, shared, quiet(), quiet(), quiet()}
	ids := make([]string, len(provisioners))
	errs := make([]error, len(provisioners))
	var wg sync.WaitGroup
	for i, p := range provisioners {
		wg.Go(func() {
			res, err := p.Create(ctxFor(t, 5*time.Second), request(srv, "hostbase-race"))
			ids[i], errs[i] = res.RemoteID, err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Create %d: %v", i, err)
		}
		if ids[i] != ids[0] {
			t.Errorf("Create %d returned %s, Create 0 %s", i, ids[i], ids[0])
		}
	}
	if files := serverFiles(t, dir); len(files) != 1 {
		t.Errorf("server files %v, want exactly 1", files)
	}
}

// TestCreateCancelledMidBuildIsResumed: a Create whose caller gives up
// mid-build leaves the server "building"; the next Create with the key
// waits out the rest of the build and returns that server, running.
func TestCreateCancelledMidBuildIsResumed(t *testing.T) {
	srv, dir := newPanel(t, map[string]string{keyBuildMS: "400"})
	p := quiet()
	r := request(srv, "hostbase-slow")

	started := time.Now()
	_, err := p.Create(ctxFor(t, 50*time.Millisecond), r)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Create cut short by its deadline returned %v, want a context.DeadlineExceeded", err)
	}
	if took := time.Since(started); took > 300*time.Millisecond {
		t.Errorf("Create took %s to notice its deadline", took)
	}
	files := serverFiles(t, dir)
	if len(files) != 1 {
		t.Fatalf("after the cut-short Create, server files %v, want 1", files)
	}
	saved, err := store{dir: dir}.read(files[0])
	if err != nil || saved.State != stateBuilding {
		t.Fatalf("the server file reads %+v, %v; want state %q", saved, err, stateBuilding)
	}
	st, err := p.Status(ctxFor(t, time.Second), r)
	if err != nil || st.State != sdk.StatePending {
		t.Errorf("Status mid-build: %+v, %v; want pending", st, err)
	}

	res := mustCreate(t, quiet(), r)
	if res.RemoteID != files[0] || res.Pending {
		t.Errorf("the resumed Create returned %+v, want server %s, built", res, files[0])
	}
	if took := time.Since(started); took < 400*time.Millisecond {
		t.Errorf("the build finished after %s, before its 400ms", took)
	}
	saved, _ = store{dir: dir}.read(files[0])
	if saved.State != stateRunning {
		t.Errorf("after the resumed Create the file says %q, want %q", saved.State, stateRunning)
	}
	if files := serverFiles(t, dir); len(files) != 1 {
		t.Errorf("server files %v, want still 1", files)
	}
}

// TestBuildFinishesWithoutCreate: the panel builds on its own; a server
// whose build time has passed is running even if no Create came back.
func TestBuildFinishesWithoutCreate(t *testing.T) {
	srv, _ := newPanel(t, map[string]string{keyBuildMS: "100"})
	p := quiet()
	r := request(srv, "hostbase-abandoned")
	if _, err := p.Create(ctxFor(t, 10*time.Millisecond), r); err == nil {
		t.Fatal("Create finished a 100ms build within 10ms")
	}
	time.Sleep(150 * time.Millisecond)
	st, err := p.Status(ctxFor(t, time.Second), r)
	if err != nil || st.State != sdk.StateRunning {
		t.Errorf("Status after the build time: %+v, %v; want running", st, err)
	}
	if _, err := p.Suspend(ctxFor(t, time.Second), r); err != nil {
		t.Errorf("Suspend after the build time: %v", err)
	}
}

func TestActionsDuringBuildAskForARetry(t *testing.T) {
	srv, _ := newPanel(t, map[string]string{keyBuildMS: "60000"})
	p := quiet()
	r := request(srv, "hostbase-building")
	if _, err := p.Create(ctxFor(t, 10*time.Millisecond), r); err == nil {
		t.Fatal("Create finished a one-minute build")
	}
	_, err := p.Suspend(ctxFor(t, time.Second), r)
	if e := wantKind(t, err, sdk.KindRetryable, "Suspend mid-build"); e.RetryAfter < 50*time.Second {
		t.Errorf("RetryAfter %s, want about the minute the build has left", e.RetryAfter)
	}
	if _, err := p.Terminate(ctxFor(t, time.Second), r); err != nil {
		t.Errorf("Terminate mid-build: %v (a building server can be removed)", err)
	}
}

func TestCreateWithoutIdempotencyKeyIsRefused(t *testing.T) {
	srv, dir := newPanel(t, nil)
	_, err := quiet().Create(ctxFor(t, time.Second), request(srv, ""))
	wantKind(t, err, sdk.KindPermanent, "Create without a key")
	if files := serverFiles(t, dir); len(files) != 0 {
		t.Errorf("Create without a key wrote %v", files)
	}
}
