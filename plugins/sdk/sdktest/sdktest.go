// Package sdktest is the conformance suite for Hostbase provisioner
// plugins. A plugin author runs it from a test against their plugin and a
// test panel (a sandbox account, a staging install, a local fake), in
// process or through the built binary:
//
//	func TestConformance(t *testing.T) {
//		p := sdktest.Launch(t, "bin/plugins/hostbase-provisioner-mypanel") // or mypanel.New()
//		sdktest.Run(t, p, sdktest.Panel{
//			Server:        sdk.Server{ID: "test", Name: "staging", Config: cfg, Credentials: creds},
//			ProductConfig: map[string]string{"plan": "small"},
//		})
//	}
//
// Each check is a subtest named after what it proves (create_idempotent,
// terminate_twice…), so `go test -run TestConformance/create_idempotent`
// runs one. Every check makes its own service with a fresh idempotency key
// and terminates it when done.
package sdktest

import (
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Panel is the test panel the suite provisions on.
type Panel struct {
	// Server is a server configured against the test panel, with its
	// non-secret settings in Config and its secret ones in Credentials, as
	// Hostbase sends them.
	Server sdk.Server
	// ProductConfig is a valid product config.
	ProductConfig map[string]string
	// ChangedProductConfig, if set, is used to test ChangePackage (when the
	// capability is declared).
	ChangedProductConfig map[string]string
	// DeleteBehindBack, if set, deletes a remote resource directly on the
	// panel (not through the plugin), to test that Status reports missing
	// and Terminate succeeds.
	DeleteBehindBack func(remoteID string) error

	// CallTimeout bounds each call to the plugin; 1 minute when zero.
	CallTimeout time.Duration
	// PollInterval is the wait between polls of a pending Create, action
	// or Status; 500 ms when zero.
	PollInterval time.Duration
	// PollTimeout bounds how long anything may stay pending; 5 minutes
	// when zero. A panel that builds slowly needs more.
	PollTimeout time.Duration
}

func (p Panel) withDefaults() Panel {
	if p.CallTimeout <= 0 {
		p.CallTimeout = time.Minute
	}
	if p.PollInterval <= 0 {
		p.PollInterval = 500 * time.Millisecond
	}
	if p.PollTimeout <= 0 {
		p.PollTimeout = 5 * time.Minute
	}
	return p
}

// T is the part of *testing.T a check uses. It is an interface so that
// the suite's own tests can record what a check reports about a broken
// plugin.
type T interface {
	Helper()
	Logf(format string, args ...any)
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Skipf(format string, args ...any)
	Cleanup(func())
}

// Check is one conformance check.
type Check struct {
	// Name is the subtest's name, e.g. "create_idempotent".
	Name string
	// Run checks p against panel, reporting to t.
	Run func(t T, p sdk.Provisioner, panel Panel)
}

// Checks returns every check, in the order Run runs them.
func Checks() []Check {
	return []Check{
		{"metadata", checkMetadata},
		{"test_connection", checkTestConnection},
		{"wrong_credentials", checkWrongCredentials},
		{"create_status", checkCreateStatus},
		{"create_idempotent", checkCreateIdempotent},
		{"create_concurrent", checkCreateConcurrent},
		{"check_availability", checkAvailability},
		{"suspend_unsuspend", checkSuspendUnsuspend},
		{"change_package", checkChangePackage},
		{"change_password", checkChangePassword},
		{"usage", checkUsage},
		{"client_actions", checkClientActions},
		{"single_sign_on", checkSingleSignOn},
		{"list_remote", checkListRemote},
		{"undeclared_unsupported", checkUndeclaredUnsupported},
		{"terminate_twice", checkTerminateTwice},
		{"terminate_never_created", checkTerminateNeverCreated},
		{"deleted_behind_back", checkDeletedBehindBack},
	}
}

// Run runs every check against p as a subtest of t. The checks run one
// after another, so that a test panel sees one service at a time (five at
// once in create_concurrent).
func Run(t *testing.T, p sdk.Provisioner, panel Panel) {
	t.Helper()
	for _, c := range Checks() {
		t.Run(c.Name, func(t *testing.T) { c.Run(t, p, panel) })
	}
}
