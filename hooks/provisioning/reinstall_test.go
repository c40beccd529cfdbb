package provisioning_test

import (
	"testing"
)

// A reinstall makes a new root password; the panel returns it with the
// action's answer and the service keeps it (sealed) instead of the old one,
// so the client area shows the password that works.
func TestAReinstallsNewPasswordReplacesTheOldOne(t *testing.T) {
	w := newWorld(t)
	svc := w.activeService(t, w.bob)
	before := w.credentials(t, svc)["root_password"]
	code, body := w.app.Do(t, "POST", "/api/hb/services/"+svc+"/actions/reinstall", w.bobTok, map[string]any{"params": map[string]string{"os": "ubuntu-24.04"}})
	if code != 200 {
		t.Fatalf("reinstall: %d %s", code, body)
	}
	after := w.credentials(t, svc)
	panel := w.panelServer(t, svc)["root_password"]
	if after["root_password"] == before || after["root_password"] != panel || len(after) != 1 {
		t.Fatalf("after the reinstall the service holds %v (was %q), the panel %v", after, before, panel)
	}
}
