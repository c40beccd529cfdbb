// Command hostbase-provisioner-synergycp is the SynergyCP provisioner
// plugin. Hostbase starts it; the provisioner itself is in package
// synergycppanel, so that tests can also run it in process.
package main

import (
	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/synergycp/synergycppanel"
)

func main() {
	sdk.Serve(synergycppanel.New(nil))
}
