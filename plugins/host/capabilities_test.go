package host

import (
	"reflect"
	"testing"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Every Provisioner method is either required of all plugins or gated by
// a capability, so a method added to the contract cannot slip past gating.
func TestEveryProvisionerMethodIsRequiredOrGated(t *testing.T) {
	required := map[string]bool{"Metadata": true, "TestConnection": true, "Create": true, "Terminate": true, "Status": true}
	methods := reflect.TypeFor[sdk.Provisioner]()
	for i := range methods.NumMethod() {
		name := methods.Method(i).Name
		_, gated := optionalMethods[name]
		if required[name] == gated {
			t.Errorf("%s: required %v, gated %v; want exactly one", name, required[name], gated)
		}
	}
	// Each capability unlocks only its own methods.
	for method, declared := range optionalMethods {
		if declared(sdk.Capabilities{}) {
			t.Errorf("%s allowed with no capability", method)
		}
		if err := refuseUndeclared("x", method, sdk.Capabilities{}); err == nil {
			t.Errorf("%s not refused with no capability", method)
		}
	}
	all := sdk.Capabilities{CheckAvailability: true, Suspend: true, ChangePackage: true, ChangePassword: true,
		Usage: true, ClientActions: true, SingleSignOn: true, ListRemote: true}
	for method := range optionalMethods {
		if err := refuseUndeclared("x", method, all); err != nil {
			t.Errorf("%s refused with every capability: %v", method, err)
		}
	}
}
