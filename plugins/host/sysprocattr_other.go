//go:build !linux

package host

import (
	"os"
	"syscall"
)

// sysProcAttr has no parent-death signal to set outside Linux: there a
// Hostbase killed by SIGKILL can leave its plugins running.
func sysProcAttr() *syscall.SysProcAttr { return nil }

// killGroup kills the plugin process.
func killGroup(p *os.Process) { _ = p.Kill() }
