// Command oldproto is a plugin built for a protocol version this Hostbase
// does not speak, to test that the host refuses it with a clear message.
package main

import (
	plugin "github.com/hashicorp/go-plugin"

	"github.com/ezscale/hostbase/plugins/host/internal/memprov"
	"github.com/ezscale/hostbase/plugins/sdk"
)

func main() {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: sdk.Handshake,
		VersionedPlugins: map[int]plugin.PluginSet{
			sdk.ProtocolVersion + 1: {sdk.PluginName: &sdk.GRPCPlugin{Impl: memprov.New("oldproto")}},
		},
		GRPCServer: plugin.DefaultGRPCServer,
	})
}
