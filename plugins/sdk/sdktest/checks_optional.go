package sdktest

import (
	"context"
	"net/url"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// maxSSOLifetime is the longest a single sign-on link may live: it logs
// whoever holds it into the panel.
const maxSSOLifetime = 24 * time.Hour

// checkAvailability: CheckAvailability answers, and a "no" says why.
func checkAvailability(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	if !s.meta.Capabilities.CheckAvailability {
		t.Skipf("CheckAvailability is not declared")
	}
	req := sdk.AvailabilityRequest{Server: s.server(), ProductConfig: s.panel.ProductConfig, CallKey: newKey("sdktest-call")}
	a, err := call(s, "CheckAvailability", func(ctx context.Context) (sdk.Availability, error) { return p.CheckAvailability(ctx, req) })
	if err != nil {
		t.Fatalf("CheckAvailability with the panel's ProductConfig failed: %v", err)
	}
	if !a.Available && a.Reason == "" {
		t.Errorf("CheckAvailability said not available without a Reason: the buyer is shown it")
	}
	if a.Remaining < -1 {
		t.Errorf("CheckAvailability reported Remaining %d: want -1 (unknown) or a count ≥ 0", a.Remaining)
	}
	if a.Available && a.Remaining == 0 {
		t.Errorf("CheckAvailability said available with Remaining 0: report -1 when the count is unknown")
	}
}

// checkUsage: every Usage quantity is Unreported or a real amount.
func checkUsage(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	if !s.meta.Capabilities.Usage {
		t.Skipf("Usage is not declared")
	}
	svc := s.newService()
	s.mustCreate(&svc)
	req := s.request(svc, newKey("sdktest-call"))
	u, err := call(s, "Usage", func(ctx context.Context) (sdk.Usage, error) { return p.Usage(ctx, req) })
	if err != nil {
		t.Fatalf("Usage of a running service failed: %v", err)
	}
	quantities := []struct {
		name string
		v    int64
	}{
		{"DiskUsedBytes", u.DiskUsedBytes}, {"DiskLimitBytes", u.DiskLimitBytes},
		{"MemoryUsedBytes", u.MemoryUsedBytes}, {"MemoryLimitBytes", u.MemoryLimitBytes},
		{"BandwidthUsedBytes", u.BandwidthUsedBytes}, {"BandwidthLimitBytes", u.BandwidthLimitBytes},
		{"CPUPermille", u.CPUPermille},
	}
	zeros := 0
	for _, q := range quantities {
		if q.v < 0 && q.v != sdk.Unreported {
			t.Errorf("Usage.%s is %d: want sdk.Unreported (-1) or an amount ≥ 0", q.name, q.v)
		}
		if q.v == 0 {
			zeros++
		}
	}
	if zeros == len(quantities) {
		t.Logf("every Usage quantity is 0: if the panel does not report them, start from sdk.NoUsage() so that they read Unreported")
	}
	if u.CollectedAt.After(time.Now().Add(time.Hour)) {
		t.Errorf("Usage.CollectedAt is %s, in the future", u.CollectedAt)
	}
}

// checkClientActions: the listed actions have keys, labels and sound
// parameters.
func checkClientActions(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	if !s.meta.Capabilities.ClientActions {
		t.Skipf("ClientActions is not declared")
	}
	svc := s.newService()
	s.mustCreate(&svc)
	req := s.request(svc, newKey("sdktest-call"))
	actions, err := call(s, "ClientActions", func(ctx context.Context) ([]sdk.ClientAction, error) { return p.ClientActions(ctx, req) })
	if err != nil {
		t.Fatalf("ClientActions of a running service failed: %v", err)
	}
	if len(actions) == 0 {
		t.Logf("ClientActions of a running service lists none")
	}
	seen := map[string]bool{}
	for i, a := range actions {
		switch {
		case a.Key == "":
			t.Errorf("client action %d (%q) has no Key", i, a.Label)
		case seen[a.Key]:
			t.Errorf("client action %q is listed twice", a.Key)
		}
		seen[a.Key] = true
		if a.Label == "" {
			t.Errorf("client action %q has no Label: the client area shows it", a.Key)
		}
		params := map[string]bool{}
		for j, f := range a.Params {
			switch {
			case f.Key == "":
				t.Errorf("client action %q: parameter %d has no Key", a.Key, j)
			case params[f.Key]:
				t.Errorf("client action %q: parameter %q appears twice", a.Key, f.Key)
			case f.Type == sdk.FieldSelect && len(f.Options) == 0:
				t.Errorf("client action %q: parameter %q is a select without options", a.Key, f.Key)
			}
			params[f.Key] = true
		}
	}
}

// checkSingleSignOn: the link is an absolute http(s) URL that expires
// soon, but not before it can be used.
func checkSingleSignOn(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	if !s.meta.Capabilities.SingleSignOn {
		t.Skipf("SingleSignOn is not declared")
	}
	svc := s.newService()
	s.mustCreate(&svc)
	req := s.request(svc, newKey("sdktest-call"))
	sso, err := call(s, "SingleSignOn", func(ctx context.Context) (sdk.SingleSignOn, error) { return p.SingleSignOn(ctx, req) })
	if err != nil {
		t.Fatalf("SingleSignOn of a running service failed: %v", err)
	}
	u, err := url.Parse(sso.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		t.Errorf("SingleSignOn URL %q is not an absolute http(s) URL: the customer's browser is sent to it", sso.URL)
	}
	now := time.Now()
	switch {
	case sso.ExpiresAt.IsZero():
		t.Errorf("SingleSignOn has no ExpiresAt: say when the link stops working")
	case !sso.ExpiresAt.After(now):
		t.Errorf("SingleSignOn link expires at %s, already past", sso.ExpiresAt)
	case sso.ExpiresAt.After(now.Add(maxSSOLifetime)):
		t.Errorf("SingleSignOn link expires at %s, more than %s from now: a login link must be short-lived", sso.ExpiresAt, maxSSOLifetime)
	}
}

// checkListRemote: what Create made is listed with its idempotency key,
// and is gone from the list after Terminate.
func checkListRemote(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	if !s.meta.Capabilities.ListRemote {
		t.Skipf("ListRemote is not declared")
	}
	svc := s.newService()
	s.mustCreate(&svc)
	list, err := s.listRemote()
	if err != nil {
		t.Fatalf("ListRemote failed: %v", err)
	}
	var found *sdk.RemoteResource
	for i := range list {
		if list[i].RemoteID == svc.RemoteID {
			found = &list[i]
		}
	}
	switch {
	case found == nil:
		t.Errorf("ListRemote does not list RemoteID %q, which Create just made (it lists %d resources)", svc.RemoteID, len(list))
	case found.IdempotencyKey != svc.IdempotencyKey:
		t.Errorf("ListRemote lists %q with IdempotencyKey %q, want %q: report the tag Create put on it, "+
			"so that Hostbase can match remote resources to services", svc.RemoteID, found.IdempotencyKey, svc.IdempotencyKey)
	case found.State == sdk.StateMissing:
		t.Errorf("ListRemote lists %q as missing, though it exists", svc.RemoteID)
	}

	if _, err := s.action("Terminate", svc); err != nil {
		t.Fatalf("Terminate failed: %v", err)
	}
	s.waitState(svc, true, sdk.StateMissing, "Terminate")
	list, err = s.listRemote()
	if err != nil {
		t.Fatalf("ListRemote after Terminate failed: %v", err)
	}
	for _, r := range list {
		if (r.RemoteID == svc.RemoteID || r.IdempotencyKey == svc.IdempotencyKey) && r.State != sdk.StateMissing {
			t.Errorf("ListRemote still lists %q (key %q, %s) after Terminate", r.RemoteID, r.IdempotencyKey, r.State)
		}
	}
}

// checkUndeclaredUnsupported: each optional method the plugin does not
// declare answers KindUnsupported, neither succeeding nor panicking.
func checkUndeclaredUnsupported(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	svc := s.madeUpService()
	caps := s.meta.Capabilities
	action := func(method string) func() error {
		return func() error { _, err := s.action(method, svc); return err }
	}
	optional := []struct {
		declared bool
		method   string
		call     func() error
	}{
		{caps.CheckAvailability, "CheckAvailability", func() error {
			req := sdk.AvailabilityRequest{Server: s.server(), ProductConfig: s.panel.ProductConfig, CallKey: newKey("sdktest-call")}
			_, err := call(s, "CheckAvailability", func(ctx context.Context) (sdk.Availability, error) { return p.CheckAvailability(ctx, req) })
			return err
		}},
		{caps.Suspend, "Suspend", action("Suspend")},
		{caps.Suspend, "Unsuspend", action("Unsuspend")},
		{caps.ChangePackage, "ChangePackage", action("ChangePackage")},
		{caps.ChangePassword, "ChangePassword", func() error {
			req := sdk.ChangePasswordRequest{ServiceRequest: s.request(svc, newKey("sdktest-call")), Password: "Sdk-" + newKey("Pw9")}
			_, err := call(s, "ChangePassword", func(ctx context.Context) (sdk.ActionResult, error) { return p.ChangePassword(ctx, req) })
			return err
		}},
		{caps.Usage, "Usage", func() error {
			req := s.request(svc, newKey("sdktest-call"))
			_, err := call(s, "Usage", func(ctx context.Context) (sdk.Usage, error) { return p.Usage(ctx, req) })
			return err
		}},
		{caps.ClientActions, "ClientActions", func() error {
			req := s.request(svc, newKey("sdktest-call"))
			_, err := call(s, "ClientActions", func(ctx context.Context) ([]sdk.ClientAction, error) { return p.ClientActions(ctx, req) })
			return err
		}},
		{caps.ClientActions, "RunClientAction", func() error {
			req := sdk.ClientActionRequest{ServiceRequest: s.request(svc, newKey("sdktest-call")), Action: "reboot"}
			_, err := call(s, "RunClientAction", func(ctx context.Context) (sdk.ActionResult, error) { return p.RunClientAction(ctx, req) })
			return err
		}},
		{caps.SingleSignOn, "SingleSignOn", func() error {
			req := s.request(svc, newKey("sdktest-call"))
			_, err := call(s, "SingleSignOn", func(ctx context.Context) (sdk.SingleSignOn, error) { return p.SingleSignOn(ctx, req) })
			return err
		}},
		{caps.ListRemote, "ListRemote", func() error { _, err := s.listRemote(); return err }},
	}
	tried := 0
	for _, o := range optional {
		if o.declared {
			continue
		}
		tried++
		err := o.call()
		switch {
		case err == nil:
			t.Errorf("%s is not declared in Capabilities but succeeded: declare it, or return sdk.ErrUnsupported "+
				"(embed sdk.Unsupported) — Hostbase never calls an undeclared method, so it would never be used", o.method)
		case sdk.KindOf(err) != sdk.KindUnsupported:
			t.Errorf("%s is not declared in Capabilities and failed as %s (%v), want %s: return sdk.ErrUnsupported "+
				"(embed sdk.Unsupported)", o.method, sdk.KindOf(err), err, sdk.KindUnsupported)
		}
	}
	if tried == 0 {
		t.Skipf("every optional capability is declared")
	}
}
