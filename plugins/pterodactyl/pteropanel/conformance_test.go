package pteropanel_test

import (
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/pterodactyl/internal/fakeptero"
	"github.com/ezscale/hostbase/plugins/pterodactyl/pteropanel"
	"github.com/ezscale/hostbase/plugins/sdk/sdktest"
)

// TestConformance runs the SDK's suite in process against the fake panel.
func TestConformance(t *testing.T) {
	pn := fakeptero.New(t)
	sdktest.Run(t, pteropanel.New(nil), sdktest.Panel{
		Server:               server(pn),
		ProductConfig:        productConfig(),
		ChangedProductConfig: changedProductConfig(),
		DeleteBehindBack:     pn.DeleteBehindBack,
		PollInterval:         5 * time.Millisecond,
		PollTimeout:          5 * time.Second,
	})
}
