package synergycppanel

import (
	"context"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Name is the plugin's key: its directory and binary are named after it.
const Name = "synergycp"

// Version is the plugin's own version.
const Version = "0.1.0"

// The server config keys.
const (
	keyURL       = "url"
	keyAPIKey    = "api_key"
	keyTimeout   = "timeout_seconds"
	keyRateLimit = "requests_per_second"
)

// The product config keys. Each *_billing value is a SynergyCP "billing
// ID", the SKU-like string staff give a part or option on the panel
// (e.g. "E3-1230", "16GB", "1TB-HDD", "LOC-LA1").
const (
	keyCPU        = "cpu_billing"
	keyMemory     = "mem_billing"
	keyDisks      = "disks_billing"
	keyAddons     = "addons_billing"
	keyLocation   = "ip_group_billing"
	keyIPs        = "ips_billing"
	keyOS         = "pxe_profile_billing"
	keyPortSpeed  = "port_speed_billing"
	keyBandwidth  = "max_bandwidth"
	keyAccessPXE  = "access_pxe"
	keyAccessIPMI = "access_ipmi"
	keyAccessSw   = "access_switch"
)

var serverSchema = []sdk.ConfigField{
	{Key: keyURL, Label: "API URL", Type: sdk.FieldURL,
		Help: "The SynergyCP API, e.g. https://api.example.com (the host usually starts with api.). Empty: the server's endpoint."},
	{Key: keyAPIKey, Label: "API key", Type: sdk.FieldText, Required: true, Secret: true,
		Help: "An administrator API key created on SynergyCP (System > API Keys)."},
	{Key: keyTimeout, Label: "Timeout (seconds)", Type: sdk.FieldNumber, Default: "30", Min: sdk.Int64(1), Max: sdk.Int64(300),
		Help: "How long one HTTP request to the panel may take."},
	{Key: keyRateLimit, Label: "Requests per second", Type: sdk.FieldNumber, Default: "5", Min: sdk.Int64(1), Max: sdk.Int64(100),
		Help: "The most requests this plugin sends the panel a second. SynergyCP documents no limit; 5 leaves room for its own users."},
}

var productSchema = []sdk.ConfigField{
	{Key: keyCPU, Label: "CPU billing ID", Type: sdk.FieldText, Required: true,
		Help: "The CPU part's billing ID; only servers with this CPU are allocated."},
	{Key: keyMemory, Label: "Memory billing ID", Type: sdk.FieldText,
		Help: "The memory part's billing ID, e.g. 16GB. Empty: any memory."},
	{Key: keyDisks, Label: "Disk billing IDs", Type: sdk.FieldText,
		Help: "Comma-separated disk billing IDs, one per drive, e.g. 1TB-HDD,1TB-HDD. Empty: any disks."},
	{Key: keyAddons, Label: "Add-on billing IDs", Type: sdk.FieldText,
		Help: "Comma-separated add-on part billing IDs."},
	{Key: keyLocation, Label: "Location (IP group billing ID)", Type: sdk.FieldText, Required: true,
		Help: "The IP group's billing ID, which is how SynergyCP names a location, e.g. LOC-LA1."},
	{Key: keyIPs, Label: "IPv4 allocation billing ID", Type: sdk.FieldText,
		Help: "The billing ID of the IP allocation to assign, e.g. /29. Empty: none requested."},
	{Key: keyOS, Label: "OS (PXE profile billing ID)", Type: sdk.FieldText,
		Help: "The PXE profile installed on the server. Empty: no install."},
	{Key: keyPortSpeed, Label: "Port speed billing ID", Type: sdk.FieldText},
	{Key: keyBandwidth, Label: "Bandwidth limit", Type: sdk.FieldText,
		Help: "Sent as billing.max_bandwidth, in the panel's own notation."},
	{Key: keyAccessPXE, Label: "Client may use PXE", Type: sdk.FieldBool, Default: "true"},
	{Key: keyAccessIPMI, Label: "Client may use IPMI", Type: sdk.FieldBool, Default: "true",
		Help: "Also needed for the power buttons in the client area."},
	{Key: keyAccessSw, Label: "Client may use the switch port", Type: sdk.FieldBool, Default: "true"},
}

// Metadata describes the plugin. SynergyCP allocates hardware rather than
// making it, so there is no ChangePackage (another server would be another
// service) and no ChangePassword (the root password is set by an OS
// install).
func (p *Provisioner) Metadata(context.Context) (sdk.Metadata, error) {
	return sdk.Metadata{
		Name:        Name,
		Version:     Version,
		DisplayName: "SynergyCP",
		Description: "Dedicated servers from a SynergyCP inventory: allocates a free server matching the product, " +
			"suspends through the client's access, and wipes it back into stock on termination.",
		ServerConfig:  serverSchema,
		ProductConfig: productSchema,
		Capabilities: sdk.Capabilities{CheckAvailability: true, Suspend: true, Usage: true, ClientActions: true,
			SingleSignOn: true, ListRemote: true},
	}, nil
}
