package synergycppanel

import (
	"testing"

	"github.com/ezscale/hostbase/plugins/sdk/sdktest"
)

// TestConformance runs the SDK's conformance suite in process against the
// fake panel.
func TestConformance(t *testing.T) {
	f := stock(t, 8)
	sdktest.Run(t, newTestProvisioner(), sdktest.Panel{
		Server:           serverFor(f),
		ProductConfig:    productConfig(),
		DeleteBehindBack: f.Delete,
	})
}
