// Command hostbase-provisioner-enhance provisions web hosting on an Enhance
// control panel through its orchd API. Hostbase starts it; the provisioner
// itself is in package enhancepanel, so that tests can run it in process.
package main

import (
	"github.com/ezscale/hostbase/plugins/enhance/enhancepanel"
	"github.com/ezscale/hostbase/plugins/sdk"
)

func main() {
	sdk.Serve(enhancepanel.New(nil))
}
