package virtfusionpanel

import (
	"context"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Name is the plugin's key; the binary is hostbase-provisioner-virtfusion.
const Name = "virtfusion"

// Version is the plugin's own version.
const Version = "0.1.0"

// The server config keys.
const (
	keyURL             = "url"
	keyAPIToken        = "api_token"
	keyHypervisorGroup = "hypervisor_group_id"
	keyRateLimit       = "requests_per_minute"
)

// The product config keys.
const (
	keyPackageID  = "package_id"
	keyTemplateID = "os_template_id"
	keyIPv4       = "ipv4"
	keyMemoryMB   = "memory_mb"
	keyCPUCores   = "cpu_cores"
	keyStorageGB  = "storage_gb"
	keyTrafficGB  = "traffic_gb"
)

var serverSchema = []sdk.ConfigField{
	{Key: keyURL, Label: "Control server URL", Type: sdk.FieldURL,
		Help: "The VirtFusion control server, e.g. https://cp.example.com (the API is under /api/v1). " +
			"The server's endpoint is used when this is empty."},
	{Key: keyAPIToken, Label: "API token", Type: sdk.FieldText, Required: true, Secret: true,
		Help: "A token from Configuration → API in VirtFusion's admin area."},
	{Key: keyHypervisorGroup, Label: "Hypervisor group ID", Type: sdk.FieldNumber, Required: true, Min: sdk.Int64(1),
		Help: "The hypervisor group new servers are placed in (VirtFusion picks the hypervisor)."},
	{Key: keyRateLimit, Label: "Requests per minute", Type: sdk.FieldNumber, Default: "120", Min: sdk.Int64(1), Max: sdk.Int64(100000),
		Help: "The plugin's own ceiling on calls to the panel; keep it under the rate limit set on the API token."},
}

var productSchema = []sdk.ConfigField{
	{Key: keyPackageID, Label: "Package ID", Type: sdk.FieldNumber, Required: true, Min: sdk.Int64(1),
		Help: "The VirtFusion server package (resources and limits)."},
	{Key: keyTemplateID, Label: "OS template ID", Type: sdk.FieldNumber, Required: true, Min: sdk.Int64(1),
		Help: "The operating system template the server is built with."},
	{Key: keyIPv4, Label: "IPv4 addresses", Type: sdk.FieldNumber, Default: "1", Min: sdk.Int64(0), Max: sdk.Int64(64)},
	{Key: keyMemoryMB, Label: "Memory (MB)", Type: sdk.FieldNumber, Min: sdk.Int64(128),
		Help: "Overrides the package's memory when set."},
	{Key: keyCPUCores, Label: "CPU cores", Type: sdk.FieldNumber, Min: sdk.Int64(1), Max: sdk.Int64(512),
		Help: "Overrides the package's CPU cores when set."},
	{Key: keyStorageGB, Label: "Storage (GB)", Type: sdk.FieldNumber, Min: sdk.Int64(1),
		Help: "Overrides the package's primary storage when set."},
	{Key: keyTrafficGB, Label: "Traffic (GB)", Type: sdk.FieldNumber, Min: sdk.Int64(0),
		Help: "Overrides the package's monthly traffic when set; 0 is unlimited."},
}

// Metadata describes the plugin and declares what VirtFusion lets it do.
func (p *Provisioner) Metadata(context.Context) (sdk.Metadata, error) {
	return sdk.Metadata{
		Name:          Name,
		Version:       Version,
		DisplayName:   "VirtFusion",
		Description:   "Creates and manages KVM VPSes on a VirtFusion control server through its REST API.",
		ServerConfig:  serverSchema,
		ProductConfig: productSchema,
		Capabilities: sdk.Capabilities{CheckAvailability: true, Suspend: true, ChangePackage: true,
			Usage: true, ClientActions: true, SingleSignOn: true, ListRemote: true},
	}, nil
}
