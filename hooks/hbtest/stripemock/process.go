package stripemock

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
)

// This file holds the process plumbing: locating the repository, resolving
// the tool binary through tools/go.mod, picking ports, and running and
// stopping the child. mailpit has its own copy (both packages stay
// standard-library only and independent of each other).

// toolBuildTimeout bounds the one-off compilation of the tool binary when it
// is not in the build cache yet (about half a minute cold on two cores).
const toolBuildTimeout = 15 * time.Minute

// repoRoot returns the directory holding tools/go.mod, searching upward from
// the working directory (a test's package directory) and then from this
// source file's directory.
func repoRoot() (string, error) {
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		starts = append(starts, filepath.Dir(file))
	}
	for _, dir := range starts {
		for {
			if _, err := os.Stat(filepath.Join(dir, "tools", "go.mod")); err == nil {
				return dir, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return "", fmt.Errorf("cannot find the repository root (a directory holding tools/go.mod) above %v", starts)
}

// toolBinary returns the path of the compiled tool named name from
// tools/go.mod, compiling it into the Go build cache if needed. envVar, if
// set in the environment, names a prebuilt binary to use instead.
func toolBinary(name, envVar string) (path string, took time.Duration, err error) {
	if p := os.Getenv(envVar); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", 0, fmt.Errorf("%s=%s: %v", envVar, p, err)
		}
		return p, 0, nil
	}
	root, err := repoRoot()
	if err != nil {
		return "", 0, err
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", 0, fmt.Errorf("the go command is needed to build %s: %v", name, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), toolBuildTimeout)
	defer cancel()
	start := time.Now()
	// "go tool -n" builds the tool into the build cache (if not there yet)
	// and prints the cached executable's path instead of running it. It runs
	// inside tools/ (the same binary as "go tool -modfile=tools/go.mod" from
	// the root), so that a vendor/ directory or go.work at the root cannot
	// interfere.
	toolsDir := filepath.Join(root, "tools")
	cmd := exec.CommandContext(ctx, goBin, "tool", "-modfile="+filepath.Join(toolsDir, "go.mod"), "-n", name)
	cmd.Dir = toolsDir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	took = time.Since(start)
	if err != nil {
		return "", took, fmt.Errorf("go tool -modfile=tools/go.mod -n %s (in %s) failed after %s: %v\n%s",
			name, toolsDir, took.Round(time.Millisecond), err, strings.TrimSpace(stderr.String()))
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	p := strings.TrimSpace(lines[len(lines)-1])
	if _, err := os.Stat(p); err != nil {
		return "", took, fmt.Errorf("go tool -n %s printed %q, which is not a file: %v", name, p, err)
	}
	return p, took, nil
}

// freePorts returns n distinct TCP ports that were free on 127.0.0.1 a moment
// ago. Another process can still take one before the child binds it; callers
// retry on "address already in use".
func freePorts(n int) ([]int, error) {
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

// process is a running child.
type process struct {
	cmd     *exec.Cmd
	output  *tailBuffer // combined stdout and stderr (last 64 KiB)
	done    chan struct{}
	waitErr error
	stop    sync.Once
}

// startProcess starts bin with args and an environment from which every
// variable with one of dropPrefixes is removed.
func startProcess(bin string, args []string, dropPrefixes ...string) (*process, error) {
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
	p := &process{cmd: cmd, output: &tailBuffer{max: 64 << 10}, done: make(chan struct{})}
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

// exited reports whether the process has ended, and how.
func (p *process) exited() (bool, error) {
	select {
	case <-p.done:
		return true, p.waitErr
	default:
		return false, nil
	}
}

// terminate asks the process to stop (SIGTERM), kills it if it has not
// exited within grace, and waits for it. Safe to call more than once.
func (p *process) terminate(grace time.Duration) {
	p.stop.Do(func() {
		if ok, _ := p.exited(); ok {
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

// errAddrInUse is matched against the child's output to decide on a retry
// with other ports.
var errAddrInUse = errors.New("address already in use")

// waitReady calls check until it returns nil, the process exits, or timeout
// passes.
func (p *process) waitReady(timeout time.Duration, check func() error) error {
	deadline := time.Now().Add(timeout)
	var last error
	for {
		if ok, werr := p.exited(); ok {
			out := p.output.String()
			if strings.Contains(out, errAddrInUse.Error()) {
				return fmt.Errorf("%w: exited (%v); output:\n%s", errAddrInUse, werr, out)
			}
			return fmt.Errorf("exited before it was ready (%v); output:\n%s", werr, out)
		}
		if last = check(); last == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not ready after %s (last check: %v); output so far:\n%s", timeout, last, p.output.String())
		}
		time.Sleep(25 * time.Millisecond)
	}
}
