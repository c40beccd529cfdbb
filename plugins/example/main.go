// Command hostbase-provisioner-example is the example provisioner plugin.
// Hostbase starts it; run by hand, it says so and exits. The provisioner
// itself is in package examplepanel, so that Hostbase's tests can also run
// it in process.
package main

import (
	"github.com/ezscale/hostbase/plugins/example/examplepanel"
	"github.com/ezscale/hostbase/plugins/sdk"
)

func main() {
	sdk.Serve(examplepanel.New(nil))
}
