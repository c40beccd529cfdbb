package pteropanel

import (
	"context"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Version is the plugin's own version.
const Version = "0.1.0"

// Server config keys.
const (
	cfgURL       = "url"
	cfgAppKey    = "application_api_key"
	cfgClientKey = "client_api_key"
	cfgLocations = "location_ids"
	cfgRate      = "rate_limit_per_minute"
)

// Product config keys.
const (
	cfgNest        = "nest_id"
	cfgEgg         = "egg_id"
	cfgMemory      = "memory"
	cfgSwap        = "swap"
	cfgDisk        = "disk"
	cfgIO          = "io"
	cfgCPU         = "cpu"
	cfgDatabases   = "databases"
	cfgAllocations = "allocations"
	cfgBackups     = "backups"
	cfgImage       = "docker_image"
	cfgStartup     = "startup"
	cfgEnvironment = "environment"
)

var serverConfig = []sdk.ConfigField{
	{Key: cfgURL, Label: "Panel URL", Type: sdk.FieldURL,
		Help: "The panel's address, e.g. https://panel.example.com. Leave empty to use the server's endpoint."},
	{Key: cfgAppKey, Label: "Application API key", Type: sdk.FieldText, Required: true, Secret: true, Pattern: `ptla_[A-Za-z0-9]+`,
		Help: "An application API key (Admin → Application API) with read and write on users, servers, nodes, locations and nests."},
	{Key: cfgClientKey, Label: "Client API key (optional)", Type: sdk.FieldText, Secret: true, Pattern: `ptlc_[A-Za-z0-9]+`,
		Help: "A client API key of a root admin account (Account → API Credentials). Only the client API can start, stop and restart a server; without it the customer gets no power buttons."},
	{Key: cfgLocations, Label: "Location IDs", Type: sdk.FieldText, Pattern: `[0-9]+(,[0-9]+)*`,
		Help: "Comma-separated panel location ids to deploy into; empty means any location."},
	{Key: cfgRate, Label: "API requests per minute", Type: sdk.FieldNumber, Default: "220", Min: sdk.Int64(1), Max: sdk.Int64(100000),
		Help: "Kept below the panel's APP_API_APPLICATION_RATELIMIT (240 by default)."},
}

var productConfig = []sdk.ConfigField{
	{Key: cfgNest, Label: "Nest ID", Type: sdk.FieldNumber, Required: true, Min: sdk.Int64(1)},
	{Key: cfgEgg, Label: "Egg ID", Type: sdk.FieldNumber, Required: true, Min: sdk.Int64(1)},
	{Key: cfgMemory, Label: "Memory (MB)", Type: sdk.FieldNumber, Required: true, Min: sdk.Int64(0), Help: "0 is unlimited."},
	{Key: cfgSwap, Label: "Swap (MB)", Type: sdk.FieldNumber, Default: "0", Min: sdk.Int64(-1), Help: "-1 is unlimited, 0 none."},
	{Key: cfgDisk, Label: "Disk (MB)", Type: sdk.FieldNumber, Required: true, Min: sdk.Int64(0), Help: "0 is unlimited."},
	{Key: cfgIO, Label: "Block IO weight", Type: sdk.FieldNumber, Default: "500", Min: sdk.Int64(10), Max: sdk.Int64(1000)},
	{Key: cfgCPU, Label: "CPU limit (%)", Type: sdk.FieldNumber, Default: "100", Min: sdk.Int64(0), Help: "100 is one core; 0 is unlimited."},
	{Key: cfgDatabases, Label: "Databases", Type: sdk.FieldNumber, Default: "0", Min: sdk.Int64(0)},
	{Key: cfgAllocations, Label: "Allocations (ports)", Type: sdk.FieldNumber, Default: "1", Min: sdk.Int64(0)},
	{Key: cfgBackups, Label: "Backups", Type: sdk.FieldNumber, Default: "0", Min: sdk.Int64(0)},
	{Key: cfgImage, Label: "Docker image", Type: sdk.FieldText, Help: "Empty uses the egg's default image."},
	{Key: cfgStartup, Label: "Startup command", Type: sdk.FieldText, Help: "Empty uses the egg's startup command."},
	{Key: cfgEnvironment, Label: "Environment (JSON)", Type: sdk.FieldTextarea,
		Help: `A JSON object of egg variables over the egg's defaults, e.g. {"SERVER_JARFILE":"server.jar"}.`},
}

// Metadata describes the plugin. SingleSignOn is not declared: Pterodactyl
// has no login-link endpoint in core. ChangePassword is not declared: the
// password is the customer's panel account's, shared by all their servers.
func (p *Provisioner) Metadata(context.Context) (sdk.Metadata, error) {
	return sdk.Metadata{
		Name:          "pterodactyl",
		Version:       Version,
		DisplayName:   "Pterodactyl",
		Description:   "Game servers on a Pterodactyl panel, through its application API.",
		ServerConfig:  serverConfig,
		ProductConfig: productConfig,
		Capabilities: sdk.Capabilities{
			CheckAvailability: true,
			Suspend:           true,
			ChangePackage:     true,
			Usage:             true,
			ClientActions:     true,
			ListRemote:        true,
		},
	}, nil
}
