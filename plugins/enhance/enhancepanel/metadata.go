package enhancepanel

import (
	"context"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Name is the plugin's key; the binary is hostbase-provisioner-enhance.
const Name = "enhance"

// Version is the plugin's own version.
const Version = "0.1.0"

// The server config keys.
const (
	keyURL       = "url"
	keyAPIToken  = "api_token"
	keyOrgID     = "org_id"
	keyRateLimit = "rate_limit"
)

// The product config keys.
const (
	keyPlanID        = "plan_id"
	keyServerGroupID = "server_group_id"
)

// uuidPattern is how orchd writes organisation, server group and other ids.
const uuidPattern = `[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`

var serverSchema = []sdk.ConfigField{
	{Key: keyURL, Label: "Control panel URL", Type: sdk.FieldURL,
		Help: "The panel's address, e.g. https://cp.example.com (the API is under /api). The server's endpoint is used when empty."},
	{Key: keyAPIToken, Label: "API access token", Type: sdk.FieldText, Required: true, Secret: true,
		Help: "An access token of the master organisation (Settings → Access tokens), with the Super Admin role."},
	{Key: keyOrgID, Label: "Master organisation id", Type: sdk.FieldText, Required: true, Pattern: uuidPattern,
		Help: "The id of the organisation (the master organisation or a reseller) the customers are created under."},
	{Key: keyRateLimit, Label: "Requests per second", Type: sdk.FieldNumber, Default: "10", Min: sdk.Int64(1), Max: sdk.Int64(100),
		Help: "The most requests a second the plugin sends to this panel."},
}

var productSchema = []sdk.ConfigField{
	{Key: keyPlanID, Label: "Plan id", Type: sdk.FieldNumber, Required: true, Min: sdk.Int64(1),
		Help: "The id of the hosting plan (Packages) the customer is subscribed to."},
	{Key: keyServerGroupID, Label: "Server group id", Type: sdk.FieldText, Pattern: uuidPattern,
		Help: "The server group the website is placed in; Enhance's own placement rules when empty."},
}

// Metadata describes the plugin. Enhance has no power or reinstall actions
// for a customer's website, so ClientActions is not declared.
func (p *Provisioner) Metadata(context.Context) (sdk.Metadata, error) {
	return sdk.Metadata{
		Name:          Name,
		Version:       Version,
		DisplayName:   "Enhance",
		Description:   "Web hosting on an Enhance control panel: a customer organisation, its login, a subscription to a plan and the website.",
		ServerConfig:  serverSchema,
		ProductConfig: productSchema,
		Capabilities: sdk.Capabilities{CheckAvailability: true, Suspend: true, ChangePackage: true, ChangePassword: true,
			Usage: true, SingleSignOn: true, ListRemote: true},
	}, nil
}
