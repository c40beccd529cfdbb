//go:build !linux

package sdktest

import "os/exec"

// setDeathSignal does nothing where the kernel cannot tie a child's life
// to its parent's; t.Cleanup still kills the plugin.
func setDeathSignal(*exec.Cmd) {}
