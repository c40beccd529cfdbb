// Package sdk is what a Go author imports to write a Hostbase provisioner
// plugin: a program that makes, suspends and ends services on a hosting
// panel (VirtFusion, Pterodactyl, a home-grown API…) when Hostbase asks.
//
// A plugin implements Provisioner, embedding Unsupported for the methods its
// panel cannot do, and hands it to Serve from main:
//
//	type panel struct{ sdk.Unsupported }
//
//	func (panel) Metadata(context.Context) (sdk.Metadata, error) { … }
//	func (panel) Create(ctx context.Context, r sdk.ServiceRequest) (sdk.CreateResult, error) { … }
//	…
//
//	func main() { sdk.Serve(panel{}) }
//
// Built as hostbase-provisioner-<name> into Hostbase's plugins directory, it
// is started by Hostbase as a child process and called over gRPC
// (hashicorp/go-plugin). Every call carries the server's settings and
// credentials and the service: a plugin keeps no state of its own.
//
// Failures are typed (Retryable, Permanent, InvalidConfig, NotFound) so that
// Hostbase knows whether to try again. Package sdktest is a conformance
// suite to run against a plugin and a test panel.
package sdk
