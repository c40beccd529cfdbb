package virtfusionpanel_test

import (
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk/sdktest"
	"github.com/ezscale/hostbase/plugins/virtfusion/internal/fakevirtfusion"
)

// TestConformance runs the SDK's conformance suite in process against the
// fake control server, with builds that take a few polls.
func TestConformance(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 2)
	sdktest.Run(t, newPlugin(), sdktest.Panel{
		Server:               serverFor(panel),
		ProductConfig:        productConfig(fakevirtfusion.PackageSmall),
		ChangedProductConfig: productConfig(fakevirtfusion.PackageLarge),
		DeleteBehindBack:     panel.DeleteBehindBack,
		PollInterval:         5 * time.Millisecond,
		PollTimeout:          10 * time.Second,
		CallTimeout:          10 * time.Second,
	})
}
