// Command hostbase-provisioner-virtfusion provisions VPSes on a VirtFusion
// control server. Hostbase starts it; run by hand, it says so and exits.
// The provisioner itself is in package virtfusionpanel, so that tests can
// run it in process.
package main

import (
	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/virtfusion/virtfusionpanel"
)

func main() {
	sdk.Serve(virtfusionpanel.New(nil))
}
