// Package testserver runs a server program from the tools module
// (tools/go.mod at the repository root) as a child process of a Go test
// binary: it locates the repository, resolves the tool's binary with
// "go tool -modfile=tools/go.mod -n", picks free loopback ports, starts the
// child (on Linux with a parent-death signal, so that it dies with the test
// binary), retries on "address already in use", waits until the child is
// ready, keeps the tail of its output and stops it.
//
// It is the common plumbing of packages such as hbtest/mailpit and
// hbtest/stripemock, which add the server's flags, its readiness check and
// its API. It uses the standard library only.
package testserver

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// Tool is a program named in tools/go.mod whose binary is resolved at most
// once per test binary (by the first Start or Binary call). The zero value is
// not usable: set Name, and EnvVar if a prebuilt binary may be named in the
// environment. A Tool must not be copied after first use.
type Tool struct {
	// Name is the tool's name for "go tool", e.g. "mailpit"; it also
	// prefixes the message Binary logs.
	Name string
	// EnvVar names an environment variable that, when set, holds the path
	// of a prebuilt binary to use instead of the one from tools/go.mod.
	EnvVar string

	once    sync.Once
	path    string
	took    time.Duration
	err     error
	logOnce sync.Once
}

// Binary returns the path of the tool's binary, resolving it with
// ToolBinary on the first call and returning that call's result on every
// later one. If resolving it took more than two seconds (it was compiled),
// Binary logs that once through logf.
func (t *Tool) Binary(logf func(string, ...any)) (string, error) {
	t.once.Do(func() {
		t.path, t.took, t.err = ToolBinary(t.Name, t.EnvVar)
	})
	if t.err != nil {
		return "", t.err
	}
	if t.took > 2*time.Second {
		t.logOnce.Do(func() {
			logf("%s: resolving the binary (compiling it) took %s; prebuild it (make tools) to keep this out of test time", t.Name, t.took.Round(time.Second))
		})
	}
	return t.path, nil
}

// Launch describes how Start runs a server of type S.
type Launch[S any] struct {
	// Ports is how many distinct free ports on 127.0.0.1 to pick for each
	// attempt.
	Ports int
	// New makes the server for the ports picked for an attempt and returns
	// it with the tool's command-line arguments for those ports.
	New func(ports []int) (srv S, args []string)
	// Ready reports whether srv answers yet; Start calls it as
	// Process.WaitReady describes.
	Ready func(srv S, ctx context.Context) error
	// Started, if set, hands srv its process once it is ready.
	Started func(srv S, p *Process)
	// DropEnv lists prefixes of "NAME=value" environment entries that are
	// not passed on to the child (see StartProcess).
	DropEnv []string
	// Timeout bounds how long each attempt waits for the child to become
	// ready.
	Timeout time.Duration
}

// startAttempts is how many times Start tries with fresh ports when the
// child reports that an address is in use.
const startAttempts = 3

// Start resolves t's binary (see Tool.Binary), then runs it as l describes
// and waits until it is ready. If the child exits reporting an address
// already in use (another process took a port between FreePorts and the
// child binding it), Start tries again with other ports, three attempts in
// all. A child that fails to become ready is stopped before Start returns
// the error, which names the binary and its arguments.
func Start[S any](t *Tool, logf func(string, ...any), l Launch[S]) (S, error) {
	var zero S
	bin, err := t.Binary(logf)
	if err != nil {
		return zero, err
	}
	var lastErr error
	for attempt := 0; attempt < startAttempts; attempt++ {
		ports, err := FreePorts(l.Ports)
		if err != nil {
			return zero, err
		}
		srv, args := l.New(ports)
		p, err := StartProcess(bin, args, l.DropEnv...)
		if err != nil {
			return zero, fmt.Errorf("starting %s: %v", bin, err)
		}
		err = p.WaitReady(l.Timeout, func(ctx context.Context) error { return l.Ready(srv, ctx) })
		if err == nil {
			if l.Started != nil {
				l.Started(srv, p)
			}
			return srv, nil
		}
		p.Terminate(2 * time.Second)
		lastErr = fmt.Errorf("%s %s: %w", bin, strings.Join(args, " "), err)
		if !errors.Is(err, ErrAddrInUse) {
			break
		}
	}
	return zero, lastErr
}

// Servers is the Start, Shared and Stop plumbing of a package that runs
// servers of type S (such as *mailpit.Server): a server per test, stopped
// when the test ends, and one shared server per test binary, stopped by
// Stop. Set Name and Close; a Servers must not be copied after first use.
type Servers[S any] struct {
	// Name prefixes the failure messages: "Name: error" from Start and
	// "Name (shared): error" from Shared.
	Name string
	// Close stops a server and releases what it holds.
	Close func(S)

	mu      sync.Mutex
	started bool // start has been called since the last Stop
	shared  S
	err     error
}

// Start calls start and returns the server it made, arranging for Close to
// be called on it when tb ends (a temporary directory start made with
// tb.TempDir is removed after that). If start fails, Start fails tb.
func (s *Servers[S]) Start(tb testing.TB, start func() (S, error)) S {
	tb.Helper()
	srv, err := start()
	if err != nil {
		tb.Fatalf("%s: %v", s.Name, err)
	}
	tb.Cleanup(func() { s.Close(srv) })
	return srv
}

// Shared returns the shared server, calling start on the first call (and
// on the first call after Stop). Calls are serialised, so concurrent
// callers wait for a start in progress. A failed start is not retried until
// Stop: Shared fails tb with its error on every call until then. The server
// is not stopped when tb ends.
func (s *Servers[S]) Shared(tb testing.TB, start func() (S, error)) S {
	tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started {
		s.shared, s.err = start()
		s.started = true
	}
	if s.err != nil {
		tb.Fatalf("%s (shared): %v", s.Name, s.err)
	}
	return s.shared
}

// Stop calls Close on the shared server, if one was started successfully,
// and forgets it and any kept error, so that a later Shared starts a new
// one.
func (s *Servers[S]) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started && s.err == nil {
		s.Close(s.shared)
	}
	var zero S
	s.started, s.shared, s.err = false, zero, nil
}
