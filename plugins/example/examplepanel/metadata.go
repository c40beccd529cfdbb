package examplepanel

import (
	"context"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Name is the plugin's key. Hostbase finds the plugin by its binary's name,
// hostbase-provisioner-example, so the two must agree.
const Name = "example"

// Version is the plugin's own version.
const Version = "1.0.0"

// The server config keys.
const (
	keyDirectory  = "directory"
	keyAPIToken   = "api_token"
	keyMaxServers = "max_servers"
	keyBuildMS    = "build_ms"
	keySSOBaseURL = "sso_base_url"
)

// The product config keys.
const (
	keyPlan     = "plan"
	keyMemoryMB = "memory_mb"
	keyOS       = "os"
)

var serverSchema = []sdk.ConfigField{
	{Key: keyDirectory, Label: "Directory", Type: sdk.FieldText, Required: true,
		Help: "Absolute path of the directory the servers are kept in, one JSON file each. It must exist."},
	{Key: keyAPIToken, Label: "API token", Type: sdk.FieldText, Required: true, Secret: true,
		Help: "Must equal the contents of <directory>/.token when that file exists; any token otherwise."},
	{Key: keyMaxServers, Label: "Maximum servers", Type: sdk.FieldNumber, Default: "0", Min: sdk.Int64(0),
		Help: "How many servers the directory may hold; 0 for no limit."},
	{Key: keyBuildMS, Label: "Build time (ms)", Type: sdk.FieldNumber, Default: "0", Min: sdk.Int64(0), Max: sdk.Int64(600_000),
		Help: "How long Create takes to build a server, simulated."},
	{Key: keySSOBaseURL, Label: "Panel URL", Type: sdk.FieldURL,
		Help: "Where single sign-on links point; http://127.0.0.1/example-panel when empty."},
}

// osOptions are the OS templates, for the product and for reinstall.
var osOptions = []sdk.Option{
	{Value: "debian-12", Label: "Debian 12"},
	{Value: "ubuntu-24.04", Label: "Ubuntu 24.04 LTS"},
	{Value: "almalinux-9", Label: "AlmaLinux 9"},
}

var productSchema = []sdk.ConfigField{
	{Key: keyPlan, Label: "Plan", Type: sdk.FieldSelect, Required: true, Default: "small",
		Options: []sdk.Option{{Value: "small", Label: "Small (1 vCPU)"}, {Value: "medium", Label: "Medium (2 vCPU)"},
			{Value: "large", Label: "Large (4 vCPU)"}}},
	{Key: keyMemoryMB, Label: "Memory (MB)", Type: sdk.FieldNumber, Default: "1024", Min: sdk.Int64(512), Max: sdk.Int64(65536)},
	{Key: keyOS, Label: "Operating system", Type: sdk.FieldSelect, Default: "debian-12", Options: osOptions},
}

// Metadata describes the plugin. It declares every capability: a plugin
// declares only what its panel can do, and embeds sdk.Unsupported for the
// rest.
func (p *Provisioner) Metadata(context.Context) (sdk.Metadata, error) {
	return sdk.Metadata{
		Name:          Name,
		Version:       Version,
		DisplayName:   "Example panel",
		Description:   "Keeps servers as JSON files in a directory: the plugin to copy, and a panel for tests.",
		ServerConfig:  serverSchema,
		ProductConfig: productSchema,
		Capabilities: sdk.Capabilities{CheckAvailability: true, Suspend: true, ChangePackage: true, ChangePassword: true,
			Usage: true, ClientActions: true, SingleSignOn: true, ListRemote: true},
	}, nil
}
