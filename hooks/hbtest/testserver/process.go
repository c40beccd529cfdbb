package testserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// FreePorts returns n distinct TCP ports that were free on 127.0.0.1 a
// moment ago. Another process can still take one before the child binds it;
// Tool.Start retries on "address already in use".
func FreePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// outputMax is how much of a child's output a Process keeps.
const outputMax = 64 << 10

// tailBuffer keeps the last max bytes written to it; safe for concurrent use.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) > b.max {
		b.buf = append([]byte(nil), b.buf[len(b.buf)-b.max:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

// Process is a running (or ended) child started by StartProcess.
type Process struct {
	cmd     *exec.Cmd
	output  *tailBuffer // combined stdout and stderr (last 64 KiB)
	done    chan struct{}
	waitErr error
	stop    sync.Once
}

// StartProcess starts bin with args, its stdout and stderr captured (see
// Output), and the test binary's environment minus every "NAME=value" entry
// that starts with one of dropPrefixes. On Linux the child gets SIGKILL when
// the test binary dies without running its cleanups (a panic, a -timeout,
// SIGKILL); elsewhere it outlives the test binary in that case.
func StartProcess(bin string, args []string, dropPrefixes ...string) (*Process, error) {
	cmd := exec.Command(bin, args...)
	for _, kv := range os.Environ() {
		drop := false
		for _, p := range dropPrefixes {
			if strings.HasPrefix(kv, p) {
				drop = true
			}
		}
		if !drop {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	p := &Process{cmd: cmd, output: &tailBuffer{max: outputMax}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.output, p.output
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		p.waitErr = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// Output returns what the child has written to stdout and stderr so far
// (the last 64 KiB), for diagnosing a failing test.
func (p *Process) Output() string { return p.output.String() }

// Exited reports whether the child has ended, and if so the error from
// waiting for it (nil for exit status 0).
func (p *Process) Exited() (bool, error) {
	select {
	case <-p.done:
		return true, p.waitErr
	default:
		return false, nil
	}
}

// Terminate asks the child to stop (SIGTERM), kills it if it has not
// exited within grace, and waits for it. Safe to call more than once and
// from several goroutines.
func (p *Process) Terminate(grace time.Duration) {
	p.stop.Do(func() {
		if ok, _ := p.Exited(); ok {
			return
		}
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
			return
		case <-time.After(grace):
		}
		_ = p.cmd.Process.Kill()
		<-p.done
	})
}

// ErrAddrInUse is wrapped by the error of WaitReady when the child exited
// and its output contains "address already in use", the cue for a retry
// with other ports.
var ErrAddrInUse = errors.New("address already in use")

// checkTimeout bounds each call of a readiness check.
const checkTimeout = time.Second

// WaitReady calls check every 25ms, each time with a context that ends
// after a second, until it returns nil, the child exits, or timeout passes.
// It returns nil once check succeeds; otherwise an error that includes the
// child's output (wrapping ErrAddrInUse if the child exited reporting an
// address in use). It does not stop the child.
func (p *Process) WaitReady(timeout time.Duration, check func(context.Context) error) error {
	deadline := time.Now().Add(timeout)
	var last error
	for {
		if ok, werr := p.Exited(); ok {
			out := p.output.String()
			if strings.Contains(out, ErrAddrInUse.Error()) {
				return fmt.Errorf("%w: exited (%v); output:\n%s", ErrAddrInUse, werr, out)
			}
			return fmt.Errorf("exited before it was ready (%v); output:\n%s", werr, out)
		}
		ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
		last = check(ctx)
		cancel()
		if last == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not ready after %s (last check: %v); output so far:\n%s", timeout, last, p.output.String())
		}
		time.Sleep(25 * time.Millisecond)
	}
}
