package testserver

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// toolBuildTimeout bounds the one-off compilation of a tool binary when it
// is not in the build cache yet (mailpit takes over a minute cold on two
// cores, stripe-mock about half a minute).
const toolBuildTimeout = 15 * time.Minute

// RepoRoot returns the repository root: the nearest directory holding
// tools/go.mod, searching upward from the working directory (a test's
// package directory) and then from this source file's directory.
func RepoRoot() (string, error) {
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

// ToolBinary returns the path of the compiled tool named name from
// tools/go.mod, compiling it into the Go build cache if needed, and how long
// that took. If the environment variable envVar is set (and envVar is not
// empty), it names a prebuilt binary to use instead, which must exist.
func ToolBinary(name, envVar string) (path string, took time.Duration, err error) {
	if p := os.Getenv(envVar); envVar != "" && p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", 0, fmt.Errorf("%s=%s: %v", envVar, p, err)
		}
		return p, 0, nil
	}
	root, err := RepoRoot()
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
