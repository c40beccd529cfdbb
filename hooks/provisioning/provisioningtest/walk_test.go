package provisioningtest_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/provisioning/provisioningtest"
)

func TestMain(m *testing.M) { hbtest.Main(m) }

// The walk itself, with the example plugin: its panel is a directory, read
// here file by file.
func TestTheExamplePluginWalksThroughAServicesLife(t *testing.T) {
	panel := t.TempDir()
	provisioningtest.Run(t, provisioningtest.Walk{
		PluginsDir:    provisioningtest.BuildPlugin(t, "github.com/ezscale/hostbase/plugins/example", "example"),
		Plugin:        "example",
		Config:        map[string]any{"directory": panel},
		Credentials:   map[string]string{"api_token": "walk-token"},
		ProductConfig: map[string]any{"plan": "small"},
		Hostname:      "walk.example.test",
		State: func(remoteID string) string {
			raw, err := os.ReadFile(filepath.Join(panel, remoteID+".json"))
			if errors.Is(err, fs.ErrNotExist) {
				return "missing"
			}
			if err != nil {
				t.Fatal(err)
			}
			var server struct {
				State string `json:"state"`
			}
			if err := json.Unmarshal(raw, &server); err != nil {
				t.Fatal(err)
			}
			return server.State
		},
	})
}
