package testserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as the child: with helperEnv set it runs the
// helper named by its first argument instead of the tests.
const helperEnv = "TESTSERVER_TEST_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		helper(os.Args[1:])
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// helper is the child's side: "serve PORT" answers HTTP on 127.0.0.1:PORT
// after printing TESTSERVER_TEST_SECRET; "addrinuse" and "fail" exit at
// once with a message; "hang" does nothing and ignores SIGTERM.
func helper(args []string) {
	switch args[0] {
	case "serve":
		fmt.Printf("secret=%q\n", os.Getenv("TESTSERVER_TEST_SECRET"))
		l, err := net.Listen("tcp", "127.0.0.1:"+args[1])
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		http.Serve(l, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	case "addrinuse":
		fmt.Fprintln(os.Stderr, "listen tcp 127.0.0.1:1: bind: address already in use")
		os.Exit(1)
	case "fail":
		fmt.Fprintln(os.Stderr, "boom")
		os.Exit(2)
	case "hang":
		signal.Ignore(syscall.SIGTERM)
		fmt.Println("hanging")
		time.Sleep(time.Minute)
	}
}

// helperTool returns a Tool whose binary is this test binary (through its
// EnvVar), with the environment set to make it act as the helper.
func helperTool(t *testing.T) *Tool {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TESTSERVER_TEST_BIN", exe)
	t.Setenv(helperEnv, "1")
	return &Tool{Name: "helper", EnvVar: "TESTSERVER_TEST_BIN"}
}

type server struct {
	port int
	proc *Process
}

func (s *server) ready(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:"+strconv.Itoa(s.port), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// launch runs the helper with args (a "PORT" argument is replaced by the
// picked port), counting the attempts in *attempts.
func launch(args []string, attempts *int) Launch[*server] {
	return Launch[*server]{
		Ports: 1,
		New: func(ports []int) (*server, []string) {
			*attempts++
			s := &server{port: ports[0]}
			var a []string
			for _, arg := range args {
				if arg == "PORT" {
					arg = strconv.Itoa(s.port)
				}
				a = append(a, arg)
			}
			return s, a
		},
		Ready:   (*server).ready,
		Started: func(s *server, p *Process) { s.proc = p },
		DropEnv: []string{"TESTSERVER_TEST_SECRET="},
		Timeout: 10 * time.Second,
	}
}

func TestFreePorts(t *testing.T) {
	ports, err := FreePorts(5)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, p := range ports {
		if p <= 0 || p > 65535 || seen[p] {
			t.Fatalf("FreePorts(5) = %v: want 5 distinct ports", ports)
		}
		seen[p] = true
	}
	if len(ports) != 5 {
		t.Fatalf("FreePorts(5) = %v", ports)
	}
	if ports, err := FreePorts(0); err != nil || len(ports) != 0 {
		t.Fatalf("FreePorts(0) = %v, %v", ports, err)
	}
}

func TestRepoRoot(t *testing.T) {
	// The package directory (the working directory of a test) is
	// hooks/hbtest/testserver below the root.
	want, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	check := func() {
		t.Helper()
		root, err := RepoRoot()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(root, "tools", "go.mod")); err != nil {
			t.Fatalf("RepoRoot() = %s: %v", root, err)
		}
		a, _ := os.Stat(root)
		b, _ := os.Stat(want)
		if !os.SameFile(a, b) {
			t.Fatalf("RepoRoot() = %s, want %s", root, want)
		}
	}
	check() // from the package directory
	// From outside the repository it falls back to this source file's
	// directory, which it knows unless built with -trimpath.
	if _, file, _, ok := runtime.Caller(0); !ok || !filepath.IsAbs(file) {
		t.Skip("no absolute source path (-trimpath)")
	}
	t.Chdir(t.TempDir())
	check()
}

func TestToolBinaryFromEnv(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TESTSERVER_TEST_BIN", exe)
	if p, took, err := ToolBinary("no-such-tool", "TESTSERVER_TEST_BIN"); err != nil || p != exe || took != 0 {
		t.Errorf("ToolBinary with the variable set = %q, %s, %v; want %q", p, took, err, exe)
	}
	missing := filepath.Join(t.TempDir(), "missing")
	t.Setenv("TESTSERVER_TEST_BIN", missing)
	if _, _, err := ToolBinary("no-such-tool", "TESTSERVER_TEST_BIN"); err == nil || !strings.Contains(err.Error(), "TESTSERVER_TEST_BIN="+missing) {
		t.Errorf("ToolBinary with a missing file: %v", err)
	}
}

func TestTailBuffer(t *testing.T) {
	b := &tailBuffer{max: 8}
	b.Write([]byte("hello "))
	b.Write([]byte("world"))
	if got := b.String(); got != "lo world" {
		t.Errorf("tail %q, want %q", got, "lo world")
	}
}

func TestStart(t *testing.T) {
	tool := helperTool(t)
	t.Setenv("TESTSERVER_TEST_SECRET", "leaked")
	attempts := 0
	s, err := Start(tool, t.Logf, launch([]string{"serve", "PORT"}, &attempts))
	if err != nil {
		t.Fatal(err)
	}
	defer s.proc.Terminate(5 * time.Second)
	if attempts != 1 || s.proc == nil {
		t.Fatalf("%d attempts, process %v", attempts, s.proc)
	}
	if out := s.proc.Output(); !strings.Contains(out, `secret=""`) {
		t.Errorf("the dropped variable reached the child: %q", out)
	}
	s.proc.Terminate(5 * time.Second)
	if ok, err := s.proc.Exited(); !ok || err == nil {
		t.Errorf("after Terminate: exited %v (%v), want a SIGTERM exit", ok, err)
	}
	s.proc.Terminate(5 * time.Second) // a second call is a no-op
}

func TestStartRetriesOnAddrInUse(t *testing.T) {
	tool := helperTool(t)
	attempts := 0
	_, err := Start(tool, t.Logf, launch([]string{"addrinuse"}, &attempts))
	if !errors.Is(err, ErrAddrInUse) || attempts != startAttempts {
		t.Errorf("%d attempts, error %v; want %d and ErrAddrInUse", attempts, err, startAttempts)
	}

	attempts = 0
	_, err = Start(tool, t.Logf, launch([]string{"fail"}, &attempts))
	if err == nil || errors.Is(err, ErrAddrInUse) || attempts != 1 || !strings.Contains(err.Error(), "boom") {
		t.Errorf("%d attempts, error %v; want one attempt and the child's output", attempts, err)
	}
}

func TestWaitReadyTimeoutAndKill(t *testing.T) {
	helperTool(t)
	exe, _ := os.Executable()
	p, err := StartProcess(exe, []string{"hang"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Terminate(0)
	var deadlines int
	err = p.WaitReady(100*time.Millisecond, func(ctx context.Context) error {
		if _, ok := ctx.Deadline(); ok {
			deadlines++
		}
		return errors.New("not yet")
	})
	if err == nil || !strings.Contains(err.Error(), "not ready after 100ms (last check: not yet)") || deadlines == 0 {
		t.Errorf("WaitReady: %v (%d checks with a deadline)", err, deadlines)
	}
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(p.Output(), "hanging"); { // SIGTERM is ignored from here on
		if time.Now().After(deadline) {
			t.Fatalf("the helper did not start: %q", p.Output())
		}
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	p.Terminate(200 * time.Millisecond)
	if ok, _ := p.Exited(); !ok || time.Since(start) < 200*time.Millisecond {
		t.Errorf("Terminate returned after %s, exited %v; want a kill after the grace period", time.Since(start), ok)
	}
}

// fakeTB records a Fatalf instead of failing the real test.
type fakeTB struct {
	testing.TB
	msg string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit() // as t.Fatalf does
}

// call runs f with a fakeTB and returns what it failed with, if anything.
func call(t *testing.T, f func(testing.TB)) string {
	ft := &fakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(ft)
	}()
	<-done
	return ft.msg
}

func TestServers(t *testing.T) {
	var closed []int
	servers := Servers[*int]{Name: "thing", Close: func(n *int) { closed = append(closed, *n) }}
	next := 0
	start := func() (*int, error) { next++; n := next; return &n, nil }

	t.Run("Start", func(t *testing.T) {
		if n := servers.Start(t, start); *n != 1 {
			t.Errorf("Start made %d", *n)
		}
	})
	if fmt.Sprint(closed) != "[1]" {
		t.Fatalf("closed %v after the test, want [1]", closed)
	}
	if a, b := servers.Shared(t, start), servers.Shared(t, start); a != b || *a != 2 {
		t.Fatalf("Shared made %d and %d, want 2 twice", *a, *b)
	}
	servers.Stop()
	servers.Stop()
	if fmt.Sprint(closed) != "[1 2]" {
		t.Fatalf("closed %v after Stop, want [1 2]", closed)
	}
	if n := servers.Shared(t, start); *n != 3 {
		t.Fatalf("Shared after Stop made %d, want 3", *n)
	}
	servers.Stop()

	fails := 0
	bad := func() (*int, error) { fails++; return nil, errors.New("no luck") }
	for i := 0; i < 2; i++ {
		if msg := call(t, func(tb testing.TB) { servers.Shared(tb, bad) }); msg != "thing (shared): no luck" {
			t.Errorf("Shared failed with %q", msg)
		}
	}
	if msg := call(t, func(tb testing.TB) { servers.Start(tb, bad) }); msg != "thing: no luck" {
		t.Errorf("Start failed with %q", msg)
	}
	servers.Stop()
	if fails != 2 || fmt.Sprint(closed) != "[1 2 3]" {
		t.Errorf("%d failed starts (want 2: Shared keeps its error), closed %v", fails, closed)
	}
}
