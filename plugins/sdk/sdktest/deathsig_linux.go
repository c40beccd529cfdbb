package sdktest

import (
	"os/exec"
	"syscall"
)

// setDeathSignal kills the plugin when the test binary dies, even by
// SIGKILL, so that an interrupted test leaves no orphan behind.
func setDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
