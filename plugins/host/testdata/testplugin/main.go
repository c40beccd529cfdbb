// Command testplugin serves memprov as a plugin for the host's tests. Its
// name is "testplugin" unless linked with -X main.name=<other>.
package main

import (
	"os"

	"github.com/ezscale/hostbase/plugins/host/internal/memprov"
	"github.com/ezscale/hostbase/plugins/sdk"
)

var name = "testplugin"

func main() {
	// Written before Serve, so on the real stderr that go-plugin reads.
	sdk.Logger().Info("testplugin starting", "name", name)
	// A JSON line whose @message is not a string: go-plugin's own stderr
	// parser would panic on it (and take the host down); the host's must not.
	os.Stderr.WriteString(`{"@level":"info","@message":5}` + "\n")
	sdk.Serve(memprov.New(name))
}
