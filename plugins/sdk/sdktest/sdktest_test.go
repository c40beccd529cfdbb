package sdktest

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// recorder is a T that keeps what a check reports instead of failing the
// test running it. Fatalf and Skipf end the check's goroutine, as they do
// on a *testing.T.
type recorder struct {
	mu       sync.Mutex
	errors   []string
	logs     []string
	skipped  string
	cleanups []func()
}

func (r *recorder) Helper() {}

func (r *recorder) Logf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Skipf(format string, args ...any) {
	r.mu.Lock()
	r.skipped = fmt.Sprintf(format, args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Cleanup(fn func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cleanups = append(r.cleanups, fn)
}

// record runs one check against p on its own goroutine and returns what it
// reported, after running its cleanups.
func record(check func(T, sdk.Provisioner, Panel), p sdk.Provisioner, panel Panel) *recorder {
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			for i := len(r.cleanups) - 1; i >= 0; i-- {
				r.cleanups[i]()
			}
		}()
		check(r, p, panel)
	}()
	<-done
	return r
}

func checkNamed(t *testing.T, name string) func(T, sdk.Provisioner, Panel) {
	t.Helper()
	for _, c := range Checks() {
		if c.Name == name {
			return c.Run
		}
	}
	t.Fatalf("no check named %q", name)
	return nil
}

func TestRunPassesCorrectPlugins(t *testing.T) {
	t.Run("every capability", func(t *testing.T) {
		f := newFake(allCaps())
		Run(t, f, f.panel())
	})
	t.Run("no optional capability", func(t *testing.T) {
		f := newFake(sdk.Capabilities{})
		Run(t, f, f.panel())
	})
	t.Run("Create pending for a while", func(t *testing.T) {
		f := newFake(allCaps())
		f.buildPolls = 3
		Run(t, f, f.panel())
	})
}

// TestChecksCatchBrokenPlugins runs each check against the fake with one
// bug switched on: the check must fail, saying why; the same check against
// the healthy fake must pass, so that the failure is the bug's doing.
func TestChecksCatchBrokenPlugins(t *testing.T) {
	cases := []struct {
		check string
		caps  sdk.Capabilities
		// polls is how long Create stays pending, healthy or not.
		polls int
		bugs  bugs
		want  string
	}{
		{"create_idempotent", allCaps(), 0, bugs{nonIdempotent: true}, "Create must find the resource tagged with the key"},
		{"create_concurrent", allCaps(), 0, bugs{nonIdempotent: true}, "different RemoteIDs"},
		{"create_concurrent", allCaps(), 0, bugs{racyCreate: true}, "claim the key atomically"},
		{"create_status", allCaps(), 0, bugs{pendingForever: true}, "still reports Pending"},
		{"create_status", allCaps(), 2, bugs{remoteIDChanges: true}, "must not change"},
		{"wrong_credentials", allCaps(), 0, bugs{acceptsWrongToken: true}, `with a wrong "token" succeeded`},
		{"wrong_credentials", allCaps(), 0, bugs{wrongTokenRetryable: true}, "failed as retryable"},
		{"test_connection", allCaps(), 0, bugs{emptyTestMessage: true}, "empty message"},
		{"terminate_twice", allCaps(), 0, bugs{terminateMissingFails: true}, "a second Terminate of the same service failed"},
		{"terminate_twice", allCaps(), 0, bugs{statusIgnoresRemoval: true}, `Status after Terminate says "running"`},
		{"terminate_never_created", allCaps(), 0, bugs{terminateMissingFails: true}, "Terminate of a service never created"},
		{"deleted_behind_back", allCaps(), 0, bugs{statusIgnoresRemoval: true}, "Status of a resource deleted on the panel says"},
		{"deleted_behind_back", allCaps(), 0, bugs{terminateMissingFails: true}, "Terminate of a resource deleted on the panel failed"},
		{"suspend_unsuspend", allCaps(), 0, bugs{suspendTwiceFails: true}, "a second Suspend"},
		{"undeclared_unsupported", sdk.Capabilities{}, 0, bugs{undeclaredSucceeds: true}, "is not declared in Capabilities but succeeded"},
		{"undeclared_unsupported", sdk.Capabilities{}, 0, bugs{undeclaredPanics: true}, "panicked"},
		{"usage", allCaps(), 0, bugs{negativeUsage: true}, "Usage.MemoryUsedBytes is -5"},
		{"single_sign_on", allCaps(), 0, bugs{relativeSSO: true}, "not an absolute http(s) URL"},
		{"single_sign_on", allCaps(), 0, bugs{expiredSSO: true}, "already past"},
		{"list_remote", allCaps(), 0, bugs{listWithoutKey: true}, "with IdempotencyKey \"\""},
		{"list_remote", allCaps(), 0, bugs{listKeepsRemoved: true}, "still lists"},
	}
	for _, c := range cases {
		t.Run(c.check+"/"+c.want, func(t *testing.T) {
			check := checkNamed(t, c.check)

			healthy := newFake(c.caps)
			healthy.buildPolls = c.polls
			if r := record(check, healthy, healthy.panel()); len(r.errors) > 0 || r.skipped != "" {
				t.Fatalf("against the healthy fake the check reported %q (skipped %q), want a pass", r.errors, r.skipped)
			}

			broken := newFake(c.caps)
			broken.buildPolls = c.polls
			broken.bugs = c.bugs
			r := record(check, broken, broken.panel())
			if len(r.errors) == 0 {
				t.Fatalf("the check passed a plugin with bug %+v (skipped %q, logs %q)", c.bugs, r.skipped, r.logs)
			}
			if !strings.Contains(strings.Join(r.errors, "\n"), c.want) {
				t.Errorf("the check failed the plugin with bug %+v saying %q, want it to say %q", c.bugs, r.errors, c.want)
			}
		})
	}
}

func TestMetadataCheckCatchesMisplacedSecretsAndInvalidConfig(t *testing.T) {
	f := newFake(allCaps())
	panel := f.panel()
	panel.Server.Config = map[string]string{"region": "eu", "token": "s3cret", "colour": "blue"}
	panel.Server.Credentials = map[string]string{"region": "eu"}
	panel.ProductConfig = map[string]string{"plan": "huge"}
	r := record(checkMetadata, f, panel)
	all := strings.Join(r.errors, "\n")
	for _, want := range []string{
		`field "token" is secret`,
		`Server.Credentials has "region"`,
		`colour: is not a setting of this plugin`,
		`plan: must be one of`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("metadata check reported %q, want it to mention %q", r.errors, want)
		}
	}
}

func TestChecksSkipWhatIsNotDeclaredOrNotGiven(t *testing.T) {
	f := newFake(sdk.Capabilities{})
	panel := f.panel()
	panel.DeleteBehindBack = nil
	for _, name := range []string{"suspend_unsuspend", "change_package", "usage", "single_sign_on", "list_remote", "deleted_behind_back"} {
		r := record(checkNamed(t, name), f, panel)
		if r.skipped == "" || len(r.errors) > 0 {
			t.Errorf("%s against a plugin without the capability: skipped %q, errors %q; want a skip", name, r.skipped, r.errors)
		}
	}
}

func TestChecksCleanUpWhatTheyCreate(t *testing.T) {
	f := newFake(allCaps())
	for _, c := range Checks() {
		record(c.Run, f, f.panel())
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for id, s := range f.servers {
		if !s.removed {
			t.Errorf("server %s (key %s) is left on the panel after the checks", id, s.key)
		}
	}
}
