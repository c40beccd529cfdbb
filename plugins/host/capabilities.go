package host

import (
	"fmt"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// optionalMethods maps each optional Provisioner method to the capability
// that declares it. The others (Metadata, TestConnection, Create,
// Terminate, Status) every plugin must implement.
var optionalMethods = map[string]func(sdk.Capabilities) bool{
	"CheckAvailability": func(c sdk.Capabilities) bool { return c.CheckAvailability },
	"Suspend":           func(c sdk.Capabilities) bool { return c.Suspend },
	"Unsuspend":         func(c sdk.Capabilities) bool { return c.Suspend },
	"ChangePackage":     func(c sdk.Capabilities) bool { return c.ChangePackage },
	"ChangePassword":    func(c sdk.Capabilities) bool { return c.ChangePassword },
	"Usage":             func(c sdk.Capabilities) bool { return c.Usage },
	"ClientActions":     func(c sdk.Capabilities) bool { return c.ClientActions },
	"RunClientAction":   func(c sdk.Capabilities) bool { return c.ClientActions },
	"SingleSignOn":      func(c sdk.Capabilities) bool { return c.SingleSignOn },
	"ListRemote":        func(c sdk.Capabilities) bool { return c.ListRemote },
}

// refuseUndeclared returns an unsupported error, matching
// errors.Is(err, sdk.ErrUnsupported), when method is optional and the
// plugin does not declare it; the plugin is then not called at all.
func refuseUndeclared(plugin, method string, caps sdk.Capabilities) error {
	declared, optional := optionalMethods[method]
	if !optional || declared(caps) {
		return nil
	}
	return &sdk.Error{Kind: sdk.KindUnsupported, Err: sdk.ErrUnsupported,
		Message: fmt.Sprintf("plugin %s does not declare %s in its capabilities", plugin, method)}
}
