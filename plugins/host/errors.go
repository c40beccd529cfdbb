package host

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	goplugin "github.com/hashicorp/go-plugin"

	"github.com/ezscale/hostbase/plugins/sdk"
)

const (
	// ReasonPluginUnusable marks a plugin executable that cannot serve:
	// not a Hostbase plugin, another protocol version, a wrong checksum,
	// a name or metadata that does not fit. Staff must replace it.
	ReasonPluginUnusable = "plugin_unusable"
	// ReasonPluginNotFound marks a plugin name with no executable.
	ReasonPluginNotFound = "plugin_not_found"
)

// errClosed answers calls after Close: retryable, as the job can run again
// once Hostbase is back.
var errClosed = &sdk.Error{Kind: sdk.KindRetryable, Message: "the plugin host is shutting down"}

// unusable is the error for a plugin staff must replace or rebuild.
func unusable(format string, args ...any) *sdk.Error {
	return &sdk.Error{Kind: sdk.KindInvalidConfig, Reason: ReasonPluginUnusable, Message: fmt.Sprintf(format, args...)}
}

func notFound(name, dir string) *sdk.Error {
	return &sdk.Error{Kind: sdk.KindInvalidConfig, Reason: ReasonPluginNotFound,
		Message: fmt.Sprintf("plugin %q not found: no executable %s%s in %s", name, sdk.BinaryPrefix, name, dir)}
}

// pluginVersionRE reads the plugin's version out of go-plugin's refusal
// ("incompatible API version with plugin. Plugin version: 2, Client
// versions: [1]"), which carries it in no other form.
var pluginVersionRE = regexp.MustCompile(`incompatible API version with plugin\. Plugin version: (\d+)`)

// startError turns go-plugin's failure to start a plugin into a message a
// person can act on.
func startError(name, path string, err error) error {
	if errors.Is(err, goplugin.ErrChecksumsDoNotMatch) {
		return unusable("plugin %s: %s does not match its configured sha256 checksum; reinstall the plugin or update the checksum", name, path)
	}
	if m := pluginVersionRE.FindStringSubmatch(err.Error()); m != nil {
		return unusable("plugin %s speaks protocol %s, this Hostbase speaks %d; rebuild the plugin against plugins/sdk of this version",
			name, m[1], sdk.ProtocolVersion)
	}
	detail := strings.Join(strings.Fields(err.Error()), " ")
	if strings.Contains(detail, "timeout while waiting for plugin to start") {
		detail = "no handshake before the start timeout"
	}
	return unusable("plugin %s (%s) is not a working Hostbase plugin: %s; it must be built with plugins/sdk and call sdk.Serve",
		name, path, detail)
}
