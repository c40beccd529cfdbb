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
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Tool is a program named in tools/go.mod whose binary is resolved at most
// once per test binary (the first Start or Binary call). The zero value is
// not usable: set Name, and EnvVar if a prebuilt binary may be named in the
// environment. A Tool must not be copied after first use.
type Tool struct {
	// Name is the tool's name for "go tool", e.g. "mailpit"; it also
	// prefixes the messages Start logs.
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

// Launch describes how Tool.Start runs one server.
type Launch struct {
	// Ports is how many distinct free ports on 127.0.0.1 to pick for each
	// attempt.
	Ports int
	// Prepare receives the ports picked for an attempt and returns the
	// command-line arguments and the readiness check for that attempt
	// (see Process.WaitReady).
	Prepare func(ports []int) (args []string, ready func() error)
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

// Start resolves the tool's binary (see Binary), then runs it as l
// describes and waits until it is ready. If the child exits reporting an
// address already in use (another process took a port between FreePorts and
// the child binding it), Start tries again with other ports, three attempts
// in all. A child that fails to become ready is stopped before Start
// returns the error, which names the binary and its arguments.
func (t *Tool) Start(logf func(string, ...any), l Launch) (*Process, error) {
	bin, err := t.Binary(logf)
	if err != nil {
		return nil, err
	}
	var lastErr error
	for attempt := 0; attempt < startAttempts; attempt++ {
		ports, err := FreePorts(l.Ports)
		if err != nil {
			return nil, err
		}
		args, ready := l.Prepare(ports)
		p, err := StartProcess(bin, args, l.DropEnv...)
		if err != nil {
			return nil, fmt.Errorf("starting %s: %v", bin, err)
		}
		err = p.WaitReady(l.Timeout, ready)
		if err == nil {
			return p, nil
		}
		p.Terminate(2 * time.Second)
		lastErr = fmt.Errorf("%s %s: %w", bin, strings.Join(args, " "), err)
		if !errors.Is(err, ErrAddrInUse) {
			break
		}
	}
	return nil, lastErr
}

// Shared holds one server of type S per test binary, for a package's
// Shared and Stop functions. The zero value is ready to use; a Shared must
// not be copied after first use.
type Shared[S any] struct {
	mu      sync.Mutex
	started bool // start has been called since the last Stop
	srv     S
	err     error
}

// Get returns the shared server, calling start on the first call (and on
// the first call after Stop). Calls are serialised, so concurrent callers
// wait for a start in progress. The result of start, error included, is
// kept: a failed start is not retried until Stop.
func (s *Shared[S]) Get(start func() (S, error)) (S, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started {
		s.srv, s.err = start()
		s.started = true
	}
	return s.srv, s.err
}

// Stop passes the shared server to stop, if one was started successfully,
// and forgets it and any kept error, so that a later Get starts a new one.
func (s *Shared[S]) Stop(stop func(S)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started && s.err == nil {
		stop(s.srv)
	}
	var zero S
	s.started, s.srv, s.err = false, zero, nil
}
