package examplepanel

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ezscale/hostbase/plugins/sdk/sdktest"
)

// TestConformance runs Hostbase's conformance suite against the plugin in
// process, on a directory of its own.
func TestConformance(t *testing.T) {
	srv, dir := newPanel(t, map[string]string{keySSOBaseURL: "https://panel.example.test/"})
	sdktest.Run(t, quiet(), sdktest.Panel{
		Server:               srv,
		ProductConfig:        map[string]string{keyPlan: "small", keyMemoryMB: "1024", keyOS: "debian-12"},
		ChangedProductConfig: map[string]string{keyPlan: "large", keyMemoryMB: "8192", keyOS: "debian-12"},
		DeleteBehindBack: func(remoteID string) error {
			return os.Remove(filepath.Join(dir, remoteID+".json"))
		},
	})
	if left := serverFiles(t, dir); len(left) != 0 {
		t.Errorf("the suite left servers behind: %v", left)
	}
}
