package demo

import (
	"encoding/json"

	"github.com/ezscale/hostbase/collections"
)

// provExample is the example plugin, which keeps servers as files in a
// directory (plugins/example).
const provExample = "example"

// exampleAPIToken is the demo server's token: the example panel accepts
// any token unless its directory holds a .token file.
const exampleAPIToken = "demo-example-panel"

// examplePlans are the example plugin's settings for each Cloud VPS plan
// when Options.ExamplePanelDir is set: its schema's plan and memory, so
// that a plan looks like itself in the panel. The options chosen at order
// time add to them (RAM as memory_mb, which the plugin knows; the OS
// template id and IPv4 count, which it ignores).
var examplePlans = map[string]map[string]any{
	slugVPSS:       {"plan": "small", "memory_mb": 4096},
	"cloud-vps-m":  {"plan": "medium", "memory_mb": 8192},
	"cloud-vps-l":  {"plan": "large", "memory_mb": 16384},
	"cloud-vps-xl": {"plan": "large", "memory_mb": 32768},
}

// provisionedBy is the plugin and settings a product is seeded with: its
// own, or the example plugin's when the demo runs on the example panel.
func (s *seeder) provisionedBy(spec productSpec) (string, map[string]any) {
	if plan, ok := examplePlans[spec.slug]; ok && s.examplePanel != "" {
		return provExample, plan
	}
	return spec.provisioner, spec.config
}

// examplePanelStep creates, when the demo runs on the example panel, its
// server group and the one server pointing at the directory.
func (s *seeder) examplePanelStep() error {
	if s.examplePanel == "" {
		return nil
	}
	g, err := collections.NewServerGroup(s.app)
	if err != nil {
		return err
	}
	g.SetName("Example panel")
	g.SetDescription("The example plugin's panel: servers kept as files, for demos and tests")
	g.SetStrategy(collections.ServerGroupStrategyLeastFull)
	if err := s.save(g, "Example panel"); err != nil {
		return err
	}
	s.serverGroups[provExample] = g.Id

	creds, err := json.Marshal(map[string]string{"api_token": exampleAPIToken})
	if err != nil {
		return err
	}
	srv, err := collections.NewServer(s.app)
	if err != nil {
		return err
	}
	srv.SetName("example-1")
	srv.SetPlugin(provExample)
	srv.SetGroupID(g.Id)
	srv.SetEnabled(true)
	srv.SetConfig(map[string]any{"directory": s.examplePanel})
	srv.SetCredentials(string(creds))
	return s.save(srv, "example-1")
}
