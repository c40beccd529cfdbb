//go:build linux

package host

import (
	"os"
	"syscall"
)

// sysProcAttr makes the kernel kill a plugin when Hostbase dies, even by
// SIGKILL (go-plugin alone leaves orphans then), and puts the plugin at the
// head of its own process group so that stopping it stops what it started.
// A terminal's Ctrl-C then reaches Hostbase only, which stops its plugins.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
}

// killGroup kills the plugin and its process group.
func killGroup(p *os.Process) {
	_ = syscall.Kill(-p.Pid, syscall.SIGKILL)
	_ = p.Kill()
}
