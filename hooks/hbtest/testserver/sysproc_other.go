//go:build !linux

package testserver

import "syscall"

// sysProcAttr returns nil: outside Linux there is no parent-death signal, so
// a test binary that dies without running its cleanups leaves the child
// running.
func sysProcAttr() *syscall.SysProcAttr { return nil }
