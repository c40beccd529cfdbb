package sdk

import (
	"os"

	"github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
)

// Serve runs impl as a plugin until Hostbase stops it. Call it from main and
// nothing after it. Run by hand (without Hostbase's handshake in the
// environment) it prints that it is a plugin and exits.
func Serve(impl Provisioner) {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig:  Handshake,
		VersionedPlugins: VersionedPlugins(impl),
		GRPCServer:       plugin.DefaultGRPCServer,
		Logger:           Logger(),
	})
}

// Logger returns the logger a plugin writes to: JSON lines on stderr, which
// Hostbase reads into its own log under the plugin's name.
func Logger() hclog.Logger {
	return hclog.New(&hclog.LoggerOptions{Output: os.Stderr, JSONFormat: true, Level: hclog.Debug})
}
