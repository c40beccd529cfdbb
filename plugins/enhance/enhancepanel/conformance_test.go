package enhancepanel

import (
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/enhance/internal/fakeenhance"
	"github.com/ezscale/hostbase/plugins/sdk/sdktest"
)

// TestConformance runs Hostbase's conformance suite against the plugin in
// process and the fake panel.
func TestConformance(t *testing.T) {
	f := fakeenhance.New(t)
	sdktest.Run(t, quiet(), sdktest.Panel{
		Server:               serverFor(f),
		ProductConfig:        map[string]string{keyPlanID: "1", keyServerGroupID: fakeenhance.ServerGroup},
		ChangedProductConfig: map[string]string{keyPlanID: "2"},
		DeleteBehindBack:     f.DeleteBehindBack,
		PollInterval:         10 * time.Millisecond,
	})
	if left := f.Customers(); len(left) != 0 {
		t.Errorf("the suite left customer organisations behind: %v", left)
	}
	if left := f.Websites(); len(left) != 0 {
		t.Errorf("the suite left websites behind: %v", left)
	}
}
