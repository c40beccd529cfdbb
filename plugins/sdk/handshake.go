package sdk

import plugin "github.com/hashicorp/go-plugin"

// ProtocolVersion is the version of the plugin contract
// (plugins/proto/provisioner.proto) this SDK speaks. It changes only when
// the contract changes incompatibly; Hostbase refuses a plugin built for
// another one, naming both.
const ProtocolVersion = 1

// PluginName is the name the provisioner is served under in go-plugin's
// plugin set.
const PluginName = "provisioner"

// BinaryPrefix starts the file name of every plugin executable:
// hostbase-provisioner-<name>.
const BinaryPrefix = "hostbase-provisioner-"

// Handshake is what host and plugin check before anything else: a program
// started without the cookie in its environment is not being run by
// Hostbase, and says so instead of hanging.
var Handshake = plugin.HandshakeConfig{
	ProtocolVersion:  ProtocolVersion,
	MagicCookieKey:   "HOSTBASE_PROVISIONER_PLUGIN",
	MagicCookieValue: "8c1f7e0b-hostbase-provisioner",
}
