package sdktest

import (
	"context"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// checkSuspendUnsuspend: Suspend and Unsuspend each succeed twice in a row
// (the second finds the service already there), and Status follows.
func checkSuspendUnsuspend(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	if !s.meta.Capabilities.Suspend {
		t.Skipf("Suspend is not declared (undeclared_unsupported checks that it answers Unsupported)")
	}
	svc := s.newService()
	s.mustCreate(&svc)
	for _, step := range []struct {
		method string
		want   sdk.State
	}{{"Suspend", sdk.StateSuspended}, {"Unsuspend", sdk.StateRunning}} {
		pending := false
		for i := range 2 {
			res, err := s.action(step.method, svc)
			if err != nil {
				if i == 1 {
					t.Fatalf("a second %s of the same service failed: %v (it must succeed when the service already is %s)",
						step.method, err, step.want)
				}
				t.Fatalf("%s failed: %v", step.method, err)
			}
			pending = pending || res.Pending
		}
		s.waitState(svc, pending, step.want, "two "+step.method+"s")
	}
}

// checkChangePackage: ChangePackage to another product config succeeds,
// twice, and the service keeps running.
func checkChangePackage(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	if !s.meta.Capabilities.ChangePackage {
		t.Skipf("ChangePackage is not declared (undeclared_unsupported checks that it answers Unsupported)")
	}
	if s.panel.ChangedProductConfig == nil {
		t.Skipf("Panel.ChangedProductConfig is not set: set it to a second valid product config to test ChangePackage")
	}
	svc := s.newService()
	s.mustCreate(&svc)
	svc.ProductConfig = s.panel.ChangedProductConfig
	pending := false
	for i := range 2 {
		res, err := s.action("ChangePackage", svc)
		if err != nil {
			if i == 1 {
				t.Fatalf("a second ChangePackage to the same config failed: %v (it must succeed when the service already has it)", err)
			}
			t.Fatalf("ChangePackage to ChangedProductConfig failed: %v", err)
		}
		pending = pending || res.Pending
	}
	s.waitState(svc, pending, sdk.StateRunning, "ChangePackage")
}

// checkChangePassword: ChangePassword succeeds, and again with the same
// password.
func checkChangePassword(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	if !s.meta.Capabilities.ChangePassword {
		t.Skipf("ChangePassword is not declared (undeclared_unsupported checks that it answers Unsupported)")
	}
	svc := s.newService()
	s.mustCreate(&svc)
	password := "Sdk-" + newKey("Pw9")
	for i := range 2 {
		req := sdk.ChangePasswordRequest{ServiceRequest: s.request(svc, newKey("sdktest-call")), Password: password}
		if _, err := call(s, "ChangePassword", func(ctx context.Context) (sdk.ActionResult, error) { return p.ChangePassword(ctx, req) }); err != nil {
			if i == 1 {
				t.Fatalf("a second ChangePassword to the same password failed: %v", err)
			}
			t.Fatalf("ChangePassword failed: %v", err)
		}
	}
}

// checkTerminateTwice: after Terminate, Status says missing (or NotFound),
// and a second Terminate succeeds.
func checkTerminateTwice(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	svc := s.newService()
	s.mustCreate(&svc)
	res, err := s.action("Terminate", svc)
	if err != nil {
		t.Fatalf("Terminate failed: %v", err)
	}
	s.waitState(svc, res.Pending, sdk.StateMissing, "Terminate")
	if _, err := s.action("Terminate", svc); err != nil {
		t.Errorf("a second Terminate of the same service failed: %v (Terminate of a missing resource must succeed: "+
			"Hostbase retries a Terminate whose answer it lost)", err)
	}
}

// checkTerminateNeverCreated: Status of a service the panel never had says
// missing, and Terminate of it succeeds, whether Hostbase knows a RemoteID
// or only the idempotency key (a Create that never answered).
func checkTerminateNeverCreated(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	madeUp := s.madeUpService()
	keyOnly := s.newService()
	for _, c := range []struct {
		what string
		svc  sdk.Service
	}{{"a made-up RemoteID " + madeUp.RemoteID, madeUp}, {"no RemoteID (a Create that never answered)", keyOnly}} {
		state, err := s.stateOf(c.svc)
		switch {
		case err != nil:
			t.Errorf("Status of a service never created, with %s, failed: %v (want StateMissing or a NotFound error)", c.what, err)
		case state != sdk.StateMissing:
			t.Errorf("Status of a service never created, with %s, says %q, want %q", c.what, state, sdk.StateMissing)
		}
		if _, err := s.action("Terminate", c.svc); err != nil {
			t.Errorf("Terminate of a service never created, with %s, failed: %v (it must succeed: there is nothing to remove)", c.what, err)
		}
	}
}

// checkDeletedBehindBack: a resource deleted on the panel directly shows
// as missing, and Terminate of it succeeds.
func checkDeletedBehindBack(t T, p sdk.Provisioner, panel Panel) {
	s := begin(t, p, panel)
	if s.panel.DeleteBehindBack == nil {
		t.Skipf("Panel.DeleteBehindBack is not set")
	}
	svc := s.newService()
	s.mustCreate(&svc)
	if err := s.panel.DeleteBehindBack(svc.RemoteID); err != nil {
		t.Fatalf("Panel.DeleteBehindBack(%q) failed: %v", svc.RemoteID, err)
	}
	state, err := s.stateOf(svc)
	switch {
	case err != nil:
		t.Errorf("Status of a resource deleted on the panel failed: %v (want StateMissing or a NotFound error, "+
			"which is how Hostbase notices a vanished service)", err)
	case state != sdk.StateMissing:
		t.Errorf("Status of a resource deleted on the panel says %q, want %q", state, sdk.StateMissing)
	}
	if _, err := s.action("Terminate", svc); err != nil {
		t.Errorf("Terminate of a resource deleted on the panel failed: %v (it must succeed)", err)
	}
}
