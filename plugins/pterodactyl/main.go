// Command hostbase-provisioner-pterodactyl provisions game servers on a
// Pterodactyl panel through its application API. The provisioner itself is
// in package pteropanel, so that tests can run it in process.
package main

import (
	"github.com/ezscale/hostbase/plugins/pterodactyl/pteropanel"
	"github.com/ezscale/hostbase/plugins/sdk"
)

func main() {
	sdk.Serve(pteropanel.New(nil))
}
